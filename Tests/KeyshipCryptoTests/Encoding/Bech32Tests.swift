@testable import KeyshipCrypto
import Testing

@Suite struct Bech32Tests {
    private func decode(_ text: String) -> (humanReadablePart: String, data: [UInt8])? {
        Array(text.utf8).withUnsafeBytes { try? Bech32.decode($0) }
    }

    /// Valid strings from BIP 173; their data parts convert to whole bytes.
    @Test(arguments: [
        ("A12UEL5L", "a"),
        ("a12uel5l", "a"),
        ("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "abcdef"),
        ("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "split"),
        ("?1ezyfcl", "?"),
    ])
    func validStrings(text: String, humanReadablePart: String) throws {
        let decoded = try #require(decode(text))
        #expect(decoded.humanReadablePart == humanReadablePart)
    }

    /// Invalid strings from BIP 173 and mixed case.
    @Test(arguments: [
        "pzry9x8gf2tvdw0s3jn54khce6mua7l",  // no separator
        "x1b4n0q5v",  // "b" is not in the charset
        "li1dgmt3",  // checksum shorter than six characters
        "A1G7SGD8",  // checksum computed over the upper-case form
        "10a06t8",  // empty human-readable part
        "1qzzfhee",  // empty human-readable part
        "A12uEL5L",  // mixed case
        "a12uel5l ",  // trailing space
    ])
    func invalidStrings(text: String) {
        #expect(decode(text) == nil)
    }

    @Test func longDataHasNoLengthLimit() throws {
        let data = (0..<200).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let encoded = Bech32.encode(humanReadablePart: "age", data: data)
        #expect(encoded.count > 90)
        let decoded = try #require(decode(String(decoding: encoded, as: UTF8.self)))
        #expect(decoded.humanReadablePart == "age")
        #expect(decoded.data == data)
    }

    @Test func upperCaseEncodingDecodesToSameData() throws {
        let data: [UInt8] = Array(repeating: 0x42, count: 32)
        let encoded = String(decoding: Bech32.encode(humanReadablePart: "AGE-SECRET-KEY-", data: data, uppercase: true), as: UTF8.self)
        #expect(encoded == "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX")
        let decoded = try #require(decode(encoded))
        #expect(decoded.humanReadablePart == "age-secret-key-")
        #expect(decoded.data == data)
    }

    @Test func nonZeroPaddingBitsAreRejected() {
        // "age1" + one value 1 carries a set padding bit that no 0-byte payload can have.
        let values: [UInt8] = [1]
        let prefix = Array("age".utf8)
        // Build a string with a valid checksum over a data part that does not convert to bytes.
        let text = Self.encodeRaw(prefix: prefix, values: values)
        let result = Array(text.utf8).withUnsafeBytes { bytes -> Bech32.DecodingError? in
            do throws(Bech32.DecodingError) {
                _ = try Bech32.decode(bytes)
                return nil
            } catch {
                return error
            }
        }
        #expect(result == .invalidPadding)
    }

    /// Encodes 5-bit values directly, to build strings `Bech32.encode` never writes.
    private static func encodeRaw(prefix: [UInt8], values: [UInt8]) -> String {
        let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        func polymod(_ input: [UInt8]) -> UInt32 {
            var checksum: UInt32 = 1
            for value in input {
                let top = checksum >> 25
                checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
                for bit in 0..<5 where top >> UInt32(bit) & 1 == 1 { checksum ^= generator[bit] }
            }
            return checksum
        }
        let expanded = prefix.map { $0 >> 5 } + [0] + prefix.map { $0 & 31 }
        let remainder = polymod(expanded + values + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { UInt8(truncatingIfNeeded: remainder >> UInt32(5 * (5 - $0)) & 31) }
        return String(decoding: prefix + [UInt8(ascii: "1")] + (values + checksum).map { charset[Int($0)] }, as: UTF8.self)
    }
}
