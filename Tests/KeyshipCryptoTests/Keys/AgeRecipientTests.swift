import KeyshipCore
@testable import KeyshipCrypto
import Testing

@Suite struct AgeRecipientTests {
    static let specRecipient = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"

    @Test func parsesAndFormatsSpecExample() throws {
        let recipient = try AgeRecipient(parsing: Self.specRecipient)
        #expect(recipient.encoded == Self.specRecipient)
        #expect(recipient.description == Self.specRecipient)
    }

    @Test func upperCaseFormatsAsLowerCase() throws {
        let recipient = try AgeRecipient(parsing: Self.specRecipient.uppercased())
        #expect(recipient.encoded == Self.specRecipient)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: AgeError
        var testDescription: String { text }
    }

    static let invalidCases: [Case] = [
        Case(
            text: "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwq",
            expected: .invalidRecipient(
                value: "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwq", problem: .notBech32)),
        Case(text: "", expected: .invalidRecipient(value: "", problem: .notBech32)),
        Case(text: " " + specRecipient, expected: .invalidRecipient(value: " " + specRecipient, problem: .notBech32)),
        // A valid Bech32 string under another human-readable part.
        Case(text: "a12uel5l", expected: .invalidRecipient(value: "a12uel5l", problem: .wrongType)),
        Case(
            text: "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX",
            expected: .invalidRecipient(value: "AGE-SECRET-KEY-1…", problem: .secretKey)),
    ]

    @Test(arguments: invalidCases)
    func rejectsInvalidText(_ testCase: Case) {
        #expect(throws: testCase.expected) { try AgeRecipient(parsing: testCase.text) }
    }

    @Test func secretKeyIsNotEchoedInMessage() {
        let secret = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
        do {
            _ = try AgeRecipient(parsing: secret)
            Issue.record("a secret key parsed as a recipient")
        } catch {
            #expect(!error.text(in: .en).contains("GFPYYSJZ"))
            #expect(
                error.text(in: .en)
                    == "The age recipient \"AGE-SECRET-KEY-1…\" is invalid: it is a secret key (identity), not a "
                    + "recipient; keep it private and replace it if it was published. Copy the \"public key: age1...\" "
                    + "line written by age-keygen or keyship keygen.")
            #expect(
                error.text(in: .es)
                    == "El destinatario age \"AGE-SECRET-KEY-1…\" no es válido: es una clave secreta (identidad), no un "
                    + "destinatario; no la compartas y genera otra si se ha publicado. Copia la línea \"public key: "
                    + "age1...\" que escriben age-keygen o keyship keygen.")
        }
    }

    @Test func lowOrderRecipientIsRejectedWhenSealing() throws {
        // The all-zero public key is a low-order point: no identity could ever open the file.
        let recipient = AgeRecipient(publicKey: [UInt8](repeating: 0, count: 32))
        let parsed = try AgeRecipient(parsing: recipient.encoded)
        #expect(parsed == recipient)
        #expect(throws: AgeError.invalidRecipient(value: recipient.encoded, problem: .lowOrderPoint)) {
            try KeyCell.seal("KEY", to: [parsed])
        }
    }
}
