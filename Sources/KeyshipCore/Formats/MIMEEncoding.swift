/// Transfer encodings and header encodings for MIME (RFC 2045, RFC 2047, RFC 2231), written
/// without Foundation so the domain can build messages with no I/O.
public enum MIMEEncoding {
    /// The longest encoded line, not counting CRLF, that RFC 2045 allows for base64 and
    /// quoted-printable bodies.
    public static let maxLineLength = 76

    // MARK: Base64

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes` as standard base64 with padding, on one line.
    public static func base64(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(base64Alphabet[Int(group >> 18 & 0x3F)])
            output.append(base64Alphabet[Int(group >> 12 & 0x3F)])
            output.append(second == nil ? UInt8(ascii: "=") : base64Alphabet[Int(group >> 6 & 0x3F)])
            output.append(third == nil ? UInt8(ascii: "=") : base64Alphabet[Int(group & 0x3F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes `bytes` as base64 in lines of at most 76 characters joined by CRLF, with no line
    /// break after the last line.
    public static func base64Lines(_ bytes: some Collection<UInt8>) -> String {
        let encoded = Array(base64(bytes).utf8)
        var lines: [String] = []
        var start = 0
        while start < encoded.count {
            let end = min(start + maxLineLength, encoded.count)
            lines.append(String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        }
        return lines.joined(separator: "\r\n")
    }

    // MARK: Quoted-printable

    /// Encodes text as quoted-printable (RFC 2045 section 6.7) in lines of at most 76 characters.
    ///
    /// Line breaks in `text` (`\n` or `\r\n`) become CRLF hard line breaks, the canonical form of
    /// text in MIME, and a lone `\r` is escaped as `=0D`. Spaces and tabs before a line break are
    /// escaped so mail relays that strip trailing white space cannot change the text. A `.` at
    /// the start of an encoded line and `From ` at the start of a text line are escaped too,
    /// because some SMTP servers and mbox writers alter such lines.
    ///
    /// Encoded lines are joined by CRLF. The output ends with CRLF only when the text ends with
    /// a line break, so the caller decides how the content is closed.
    public static func quotedPrintable(_ text: String) -> String {
        canonicalLines(text).map(quotedPrintableLine).joined(separator: "\r\n")
    }

    /// Splits text at `\n` and `\r\n`, keeping a lone `\r` inside its line.
    static func canonicalLines(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                // A CR directly before LF belongs to the line break.
                let end = index > start && bytes[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
                lines.append(bytes[start..<end])
                start = index + 1
            }
            index += 1
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    /// Encodes one text line (without its line break) as one or more quoted-printable lines,
    /// joined by soft line breaks.
    private static func quotedPrintableLine(_ line: ArraySlice<UInt8>) -> String {
        // Encode each byte into a token first, then wrap tokens so no `=XX` triple is split.
        var tokens: [String] = []
        tokens.reserveCapacity(line.count)
        let startsWithFrom = line.starts(with: Array("From ".utf8))
        for (offset, byte) in line.enumerated() {
            let isLast = offset == line.count - 1
            let mustEscape: Bool
            switch byte {
            case UInt8(ascii: "="):
                mustEscape = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                mustEscape = isLast
            case UInt8(ascii: "."):
                mustEscape = offset == 0
            case UInt8(ascii: "F"):
                mustEscape = offset == 0 && startsWithFrom
            case 33...126:
                mustEscape = false
            default:
                mustEscape = true
            }
            tokens.append(mustEscape ? hexEscape(byte) : String(UnicodeScalar(byte)))
        }

        var output = ""
        var lineLength = 0
        for (index, token) in tokens.enumerated() {
            let isLastToken = index == tokens.count - 1
            // A soft line break costs one `=`; the last token of the line needs no room for it.
            let room = isLastToken ? maxLineLength : maxLineLength - 1
            var token = token
            if lineLength + token.utf8.count > room {
                output += "=\r\n"
                lineLength = 0
                // A wrapped line must not start with a bare dot either.
                if token == "." { token = hexEscape(UInt8(ascii: ".")) }
            }
            output += token
            lineLength += token.utf8.count
        }
        return output
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func hexEscape(_ byte: UInt8) -> String {
        String(decoding: [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    // MARK: Header values

    /// True when `text` can appear in a header as it is: printable ASCII and spaces only, and no
    /// `=?` that a reader would take for the start of an encoded word.
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { (32...126).contains($0) } && !text.contains("=?")
    }

    /// Encodes `text` as RFC 2047 `B` encoded words in UTF-8, each at most 75 characters and
    /// holding whole characters, as the RFC requires. The words are separated by a folding CRLF
    /// and space, which readers drop between encoded words.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> String {
        let prefix = "=?utf-8?B?"
        let suffix = "?="
        // 75 characters per word; base64 turns each 3 bytes into 4 characters.
        let maxEncodedLength = 75 - prefix.count - suffix.count
        let maxBytesPerWord = maxEncodedLength / 4 * 3

        var words: [String] = []
        var chunk: [UInt8] = []
        // The first word shares its line with the header name, so it carries fewer bytes.
        var limit = max(6, (78 - firstLineUsed - prefix.count - suffix.count) / 4 * 3)
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > limit {
                words.append(prefix + base64(chunk) + suffix)
                chunk = []
                limit = maxBytesPerWord
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(prefix + base64(chunk) + suffix) }
        return words.joined(separator: "\r\n ")
    }

    /// Writes an unstructured header field (such as `Subject` or an `X-` header) as one or more
    /// lines ending in CRLF, folded to stay near 78 characters.
    ///
    /// Plain printable ASCII is folded at spaces. Anything else becomes encoded words, including
    /// line breaks, control characters and non-ASCII text, so no value can inject a header.
    public static func unstructuredHeader(name: String, value: String) -> String {
        let head = name + ": "
        guard isPlainHeaderText(value) else {
            return head + encodedWords(value, firstLineUsed: head.count) + "\r\n"
        }
        return head + foldAtSpaces(value, firstLineUsed: head.count) + "\r\n"
    }

    /// Folds plain ASCII text at spaces so lines stay within 78 characters where a space allows.
    /// A word longer than a line stays whole, because RFC 5322 folds only at white space.
    static func foldAtSpaces(_ text: String, firstLineUsed: Int) -> String {
        var output = ""
        var lineLength = firstLineUsed
        var isFirstWord = true
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if isFirstWord {
                output += word
                lineLength += word.count
                isFirstWord = false
            } else if lineLength + 1 + word.count > 78, !word.isEmpty {
                // The space that separated the words starts the continuation line.
                output += "\r\n " + word
                lineLength = 1 + word.count
            } else {
                output += " " + word
                lineLength += 1 + word.count
            }
        }
        return output
    }

    // MARK: Parameters

    /// True for characters RFC 2045 allows in a `token` parameter value.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        guard (33...126).contains(byte) else { return false }
        return !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
    }

    /// Returns a MIME header parameter as `name=value` segments, which the caller writes after
    /// `;` on folded lines.
    ///
    /// Printable ASCII goes in a quoted string. Other values use RFC 2231: `name*=utf-8''…` with
    /// percent-encoding, split into numbered continuations (`name*0*=`, `name*1*=`) when long.
    static func parameterSegments(name: String, value: String) -> [String] {
        let bytes = Array(value.utf8)
        if bytes.allSatisfy({ (32...126).contains($0) }), bytes.count <= 60 {
            return ["\(name)=\(quotedString(value))"]
        }

        var pieces: [String] = []
        var current = ""
        for character in value {
            var encoded = ""
            for byte in String(character).utf8 {
                if isTokenCharacter(byte), byte != UInt8(ascii: "%"), byte != UInt8(ascii: "*"),
                   byte != UInt8(ascii: "'")
                {
                    encoded.append(Character(UnicodeScalar(byte)))
                } else {
                    encoded += "%" + String(decoding: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]], as: UTF8.self)
                }
            }
            // Keep a character's percent-encoded bytes together, so each piece stays valid UTF-8.
            if !current.isEmpty, current.count + encoded.count > 40 {
                pieces.append(current)
                current = ""
            }
            current += encoded
        }
        pieces.append(current)

        if pieces.count == 1 {
            return ["\(name)*=utf-8''\(pieces[0])"]
        }
        return pieces.enumerated().map { index, piece in
            index == 0 ? "\(name)*0*=utf-8''\(piece)" : "\(name)*\(index)*=\(piece)"
        }
    }

    /// Quotes `text` as an RFC 5322 quoted string, escaping `"` and `\`.
    static func quotedString(_ text: String) -> String {
        var output = "\""
        for character in text {
            if character == "\"" || character == "\\" { output.append("\\") }
            output.append(character)
        }
        return output + "\""
    }
}
