/// Bech32 (BIP 173) as age uses it: no limit on the length of the data part, and the checksum
/// computed over the lower-case string.
enum Bech32 {
    enum DecodingError: Error {
        /// Mixed case, a missing separator, a character outside the charset, or a bad checksum.
        case invalidEncoding
        /// The data part does not convert back to whole bytes with zero padding bits.
        case invalidPadding
    }

    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    private static let charsetValues: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in charset.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Encodes `data` under the human-readable part `humanReadablePart`, returning ASCII bytes in
    /// lower case unless `uppercase` is true.
    ///
    /// Returns bytes rather than a `String` so that callers encoding a secret key can wipe them.
    static func encode(humanReadablePart: String, data: [UInt8], uppercase: Bool = false) -> [UInt8] {
        let prefix = Array(humanReadablePart.lowercased().utf8)
        var values = convertBits(data, from: 8, to: 5)
        values += checksumValues(prefix: prefix, data: values)
        var output = prefix + [UInt8(ascii: "1")] + values.map { charset[Int($0)] }
        Sodium.wipe(&values)
        if uppercase {
            for index in output.indices where output[index] >= UInt8(ascii: "a") && output[index] <= UInt8(ascii: "z") {
                output[index] -= 32
            }
        }
        return output
    }

    /// Decodes a Bech32 string held in `text`, returning the lower-case human-readable part
    /// and the data bytes.
    ///
    /// Temporary arrays are wiped, because identities pass secret keys through here.
    static func decode(_ text: UnsafeRawBufferPointer) throws(DecodingError) -> (humanReadablePart: String, data: [UInt8]) {
        var hasLower = false
        var hasUpper = false
        var separator: Int?
        for unsafe (index, byte) in unsafe text.enumerated() {
            guard byte >= 33, byte <= 126 else { throw .invalidEncoding }
            if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { hasLower = true }
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { hasUpper = true }
            if byte == UInt8(ascii: "1") { separator = index }
        }
        // The separator is the last "1"; the checksum alone takes six characters after it.
        guard !(hasLower && hasUpper), let separator, separator >= 1, separator + 7 <= text.count else {
            throw .invalidEncoding
        }

        let prefix = unsafe text[..<separator].map(lowercased)
        var values: [UInt8] = []
        values.reserveCapacity(text.count - separator - 1)
        for unsafe byte in unsafe text[(separator + 1)...] {
            let value = charsetValues[Int(lowercased(byte))]
            guard value != 0xFF else {
                Sodium.wipe(&values)
                throw .invalidEncoding
            }
            values.append(value)
        }
        defer { Sodium.wipe(&values) }

        guard polymod(expand(prefix) + values) == 1 else { throw .invalidEncoding }
        guard let data = convertBitsStrict(values.dropLast(6)) else { throw .invalidPadding }
        return (String(decoding: prefix, as: UTF8.self), data)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where top >> UInt32(bit) & 1 == 1 {
                checksum ^= generator[bit]
            }
        }
        return checksum
    }

    /// Expands the human-readable part for the checksum: high bits, a zero, then low bits.
    private static func expand(_ prefix: [UInt8]) -> [UInt8] {
        prefix.map { $0 >> 5 } + [0] + prefix.map { $0 & 31 }
    }

    private static func checksumValues(prefix: [UInt8], data: [UInt8]) -> [UInt8] {
        let remainder = polymod(expand(prefix) + data + [0, 0, 0, 0, 0, 0]) ^ 1
        return (0..<6).map { UInt8(truncatingIfNeeded: remainder >> UInt32(5 * (5 - $0)) & 31) }
    }

    /// Regroups bits, padding the last group with zeros (used when encoding).
    private static func convertBits(_ data: [UInt8], from: Int, to: Int) -> [UInt8] {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bitCount = 0
        let mask = UInt32(1 << to) - 1
        for value in data {
            accumulator = accumulator << UInt32(from) | UInt32(value)
            bitCount += from
            while bitCount >= to {
                bitCount -= to
                output.append(UInt8(accumulator >> UInt32(bitCount) & mask))
            }
        }
        if bitCount > 0 { output.append(UInt8(accumulator << UInt32(to - bitCount) & mask)) }
        return output
    }

    /// Regroups 5-bit values into bytes, rejecting more than 4 padding bits or non-zero padding.
    private static func convertBitsStrict(_ values: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(values.count * 5 / 8)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for value in values {
            accumulator = (accumulator << 5 | UInt32(value)) & 0xFFF
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
            }
        }
        let padding = accumulator & (UInt32(1 << bitCount) - 1)
        guard bitCount < 5, padding == 0 else {
            Sodium.wipe(&output)
            return nil
        }
        return output
    }
}
