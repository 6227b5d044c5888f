@testable import KeyshipCrypto
import Testing

@Suite struct Base64Tests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var padded: Bool
        var expected: [UInt8]?
        var testDescription: String { "\"\(text)\" padded: \(padded)" }
    }

    static let decodingCases: [Case] = [
        Case(text: "", padded: false, expected: []),
        Case(text: "Zg", padded: false, expected: Array("f".utf8)),
        Case(text: "Zm8", padded: false, expected: Array("fo".utf8)),
        Case(text: "Zm9v", padded: false, expected: Array("foo".utf8)),
        Case(text: "Zg==", padded: true, expected: Array("f".utf8)),
        Case(text: "Zm8=", padded: true, expected: Array("fo".utf8)),
        Case(text: "Zm9vYg==", padded: true, expected: Array("foob".utf8)),
        Case(text: "+/+/", padded: false, expected: [0xFB, 0xFF, 0xBF]),
        // Non-zero unused bits make an encoding non-canonical.
        Case(text: "Zh", padded: false, expected: nil),
        Case(text: "Zm9=", padded: true, expected: nil),
        // Padding where none belongs, or missing where it does.
        Case(text: "Zg==", padded: false, expected: nil),
        Case(text: "Zg", padded: true, expected: nil),
        Case(text: "Zg=", padded: true, expected: nil),
        Case(text: "Z===", padded: true, expected: nil),
        Case(text: "Z", padded: false, expected: nil),
        Case(text: "Zm 9v", padded: false, expected: nil),
        Case(text: "Zm9v\n", padded: false, expected: nil),
        Case(text: "Zm-v", padded: false, expected: nil),
        Case(text: "Zg==Zg==", padded: true, expected: nil),
    ]

    @Test(arguments: decodingCases)
    func decoding(_ testCase: Case) {
        #expect(Base64.decode(testCase.text.utf8, padded: testCase.padded) == testCase.expected)
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 31, 32, 33, 100])
    func roundTrip(length: Int) {
        let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for padded in [true, false] {
            let encoded = Base64.encode(data, padded: padded)
            #expect(Base64.decode(encoded, padded: padded) == data)
            #expect(encoded.count == (padded ? (length + 2) / 3 * 4 : (length * 4 + 2) / 3))
        }
    }

    @Test func encodingMatchesRFC4648() {
        #expect(Base64.encodeString(Array("foobar".utf8), padded: true) == "Zm9vYmFy")
        #expect(Base64.encodeString(Array("fooba".utf8), padded: true) == "Zm9vYmE=")
        #expect(Base64.encodeString(Array("fooba".utf8), padded: false) == "Zm9vYmE")
        #expect(Base64.encodeString(Array("foob".utf8), padded: true) == "Zm9vYg==")
    }
}
