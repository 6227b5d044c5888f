/// Standard base64 (RFC 4648, section 4) with the strictness the age format requires.
///
/// Decoding accepts only canonical text (RFC 4648, section 3.5): the unused bits of the last
/// character are zero, and padding appears exactly when and where the length needs it. Any other
/// character, including whitespace and line breaks, is rejected.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")

    /// The 6-bit value of every ASCII byte, or 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Returns true when `byte` is one of the 64 alphabet characters.
    static func isAlphabetCharacter(_ byte: UInt8) -> Bool {
        values[Int(byte)] != 0xFF
    }

    /// Encodes `data`, with `=` padding when `padded` is true.
    static func encode(_ data: some Collection<UInt8>, padded: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((data.count + 2) / 3 * 4)
        var iterator = data.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = second == nil ? nil : iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            if second != nil {
                output.append(alphabet[Int(group >> 6 & 0x3F)])
            } else if padded {
                output.append(padding)
            }
            if third != nil {
                output.append(alphabet[Int(group & 0x3F)])
            } else if padded {
                output.append(padding)
            }
        }
        return output
    }

    /// Encodes `data` as a `String`.
    static func encodeString(_ data: some Collection<UInt8>, padded: Bool) -> String {
        String(decoding: encode(data, padded: padded), as: UTF8.self)
    }

    /// Decodes canonical base64, padded when `padded` is true and unpadded otherwise.
    ///
    /// Returns nil for any character outside the alphabet, a wrong length or padding, or
    /// non-zero unused bits.
    static func decode(_ text: some Collection<UInt8>, padded: Bool) -> [UInt8]? {
        var characters = Array(text)
        if padded {
            guard characters.count % 4 == 0 else { return nil }
            var paddingCount = 0
            while paddingCount < 2, characters.last == padding {
                characters.removeLast()
                paddingCount += 1
            }
        }
        // One leftover character carries only 6 bits, which cannot form a byte.
        guard characters.count % 4 != 1 else { return nil }

        var output: [UInt8] = []
        output.reserveCapacity(characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in characters {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        // Canonical encodings leave the unused low bits of the last character at zero.
        guard accumulator == 0 else { return nil }
        return output
    }
}
