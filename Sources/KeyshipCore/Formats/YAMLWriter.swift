/// A value to write as YAML. Mappings keep their fields in the order given, so the same value
/// always produces the same text.
public indirect enum YAMLValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case sequence([YAMLValue])
    case mapping([Field])

    public struct Field: Sendable, Hashable {
        public var key: String
        public var value: YAMLValue

        public init(_ key: String, _ value: YAMLValue) {
            self.key = key
            self.value = value
        }
    }

    /// Builds a mapping from fields in order, leaving out those whose value is nil.
    public static func mapping(omittingNil fields: [(String, YAMLValue?)]) -> YAMLValue {
        .mapping(fields.compactMap { key, value in value.map { Field(key, $0) } })
    }

    /// Wraps an optional string for `mapping(omittingNil:)`.
    public static func string(_ value: String?) -> YAMLValue? {
        value.map { .string($0) }
    }
}

/// Writes `YAMLValue`s as block-style YAML that reads well and parses back to the same values.
///
/// Strings are written plain unless YAML syntax, or the null, boolean and number rules of YAML
/// 1.1 or 1.2, could read them differently: `yes`, `12345` and `2026-12-04` get quotes. Full
/// timestamps such as `2026-12-04T10:15:00Z` stay plain, which keyship's parser reads as text. Multi-line text is written as a
/// literal block (`|`) when that keeps it exact, and everything else in double quotes with
/// escapes. Indentation is two spaces.
public enum YAMLWriter {
    /// Returns the whole file: `comment` as `#` lines (one per line of the comment), then the value.
    public static func document(_ value: YAMLValue, comment: String? = nil) -> String {
        var output = ""
        if let comment {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) {
                output += line.isEmpty ? "#\n" : "# \(line)\n"
            }
        }
        switch value {
        case .mapping(let fields) where !fields.isEmpty:
            writeMapping(fields, indent: 0, continuingLine: false, into: &output)
        case .sequence(let items) where !items.isEmpty:
            writeSequence(items, indent: 0, continuingLine: false, into: &output)
        default:
            var line = ""
            writeScalar(value, indent: 0, into: &line)
            output += line.dropFirst() + "\n"
        }
        return output
    }

    /// Returns `text` as a one-line YAML scalar: plain when safe, otherwise double-quoted.
    public static func inlineScalar(_ text: String) -> String {
        isPlainSafe(text) ? text : doubleQuoted(text)
    }

    // MARK: - Collections

    /// Writes fields one per line at `indent`; when `continuingLine` is true, the first field goes
    /// on the line already started (after `- `).
    private static func writeMapping(
        _ fields: [YAMLValue.Field], indent: Int, continuingLine: Bool, into output: inout String
    ) {
        for (index, field) in fields.enumerated() {
            if index > 0 || !continuingLine {
                output += String(repeating: " ", count: indent)
            }
            output += inlineScalar(field.key) + ":"
            writeNested(field.value, indent: indent, into: &output)
        }
    }

    private static func writeSequence(
        _ items: [YAMLValue], indent: Int, continuingLine: Bool, into output: inout String
    ) {
        for (index, item) in items.enumerated() {
            if index > 0 || !continuingLine {
                output += String(repeating: " ", count: indent)
            }
            output += "-"
            switch item {
            case .mapping(let fields) where !fields.isEmpty:
                output += " "
                writeMapping(fields, indent: indent + 2, continuingLine: true, into: &output)
            case .sequence(let nested) where !nested.isEmpty:
                output += " "
                writeSequence(nested, indent: indent + 2, continuingLine: true, into: &output)
            default:
                writeScalar(item, indent: indent, into: &output)
                output += "\n"
            }
        }
    }

    /// Writes the value of a mapping field whose `key:` is already on the line.
    private static func writeNested(_ value: YAMLValue, indent: Int, into output: inout String) {
        switch value {
        case .mapping(let fields) where !fields.isEmpty:
            output += "\n"
            writeMapping(fields, indent: indent + 2, continuingLine: false, into: &output)
        case .sequence(let items) where !items.isEmpty:
            output += "\n"
            writeSequence(items, indent: indent + 2, continuingLine: false, into: &output)
        default:
            writeScalar(value, indent: indent, into: &output)
            output += "\n"
        }
    }

    /// Writes a space and a scalar or empty collection; a literal block's lines go at
    /// `indent + 2`. Leaves the line open, without its final line break.
    private static func writeScalar(_ value: YAMLValue, indent: Int, into output: inout String) {
        switch value {
        case .string(let text):
            if canWriteLiteral(text) {
                output += " " + literalBlock(text, indent: indent + 2)
            } else {
                output += " " + inlineScalar(text)
            }
        case .int(let number):
            output += " \(number)"
        case .bool(let flag):
            output += flag ? " true" : " false"
        case .null:
            output += " null"
        case .sequence:
            output += " []"
        case .mapping:
            output += " {}"
        }
    }

    // MARK: - Plain scalars

    /// Words that some YAML version reads as null or a boolean, compared in lower case.
    private static let reservedWords: Set<String> = [
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ]

    /// Characters a number can be made of in YAML 1.1 or 1.2: digits, signs, points, exponents,
    /// hex and octal prefixes, underscores and the colons of base-60 numbers.
    private static let numberCharacters = Set("0123456789abcdefABCDEFxXoO_+-.:")

    /// True when `text` can be written without quotes in block context and read back unchanged.
    static func isPlainSafe(_ text: String) -> Bool {
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            let allowed = previous == nil ? isPlainStart(scalar) : isPlainCharacter(scalar)
            // `: ` would start a mapping value, and a double space reads as a typing slip.
            guard allowed, !(scalar == " " && (previous == ":" || previous == " ")) else { return false }
            previous = scalar
        }
        guard let last = previous, last != " ", last != ":" else { return false }
        // The longest reserved word has five letters, so longer text needs no lower-casing.
        if text.utf8.count <= 5 && reservedWords.contains(text.lowercased()) { return false }
        return !looksLikeNumber(text)
    }

    private static func isPlainStart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "/" || scalar == "_"
        }
        return isWordScalar(scalar)
    }

    private static func isPlainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || " -_./@+:(),=".unicodeScalars.contains(scalar)
        }
        return isWordScalar(scalar)
    }

    /// Letters, marks and digits outside ASCII, such as `é` or `ñ`.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// True for text starting with a digit and made only of number characters. Text starting
    /// with `+`, `-` or `.` never gets here, because those never start a plain scalar.
    private static func looksLikeNumber(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isNumber else { return false }
        return text.allSatisfy { numberCharacters.contains($0) }
    }

    // MARK: - Double-quoted scalars

    static func doubleQuoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            case "\0": output += "\\0"
            case "\u{85}": output += "\\N"
            case "\u{2028}": output += "\\L"
            case "\u{2029}": output += "\\P"
            default:
                if isPrintable(scalar) {
                    output.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    output += "\\x" + hex(scalar.value, width: 2)
                } else {
                    output += "\\u" + hex(scalar.value, width: 4)
                }
            }
        }
        return output + "\""
    }

    /// YAML's printable set, which libyaml enforces, minus the byte order mark.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
            return scalar.value != 0xFEFF
        default:
            return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: - Literal blocks

    /// True when a literal block reads back exactly. That needs several lines, every character
    /// printable or a tab, and no line ending in a space or tab, because block scalars drop the
    /// whitespace of blank lines. The first line of text must not start with a space or tab
    /// either, so the indentation libyaml detects is the one written.
    static func canWriteLiteral(_ text: String) -> Bool {
        guard text.utf8.contains(UInt8(ascii: "\n")) else { return false }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // libyaml detects the indentation from the first line that is not empty.
        guard lines.count > 1, let firstText = lines.first(where: { !$0.isEmpty }),
              let first = firstText.unicodeScalars.first, first != " ", first != "\t"
        else { return false }
        for scalar in text.unicodeScalars where scalar != "\n" && scalar != "\t" {
            // YAML 1.1, which libyaml follows, also breaks lines at NEL, LS and PS.
            guard isPrintable(scalar), !["\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) else { return false }
        }
        return lines.allSatisfy { line in
            guard let last = line.unicodeScalars.last else { return true }
            return last != " " && last != "\t"
        }
    }

    /// Returns `|`, `|-` or `|+` and the lines at `indent`; empty lines stay empty.
    private static func literalBlock(_ text: String, indent: Int) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let trailingBreaks = lines.reversed().prefix { $0.isEmpty }.count
        let chomping: String
        switch trailingBreaks {
        case 0: chomping = "-"
        case 1: chomping = ""
        default: chomping = "+"
        }
        // The final empty element stands for the text's last line break, written by the caller.
        if trailingBreaks > 0 { lines.removeLast() }
        let padding = String(repeating: " ", count: indent)
        let body = lines.map { $0.isEmpty ? "" : padding + $0 }.joined(separator: "\n")
        return "|" + chomping + "\n" + body
    }
}
