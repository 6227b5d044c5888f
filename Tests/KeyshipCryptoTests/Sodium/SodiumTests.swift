@testable import KeyshipCrypto
import Testing

@Suite struct SodiumTests {
    struct HKDFCase: Sendable, CustomTestStringConvertible {
        var name: String
        var inputKey: String
        var salt: String
        var info: [UInt8]
        /// The first 32 bytes of the RFC 5869 output keying material.
        var expected: String
        var testDescription: String { name }
    }

    /// RFC 5869, appendix A, test cases 1 and 3, truncated to the 32 bytes age uses.
    static let hkdfCases: [HKDFCase] = [
        HKDFCase(
            name: "test case 1", inputKey: String(repeating: "0b", count: 22), salt: "000102030405060708090a0b0c",
            info: Array(0xF0...0xF9),
            expected: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"),
        HKDFCase(
            name: "test case 3, empty salt and info", inputKey: String(repeating: "0b", count: 22), salt: "",
            info: [],
            expected: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"),
    ]

    @Test(arguments: hkdfCases)
    func hkdfMatchesRFC5869(_ testCase: HKDFCase) {
        var output = [UInt8](repeating: 0, count: 32)
        let inputKey = bytes(fromHex: testCase.inputKey)
        let salt = bytes(fromHex: testCase.salt)
        inputKey.withUnsafeBytes { ikm in
            salt.withUnsafeBytes { saltBytes in
                output.withUnsafeMutableBytes { out in
                    Sodium.hkdfSHA256(
                        inputKey: ikm, salt: saltBytes, info: testCase.info,
                        into: out)
                }
            }
        }
        #expect(hex(output) == testCase.expected)
    }

    @Test func x25519RejectsLowOrderPoint() {
        var scalar = [UInt8](repeating: 7, count: 32)
        scalar[0] = 0x40
        let zeroPoint = [UInt8](repeating: 0, count: 32)
        var output = [UInt8](repeating: 0xAA, count: 32)
        let usable = scalar.withUnsafeBytes { s in
            zeroPoint.withUnsafeBytes { p in output.withUnsafeMutableBytes { Sodium.x25519(scalar: s, point: p, into: $0) } }
        }
        #expect(!usable)
        #expect(output == [UInt8](repeating: 0, count: 32))
    }
}
