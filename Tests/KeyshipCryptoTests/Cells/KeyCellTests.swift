import Foundation
import KeyshipCore
import KeyshipCrypto
import Testing

@Suite struct KeyCellTests {
    @Test func sealAndOpen() throws {
        let identity = try AgeIdentity.generate()
        let cell = try KeyCell.seal("W269N-WFGWX-YVC9B-4J6C9-T83GX", to: [identity.recipient])
        #expect(!cell.contains("\n"))
        #expect(Data(base64Encoded: cell) != nil)
        #expect(try KeyCell.open(cell, with: [identity]).utf8String() == "W269N-WFGWX-YVC9B-4J6C9-T83GX")
        try KeyCell.validate(cell)
    }

    @Test func cellsForSameKeyDiffer() throws {
        let recipient = try AgeIdentity.generate().recipient
        #expect(try KeyCell.seal("SAME", to: [recipient]) != KeyCell.seal("SAME", to: [recipient]))
    }

    @Test func multiRecipientCellOpensWithEachIdentity() throws {
        let identities = try (0..<3).map { _ in try AgeIdentity.generate() }
        let cell = try KeyCell.seal("KEY-FOR-THREE", to: identities.map(\.recipient))
        for identity in identities {
            #expect(try KeyCell.open(cell, with: [identity]).utf8String() == "KEY-FOR-THREE")
        }
    }

    @Test func wrongIdentityGivesNoMatchWithExactMessage() throws {
        let cell = try KeyCell.seal("SECRET-KEY-TEXT", to: [AgeIdentity.generate().recipient])
        do {
            _ = try KeyCell.open(cell, with: [AgeIdentity.generate()])
            Issue.record("a cell opened with the wrong identity")
        } catch {
            #expect(error == .noMatchingIdentity)
            #expect(
                error.text(in: .en)
                    == "No identity decrypts this age file: the cell was not encrypted to this identity. "
                    + "Check KEYSHIP_IDENTITY (or KEYSHIP_IDENTITY_FILE): it must contain the identity of one of the "
                    + "recipients in keyship.yaml.")
            #expect(
                error.text(in: .es)
                    == "Ninguna identidad descifra este fichero age: la celda no se cifró para esta identidad. "
                    + "Comprueba KEYSHIP_IDENTITY (o KEYSHIP_IDENTITY_FILE): debe contener la identidad de uno de los "
                    + "destinatarios de keyship.yaml.")
            #expect(!error.text(in: .en).contains("SECRET-KEY-TEXT"))
        }
    }

    @Test func tamperedMACGivesHMACFailure() throws {
        let identity = try AgeIdentity.generate()
        let cell = try KeyCell.seal("KEY", to: [identity.recipient])
        var file = try #require(Data(base64Encoded: cell)).map { $0 }
        let macLine = try #require(Self.range(of: Array("\n--- ".utf8), in: file))
        let first = macLine.upperBound
        file[first] = file[first] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = Data(file).base64EncodedString()
        try KeyCell.validate(tampered)
        #expect(throws: AgeError.headerMACMismatch) { try KeyCell.open(tampered, with: [identity]) }
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var name: String
        var cell: String
        var expected: AgeError
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(name: "empty", cell: "", expected: .invalidCell(.empty)),
        InvalidCase(name: "plaintext key", cell: "W269N-WFGWX-YVC9B-4J6C9-T83GX", expected: .invalidCell(.notBase64)),
        InvalidCase(name: "unpadded base64", cell: "YWdl", expected: .invalidHeader(.notAgeFile)),
        InvalidCase(name: "missing padding", cell: "YWdlLQ", expected: .invalidCell(.notBase64)),
        InvalidCase(name: "line break", cell: "YWdl\nYWdl", expected: .invalidCell(.notBase64)),
        InvalidCase(name: "trailing space", cell: "YWdl ", expected: .invalidCell(.notBase64)),
        InvalidCase(
            name: "random bytes", cell: Data((0..<120).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 5) }).base64EncodedString(),
            expected: .invalidHeader(.notAgeFile)),
        InvalidCase(
            name: "version line only", cell: Data("age-encryption.org/v1\n".utf8).base64EncodedString(),
            expected: .invalidHeader(.truncated(line: 1))),
        InvalidCase(
            name: "other version", cell: Data("age-encryption.org/v2\n".utf8).base64EncodedString(),
            expected: .invalidHeader(.unsupportedVersion)),
        InvalidCase(
            name: "no MAC line",
            cell: Data("age-encryption.org/v1\n-> X25519 abc\n\n".utf8).base64EncodedString(),
            expected: .invalidHeader(.truncated(line: 3))),
        InvalidCase(
            name: "armored file",
            cell: Data("-----BEGIN AGE ENCRYPTED FILE-----\n".utf8).base64EncodedString(),
            expected: .invalidHeader(.notAgeFile)),
    ]

    @Test(arguments: invalidCases)
    func validateRejects(_ testCase: InvalidCase) {
        #expect(throws: testCase.expected) { try KeyCell.validate(testCase.cell) }
    }

    @Test func validateRejectsRandomGarbage() {
        var generator = SystemRandomNumberGenerator()
        for length in [1, 16, 64, 200, 1000] {
            let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(throws: AgeError.self) { try KeyCell.validate(Data(garbage).base64EncodedString()) }
            #expect(throws: AgeError.self) { try KeyCell.validate(String(decoding: garbage, as: UTF8.self)) }
        }
    }

    @Test func validateRejectsCutPayload() throws {
        let cell = try KeyCell.seal("KEY", to: [AgeIdentity.generate().recipient])
        var file = try #require(Data(base64Encoded: cell))
        // The payload is a 16-byte nonce and one 19-byte chunk (3 bytes and a tag).
        file.removeLast(19)
        #expect(throws: AgeError.invalidPayload(.missingFinalChunk)) { try KeyCell.validate(file.base64EncodedString()) }
        file.removeLast(1)
        #expect(throws: AgeError.invalidHeader(.missingNonce)) { try KeyCell.validate(file.base64EncodedString()) }
    }

    @Test func validateRejectsShortChunk() throws {
        let cell = try KeyCell.seal("KEY", to: [AgeIdentity.generate().recipient])
        var file = try #require(Data(base64Encoded: cell))
        file.removeLast(4)
        #expect(throws: AgeError.invalidPayload(.authenticationFailed(chunk: 1))) {
            try KeyCell.validate(file.base64EncodedString())
        }
    }

    @Test func validateRequiresX25519Stanza() throws {
        let cell = try KeyCell.seal("KEY", to: [AgeIdentity.generate().recipient])
        let file = try #require(Data(base64Encoded: cell)).map { $0 }
        let text = String(decoding: file, as: UTF8.self)
        let renamed = Array(text.replacingOccurrences(of: "-> X25519 ", with: "-> x25519 ").utf8)
        #expect(throws: AgeError.invalidHeader(.noX25519Stanza)) {
            try KeyCell.validate(Data(renamed).base64EncodedString())
        }
    }

    @Test func validateRejectsMalformedX25519Stanza() throws {
        let text = "age-encryption.org/v1\n-> X25519 AAAA\n\n--- " + String(repeating: "A", count: 43) + "\n"
        let cell = Data(Array(text.utf8) + [UInt8](repeating: 0, count: 40)).base64EncodedString()
        #expect(throws: AgeError.invalidHeader(.invalidX25519Stanza(stanza: 1))) { try KeyCell.validate(cell) }
    }

    private static func range(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start..<(start + needle.count)
        }
        return nil
    }
}
