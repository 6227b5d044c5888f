import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing

@Suite struct FingerprintKeyTests {
    /// Returns the bytes 0x00...0x1f as a fingerprint key, sealed and opened the way the store keeps it.
    static func knownKey(identity: AgeIdentity) throws -> FingerprintKey {
        let secret = (0..<32).map { UInt8($0) }
        let sealed = try secret.withUnsafeBytes { try KeyCell.seal(SecretBytes(copying: $0), to: [identity.recipient]) }
        return try FingerprintKey.open(sealed, with: [identity])
    }

    /// Expected values from Python's `hmac.new(bytes(range(32)), key, hashlib.sha256).hexdigest()`.
    @Test func fingerprintIsHMACSHA256InLowerHex() throws {
        let key = try Self.knownKey(identity: AgeIdentity.generate())

        #expect(key.fingerprint(ofKeyText: "W269N-WFGWX-YVC9B-4J6C9-T83GX")
            == "fad820919f9e25574e14f7b10d8e8662f0abc6808379dd5593d71f5711fcadb0")
        #expect(key.fingerprint(ofKeyText: "") == "d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb")
    }

    struct TrimCase: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    static let sameAsTrimmed: [TrimCase] = [
        TrimCase(name: "trailing newline", text: "W269N-WFGWX-YVC9B-4J6C9-T83GX\n"),
        TrimCase(name: "CRLF", text: "W269N-WFGWX-YVC9B-4J6C9-T83GX\r\n"),
        TrimCase(name: "spaces and tab", text: "  W269N-WFGWX-YVC9B-4J6C9-T83GX\t "),
        TrimCase(name: "no-break space", text: "\u{00A0}W269N-WFGWX-YVC9B-4J6C9-T83GX\u{00A0}"),
    ]

    /// White space around a key is left out, as the import trims it.
    @Test(arguments: sameAsTrimmed) func surroundingWhitespaceIgnored(_ trimCase: TrimCase) throws {
        let key = try Self.knownKey(identity: AgeIdentity.generate())

        #expect(key.fingerprint(ofKeyText: trimCase.text)
            == "fad820919f9e25574e14f7b10d8e8662f0abc6808379dd5593d71f5711fcadb0")
    }

    @Test func innerWhitespaceAndCaseCount() throws {
        let key = try Self.knownKey(identity: AgeIdentity.generate())
        let plain = key.fingerprint(ofKeyText: "W269N-WFGWX-YVC9B-4J6C9-T83GX")

        #expect(key.fingerprint(ofKeyText: "W269N WFGWX-YVC9B-4J6C9-T83GX") != plain)
        #expect(key.fingerprint(ofKeyText: "w269n-wfgwx-yvc9b-4j6c9-t83gx") != plain)
    }

    @Test func fingerprintOfDecryptedCellMatchesText() throws {
        let identity = try AgeIdentity.generate()
        let key = try FingerprintKey.generate()
        let cell = try KeyCell.seal("KEY-ABC-1\n", to: [identity.recipient])

        #expect(key.fingerprint(of: try KeyCell.open(cell, with: [identity])) == key.fingerprint(ofKeyText: "KEY-ABC-1"))
    }

    @Test func keysGiveDifferentFingerprints() throws {
        let first = try FingerprintKey.generate()
        let second = try FingerprintKey.generate()

        #expect(first.fingerprint(ofKeyText: "KEY-1") != second.fingerprint(ofKeyText: "KEY-1"))
        #expect(!first.hasSameSecret(as: second))
    }

    /// The sealed key is one line of base64 that opens with every recipient's identity, and the
    /// standard `age` tool reads it as 32 bytes.
    @Test func sealedKeyOpensWithEveryRecipient() throws {
        let identities = try (0..<2).map { _ in try AgeIdentity.generate() }
        let key = try FingerprintKey.generate()

        let sealed = try key.sealed(to: identities.map(\.recipient))

        #expect(!sealed.contains("\n"))
        for identity in identities {
            let opened = try FingerprintKey.open(sealed + "\n", with: [identity])
            #expect(opened.hasSameSecret(as: key))
            #expect(opened.fingerprint(ofKeyText: "KEY-1") == key.fingerprint(ofKeyText: "KEY-1"))
        }
        let scratch = try ScratchDirectory("fingerprint-age")
        let identityFile = scratch.url("identity.txt")
        try Data((identities[1].encodedSecretKey().utf8String() ?? "").utf8).write(to: identityFile)
        let file = try #require(Data(base64Encoded: sealed))
        try file.write(to: scratch.url("key.age"))
        let decrypted = try ProcessRunner.run("age", ["-d", "-i", identityFile.path, scratch.url("key.age").path])
        #expect(decrypted.status == 0)
        #expect(decrypted.stdoutData.count == 32)
    }

    @Test func wrongIdentityIsNotOpened() throws {
        let sealed = try FingerprintKey.generate().sealed(to: [AgeIdentity.generate().recipient])

        #expect(throws: FingerprintKeyError.notOpened(.noMatchingIdentity)) {
            try FingerprintKey.open(sealed, with: [AgeIdentity.generate()])
        }
    }

    @Test func wrongSizeIsRejectedWithMessage() throws {
        let identity = try AgeIdentity.generate()
        let sealed = try KeyCell.seal("sixteen bytes!!!", to: [identity.recipient])

        #expect(throws: FingerprintKeyError.wrongSize(16)) { try FingerprintKey.open(sealed, with: [identity]) }
        #expect(FingerprintKeyError.wrongSize(16).text(in: .en)
            == "the fingerprint key has 16 bytes instead of 32; restore the file from git history")
        #expect(FingerprintKeyError.wrongSize(16).text(in: .es)
            == "la clave de huellas tiene 16 bytes en lugar de 32; recupera el fichero del historial de git")
    }

    @Test func descriptionHidesSecret() throws {
        #expect(String(describing: try FingerprintKey.generate()) == "FingerprintKey(redacted)")
    }
}
