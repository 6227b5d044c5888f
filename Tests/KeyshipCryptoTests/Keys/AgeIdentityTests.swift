import KeyshipCore
@testable import KeyshipCrypto
import Testing

@Suite struct AgeIdentityTests {
    /// The X25519 example pair from the age specification (the secret scalar is 32 bytes of 0x42).
    static let specIdentity = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
    static let specRecipient = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"

    @Test func specExampleDerivesItsRecipient() throws {
        let identity = try AgeIdentity(parsing: Self.specIdentity)
        #expect(identity.recipient.encoded == Self.specRecipient)
        #expect(identity.secretKey.testBytes == [UInt8](repeating: 0x42, count: 32))
        #expect(identity.encodedSecretKey().utf8String() == Self.specIdentity)
    }

    @Test func lowerCaseIdentityParses() throws {
        let identity = try AgeIdentity(parsing: Self.specIdentity.lowercased())
        #expect(identity.recipient.encoded == Self.specRecipient)
    }

    @Test func descriptionShowsOnlyRecipient() throws {
        let identity = try AgeIdentity(parsing: Self.specIdentity)
        #expect(identity.description == "AgeIdentity(recipient: \(Self.specRecipient))")
        #expect(String(describing: identity.secretKey) == "SecretBytes(32 bytes, redacted)")
    }

    @Test func generatedIdentitiesDiffer() throws {
        let first = try AgeIdentity.generate()
        let second = try AgeIdentity.generate()
        #expect(first.recipient != second.recipient)
        let reparsed = try AgeIdentity(parsing: #require(first.encodedSecretKey().utf8String()))
        #expect(reparsed.recipient == first.recipient)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: AgeError
        var testDescription: String { name }
    }

    static let invalidCases: [Case] = [
        Case(
            name: "checksum typo", text: String(specIdentity.dropLast()) + "Y",
            expected: .invalidIdentity(line: nil, problem: .notBech32)),
        Case(name: "recipient", text: specRecipient, expected: .invalidIdentity(line: nil, problem: .wrongType)),
        Case(
            name: "post-quantum identity",
            text: "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG",
            expected: .invalidIdentity(line: nil, problem: .wrongType)),
        Case(name: "empty", text: "", expected: .invalidIdentity(line: nil, problem: .notBech32)),
    ]

    @Test(arguments: invalidCases)
    func rejectsInvalidText(_ testCase: Case) {
        #expect(throws: testCase.expected) { try AgeIdentity(parsing: testCase.text) }
    }

    @Test func shortKeyIsWrongLength() {
        let text = String(decoding: Bech32.encode(humanReadablePart: "AGE-SECRET-KEY-", data: [1, 2, 3], uppercase: true), as: UTF8.self)
        #expect(throws: AgeError.invalidIdentity(line: nil, problem: .wrongLength)) { try AgeIdentity(parsing: text) }
    }

    @Test func identityFileTextParsesEveryIdentity() throws {
        let second = try AgeIdentity.generate()
        let text = """
            # created: 2026-12-04T10:15:00Z
            # public key: \(Self.specRecipient)
            \(Self.specIdentity)

              # an indented comment
            \(try #require(second.encodedSecretKey().utf8String()))\r

            """
        let identities = try AgeIdentity.parseIdentities(text)
        #expect(identities.map(\.recipient) == [try AgeRecipient(parsing: Self.specRecipient), second.recipient])
    }

    @Test func identityFileTextWithOnlyCommentsIsEmpty() throws {
        #expect(try AgeIdentity.parseIdentities("# nothing here\n\n   \n").isEmpty)
        #expect(try AgeIdentity.parseIdentities("").isEmpty)
    }

    @Test func identityFileErrorNamesLineWithoutSecret() {
        let text = "# created: 2026-12-04T10:15:00Z\n\(Self.specIdentity)\nAGE-SECRET-KEY-1GFPYYSJZ\n"
        do {
            _ = try AgeIdentity.parseIdentities(text)
            Issue.record("a broken identity line parsed")
        } catch {
            #expect(error == .invalidIdentity(line: 3, problem: .notBech32))
            #expect(
                error.text(in: .en)
                    == "The age identity on line 3 is invalid: it is not Bech32 (check for typos, missing characters "
                    + "or mixed case). Use the AGE-SECRET-KEY-1... line written by age-keygen or keyship keygen.")
            #expect(!error.text(in: .es).contains("GFPYYSJZ"))
        }
    }
}
