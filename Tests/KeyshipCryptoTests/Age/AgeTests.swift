import KeyshipCore
@testable import KeyshipCrypto
import Testing

@Suite struct AgeTests {
    /// Plaintext sizes around the 64 KiB chunk boundary, plus the empty payload.
    static let sizes = [0, 1, 100, 65_535, 65_536, 65_537, 131_072, 200_000]

    static func plaintext(size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    @Test(arguments: sizes)
    func roundTrip(size: Int) throws {
        let identity = try AgeIdentity.generate()
        let plaintext = Self.plaintext(size: size)
        let file = try plaintext.withUnsafeBytes { try Age.encrypt($0, to: [identity.recipient]) }

        let chunkCount = max(1, (size + 65_535) / 65_536)
        #expect(try file.count == header(of: file).payloadOffset + 16 + size + 16 * chunkCount)
        #expect(try Age.decrypt(file, with: [identity]).testBytes == plaintext)
        try Age.validate(file)
    }

    @Test func multipleRecipientsDecryptWithEachIdentity() throws {
        let identities = try (0..<3).map { _ in try AgeIdentity.generate() }
        let file = try Age.encrypt(SecretBytes(utf8: "MULTI-RECIPIENT-KEY"), to: identities.map(\.recipient))
        #expect(try header(of: file).stanzas.count == 3)
        for identity in identities {
            #expect(try Age.decrypt(file, with: [identity]).utf8String() == "MULTI-RECIPIENT-KEY")
        }
        let stranger = try AgeIdentity.generate()
        #expect(try Age.decrypt(file, with: [stranger, identities[2]]).utf8String() == "MULTI-RECIPIENT-KEY")
    }

    @Test func headerFollowsGrammar() throws {
        let identity = try AgeIdentity.generate()
        let file = try Age.encrypt(SecretBytes(utf8: "K"), to: [identity.recipient])
        let headerText = String(decoding: file[..<(try header(of: file).payloadOffset)], as: UTF8.self)
        let lines = headerText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines[0] == "age-encryption.org/v1")
        #expect(lines[1].hasPrefix("-> X25519 "))
        #expect(lines[1].count == 10 + 43)
        #expect(lines[2].count == 43)
        #expect(lines[3].hasPrefix("--- "))
        #expect(lines[3].count == 4 + 43)
        #expect(lines[4] == "")
    }

    @Test func wrongIdentityGivesNoMatch() throws {
        let file = try Age.encrypt(SecretBytes(utf8: "K"), to: [AgeIdentity.generate().recipient])
        #expect(throws: AgeError.noMatchingIdentity) { try Age.decrypt(file, with: [AgeIdentity.generate()]) }
        #expect(throws: AgeError.noMatchingIdentity) { try Age.decrypt(file, with: []) }
    }

