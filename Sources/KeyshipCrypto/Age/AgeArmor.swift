/// The ASCII armor of age files: strict PEM (RFC 7468, section 3) with the label
/// `AGE ENCRYPTED FILE`, padded base64 in 64-column lines.
///
/// Decoding rejects everything the age format calls non-canonical, except whitespace before
/// the BEGIN line and after the END line. Lines may end in LF or CRLF.
public enum AgeArmor {
    static let beginLine = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let endLine = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    static let columns = 64

    /// Returns the armored text of a binary age file, ending with a newline.
    public static func encode(_ file: [UInt8]) -> String {
        let encoded = Base64.encode(file, padded: true)
        var output = beginLine + [0x0A]
        var start = 0
        while start < encoded.count {
            let end = min(start + columns, encoded.count)
            output += encoded[start..<end] + [0x0A]
            start = end
        }
        output += endLine + [0x0A]
        return String(decoding: output, as: UTF8.self)
    }

    /// Returns the binary age file inside armored text.
    public static func decode(_ text: [UInt8]) throws(AgeError) -> [UInt8] {
        var offset = 0
        while offset < text.count, isWhitespace(text[offset]) { offset += 1 }

        var lineNumber = 0
        /// Returns the next line without its LF or CRLF, or nil at the end of the text. A last
        /// line without a line break is returned as it is.
        func nextLine() -> ArraySlice<UInt8>? {
            guard offset < text.count else { return nil }
            lineNumber += 1
            guard let newline = text[offset...].firstIndex(of: 0x0A) else {
                defer { offset = text.count }
                return text[offset...]
            }
            var line = text[offset..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            offset = newline + 1
            return line
        }

        guard let first = nextLine(), first.elementsEqual(beginLine), offset > 0, text[offset - 1] == 0x0A else {
            throw .invalidArmor(.missingBeginLine)
        }

        var encoded: [UInt8] = []
        var previousLineWasShort = false
        while true {
            guard let line = nextLine() else { throw .invalidArmor(.missingEndLine) }
            if line.elementsEqual(endLine) { break }
            // Every line but the last is full; a short line must be followed by the END line.
            guard !previousLineWasShort, !line.isEmpty, line.count <= columns,
                  line.allSatisfy({ Base64.isAlphabetCharacter($0) || $0 == UInt8(ascii: "=") })
            else { throw .invalidArmor(.invalidLine(line: lineNumber)) }
            previousLineWasShort = line.count < columns
            encoded += line
        }

        guard text[offset...].allSatisfy(isWhitespace) else { throw .invalidArmor(.trailingData) }
        guard let file = Base64.decode(encoded, padded: true) else { throw .invalidArmor(.invalidBase64) }
        return file
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
