/// RFC 4180 CSV reading and writing over UTF-8 bytes.
///
/// The reader accepts what spreadsheets in Spain save: a byte-order mark, `;` or `,` as the
/// separator, CRLF, LF or CR line ends, quoted fields with doubled quotes and line breaks
/// inside. Every record keeps the line it started on, so errors can name it.
public enum CSV {
    public struct Record: Sendable, Hashable {
        /// 1-based line of the record's first character.
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }

        /// True when every field is empty, as spreadsheets leave after the last row.
        public var isBlank: Bool { fields.allSatisfy(\.isEmpty) }
    }

    public enum ReadError: Error, Sendable, Hashable {
        /// The bytes are not UTF-8; `line` is where the first invalid byte is.
        case invalidUTF8(line: Int)
        /// A quoted field is never closed; `line` is where it opens.
        case unterminatedQuote(line: Int)
        /// Text follows a closing quote before the separator.
        case textAfterQuote(line: Int)
    }

    static let quote = UInt8(ascii: "\"")
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Returns `bytes` without a leading UTF-8 byte-order mark.
    public static func strippingByteOrderMark(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.starts(with: byteOrderMark) ? bytes[3...] : bytes[...]
    }

    /// Guesses the separator from the first line: the one of `;` and `,` that occurs more often
    /// outside quotes, `;` on a tie, because Spanish spreadsheets use the comma for decimals.
    public static func detectSeparator(_ bytes: some Collection<UInt8>) -> UInt8 {
        var semicolons = 0
        var commas = 0
        var inQuotes = false
        for byte in bytes {
            if byte == quote { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == lineFeed || byte == carriageReturn { break }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
            if byte == UInt8(ascii: ",") { commas += 1 }
        }
        return commas > semicolons ? UInt8(ascii: ",") : UInt8(ascii: ";")
    }

    /// Parses every record. `separator` nil means detect it from the first line.
    public static func read(_ input: [UInt8], separator: UInt8? = nil) throws(ReadError) -> [Record] {
        let bytes = strippingByteOrderMark(input)
        let separator = separator ?? detectSeparator(bytes)
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = bytes.startIndex
        var fieldStarted = false

        func finishField() throws(ReadError) {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw .invalidUTF8(line: line)
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }

        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == quote && field.isEmpty && !fieldStarted {
                // A quoted field: read to the closing quote, keeping doubled quotes as one.
                let openLine = line
                index += 1
                var closed = false
                while index < bytes.endIndex {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.endIndex && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if inner == lineFeed || (inner == carriageReturn && !(index + 1 < bytes.endIndex && bytes[index + 1] == lineFeed)) {
                        line += 1
                    }
                    field.append(inner)
                    index += 1
                }
                guard closed else { throw .unterminatedQuote(line: openLine) }
                fieldStarted = true
                // Only a separator or a line end may follow the closing quote.
                if index < bytes.endIndex {
                    let next = bytes[index]
                    if next != separator && next != lineFeed && next != carriageReturn {
                        throw .textAfterQuote(line: line)
                    }
                }
                continue
            }
            if byte == separator {
                try finishField()
                fieldStarted = false
                index += 1
                continue
            }
            if byte == lineFeed || byte == carriageReturn {
                try finishField()
                fieldStarted = false
                records.append(Record(line: recordLine, fields: fields))
                fields.removeAll(keepingCapacity: true)
                if byte == carriageReturn && index + 1 < bytes.endIndex && bytes[index + 1] == lineFeed {
                    index += 1
                }
                index += 1
                line += 1
                recordLine = line
                continue
            }
            field.append(byte)
            fieldStarted = true
            index += 1
        }
        if fieldStarted || !field.isEmpty || !fields.isEmpty {
            try finishField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }

    /// Writes records as RFC 4180 text with `separator` and LF line ends (git shows CRLF as
    /// noise in diffs); fields are quoted only when they must be.
    public static func write(_ rows: [[String]], separator: Unicode.Scalar = ",") -> String {
        var text = ""
        for row in rows {
            text += row.map { escape($0, separator: separator) }.joined(separator: String(separator))
            text += "\n"
        }
        return text
    }

    /// Quotes a field when it contains the separator, a quote, a line break, or surrounding spaces
    /// a reader might trim.
    public static func escape(_ field: String, separator: Unicode.Scalar = ",") -> String {
        // Compare scalars, not characters: "\r\n" is one Character and equals neither "\r" nor "\n".
        let needsQuotes = field.unicodeScalars.contains { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.unicodeScalars.first?.properties.isWhitespace == true
            || field.unicodeScalars.last?.properties.isWhitespace == true
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Replaces every occurrence of `target`; a small stand-in so the core needs no Foundation.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var remainder = self[...]
        while let range = remainder.firstRange(of: target) {
            result += remainder[..<range.lowerBound]
            result += replacement
            remainder = remainder[range.upperBound...]
        }
        result += remainder
        return result
    }

    /// The string without leading and trailing white space (Unicode, including no-break space).
    public var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