    @Test func tamperedMACGivesHMACFailure() throws {
        let identity = try AgeIdentity.generate()
        var file = try Age.encrypt(SecretBytes(utf8: "K"), to: [identity.recipient])
        let macStart = try header(of: file).payloadOffset - 44
        // Swap the first MAC character for another; the first character carries no unused bits,
        // so the encoding stays canonical.
        file[macStart] = file[macStart] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: AgeError.headerMACMismatch) { try Age.decrypt(file, with: [identity]) }
    }

    @Test func tamperedStanzaArgumentGivesHMACFailure() throws {
        // A grease stanza added to a valid header leaves the file key reachable but changes the
        // bytes the MAC covers.
        let identity = try AgeIdentity.generate()
        let file = try Age.encrypt(SecretBytes(utf8: "K"), to: [identity.recipient])
        let tampered = Array("age-encryption.org/v1\n-> grease\n\n".utf8) + file.dropFirst(22)
        #expect(throws: AgeError.headerMACMismatch) { try Age.decrypt(tampered, with: [identity]) }
    }

    @Test func tamperedPayloadGivesPayloadFailure() throws {
        let identity = try AgeIdentity.generate()
        var file = try Age.encrypt(SecretBytes(utf8: "KEY-1234"), to: [identity.recipient])
        file[file.count - 1] ^= 0x01
        #expect(throws: AgeError.invalidPayload(.authenticationFailed(chunk: 1))) {
            try Age.decrypt(file, with: [identity])
        }
    }

    @Test func truncatedFileGivesMissingFinalChunk() throws {
        let identity = try AgeIdentity.generate()
        let file = try Self.plaintext(size: 70_000).withUnsafeBytes { try Age.encrypt($0, to: [identity.recipient]) }
        let cut = try Array(file.prefix(header(of: file).payloadOffset + 16 + 65_552))
        let (released, error) = streamDecrypt(cut, with: [identity])
        #expect(error == .invalidPayload(.missingFinalChunk))
        #expect(released == Array(Self.plaintext(size: 65_536)))
    }

    @Test func armorRoundTrip() throws {
        let identity = try AgeIdentity.generate()
        let file = try Self.plaintext(size: 1000).withUnsafeBytes { try Age.encrypt($0, to: [identity.recipient]) }
        let armored = AgeArmor.encode(file)
        let lines = armored.split(separator: "\n")
        #expect(lines.first == "-----BEGIN AGE ENCRYPTED FILE-----")
        #expect(lines.last == "-----END AGE ENCRYPTED FILE-----")
        #expect(lines.dropFirst().dropLast().dropLast().allSatisfy { $0.count == 64 })
        #expect(armored.hasSuffix("-----\n"))
        #expect(try AgeArmor.decode(Array(armored.utf8)) == file)
    }

    struct ArmorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: AgeError
        var testDescription: String { name }
    }

    static let armorCases: [ArmorCase] = [
        ArmorCase(name: "no BEGIN line", text: "Zm9v\n", expected: .invalidArmor(.missingBeginLine)),
        ArmorCase(
            name: "no END line", text: "-----BEGIN AGE ENCRYPTED FILE-----\nZm9v\n",
            expected: .invalidArmor(.missingEndLine)),
        ArmorCase(
            name: "short line before the last",
            text: "-----BEGIN AGE ENCRYPTED FILE-----\nZm9v\nZm9v\n-----END AGE ENCRYPTED FILE-----\n",
            expected: .invalidArmor(.invalidLine(line: 3))),
        ArmorCase(
            name: "missing padding",
            text: "-----BEGIN AGE ENCRYPTED FILE-----\nZm8\n-----END AGE ENCRYPTED FILE-----\n",
            expected: .invalidArmor(.invalidBase64)),
        ArmorCase(
            name: "text after END",
            text: "-----BEGIN AGE ENCRYPTED FILE-----\nZm9v\n-----END AGE ENCRYPTED FILE-----\nx\n",
            expected: .invalidArmor(.trailingData)),
    ]

    @Test(arguments: armorCases)
    func armorRejects(_ testCase: ArmorCase) {
        #expect(throws: testCase.expected) { try AgeArmor.decode(Array(testCase.text.utf8)) }
    }

    @Test func encryptingToNobodyIsRejected() {
        #expect(throws: AgeError.noRecipients) { try Age.encrypt(SecretBytes(utf8: "K"), to: []) }
    }

    @Test func errorKindsMatchVectorNames() {
        #expect(AgeError.invalidHeader(.noStanzas).kind.rawValue == "header failure")
        #expect(AgeError.invalidArmor(.missingEndLine).kind.rawValue == "armor failure")
        #expect(AgeError.invalidPayload(.trailingData).kind.rawValue == "payload failure")
        #expect(AgeError.noMatchingIdentity.kind.rawValue == "no match")
        #expect(AgeError.headerMACMismatch.kind.rawValue == "HMAC failure")
    }

    @Test func headerMACMessage() {
        #expect(
            AgeError.headerMACMismatch.text(in: .en)
                == "The age file's header MAC does not match: the header was changed after encryption. "
                + "Restore the cell from git history or import the key again.")
        #expect(
            AgeError.headerMACMismatch.text(in: .es)
                == "El MAC de la cabecera del fichero age no coincide: la cabecera se modificó después de cifrar. "
                + "Recupera la celda del historial de git o vuelve a importar la clave.")
    }

    private func header(of file: [UInt8]) throws -> AgeHeader {
        try AgeHeader.parse(file)
    }
}
