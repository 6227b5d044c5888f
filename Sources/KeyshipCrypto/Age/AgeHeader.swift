/// One recipient stanza: its arguments (the first names the recipient type) and its body.
struct AgeStanza: Sendable, Equatable {
    var arguments: [String]
    var body: [UInt8]

    var type: String { arguments[0] }
}

/// The textual header of an age v1 file, as parsed from or written to bytes.
///
/// Grammar (age v1):
///
///     header    = "age-encryption.org/v1" LF 1*stanza "--- " 43base64char LF
///     stanza    = "-> " argument *(SP argument) LF *(64base64char LF) *63base64char LF
///     argument  = 1*VCHAR
struct AgeHeader {
    static let versionLine = Array("age-encryption.org/v1".utf8)
    static let versionPrefix = Array("age-encryption.org/".utf8)
    static let bodyColumns = 64
    static let macSize = 32

    var stanzas: [AgeStanza]
    var mac: [UInt8]
    /// The bytes the MAC covers: the header up to and including `---`.
    var authenticatedBytes: ArraySlice<UInt8>
    /// The offset of the first payload byte (the nonce) in the parsed file.
    var payloadOffset: Int

    /// Parses the header at the start of `file`, checking the grammar only.
    static func parse(_ file: [UInt8]) throws(AgeError) -> AgeHeader {
        guard !file.isEmpty else { throw .invalidHeader(.empty) }
        var reader = LineReader(bytes: file)

        guard let version = reader.nextLine() else {
            if file.elementsEqual(versionLine) { throw .invalidHeader(.truncated(line: 1)) }
            throw file.starts(with: versionPrefix) ? .invalidHeader(.unsupportedVersion) : .invalidHeader(.notAgeFile)
        }
        if !file[version].elementsEqual(versionLine) {
            throw file[version].starts(with: versionPrefix)
                ? .invalidHeader(.unsupportedVersion) : .invalidHeader(.notAgeFile)
        }

        var stanzas: [AgeStanza] = []
        while true {
            guard let line = reader.nextLine() else { throw .invalidHeader(.truncated(line: reader.endLineNumber)) }
            let text = file[line]
            if text.starts(with: Array("-> ".utf8)) {
                let arguments = try parseArguments(text.dropFirst(3), line: reader.lineNumber)
                let body = try parseBody(&reader, file: file)
                stanzas.append(AgeStanza(arguments: arguments, body: body))
            } else if text.starts(with: Array("---".utf8)) {
                let mac = try parseMAC(text, line: reader.lineNumber)
                guard !stanzas.isEmpty else { throw .invalidHeader(.noStanzas) }
                return AgeHeader(
                    stanzas: stanzas, mac: mac,
                    authenticatedBytes: file[file.startIndex..<(line.lowerBound + 3)],
                    payloadOffset: reader.offset)
            } else {
                throw .invalidHeader(.unexpectedLine(line: reader.lineNumber))
            }
        }
    }

    /// Writes the header bytes up to and including `---`, the part the MAC covers.
    static func encodeAuthenticatedPart(_ stanzas: [AgeStanza]) -> [UInt8] {
        var output = versionLine + [0x0A]
        for stanza in stanzas {
            output += Array("-> ".utf8) + Array(stanza.arguments.joined(separator: " ").utf8) + [0x0A]
            let body = Base64.encode(stanza.body, padded: false)
            var start = 0
            // Full lines are 64 columns; the body always ends with a shorter line, which is
            // empty when the encoding fills its last line exactly.
            while body.count - start >= bodyColumns {
                output += body[start..<(start + bodyColumns)] + [0x0A]
                start += bodyColumns
            }
            output += body[start...] + [0x0A]
        }
        output += Array("---".utf8)
        return output
    }

    /// Returns the complete MAC line suffix, " <base64 MAC>\n", that follows `---`.
    static func encodeMACSuffix(_ mac: [UInt8]) -> [UInt8] {
        [UInt8(ascii: " ")] + Base64.encode(mac, padded: false) + [0x0A]
    }

    private static func parseArguments(_ text: ArraySlice<UInt8>, line: Int) throws(AgeError) -> [String] {
        let arguments = text.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        for argument in arguments {
            // Each argument is 1*VCHAR: printable ASCII without space.
            guard !argument.isEmpty, argument.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
                throw .invalidHeader(.invalidStanzaArguments(line: line))
            }
        }
        return arguments.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func parseBody(_ reader: inout LineReader, file: [UInt8]) throws(AgeError) -> [UInt8] {
        let firstLine = reader.lineNumber + 1
        var encoded: [UInt8] = []
        while true {
            guard let line = reader.nextLine() else { throw .invalidHeader(.truncated(line: reader.endLineNumber)) }
            let text = file[line]
            guard text.count <= bodyColumns, text.allSatisfy(Base64.isAlphabetCharacter) else {
                throw .invalidHeader(.invalidStanzaBody(line: reader.lineNumber))
            }
            encoded += text
            if text.count < bodyColumns { break }
        }
        guard let body = Base64.decode(encoded, padded: false) else {
            throw .invalidHeader(.invalidStanzaBody(line: firstLine))
        }
        return body
    }

    private static func parseMAC(_ text: ArraySlice<UInt8>, line: Int) throws(AgeError) -> [UInt8] {
        let encodedLength = 43
        guard text.count == 4 + encodedLength, text[text.startIndex + 3] == UInt8(ascii: " "),
              let mac = Base64.decode(text.dropFirst(4), padded: false), mac.count == macSize
        else { throw .invalidHeader(.invalidMACLine(line: line)) }
        return mac
    }
}

/// Splits bytes into LF-terminated lines, tracking the line number and the offset after the last
/// line read.
struct LineReader {
    let bytes: [UInt8]
    private(set) var offset = 0
    private(set) var lineNumber = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The number of the line where the input ends: the last complete line, or the partial line
    /// after it.
    var endLineNumber: Int { offset < bytes.count ? lineNumber + 1 : lineNumber }

    /// Returns the range of the next line without its LF, or nil when no complete line is left.
    mutating func nextLine() -> Range<Int>? {
        guard let end = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
        let line = offset..<end
        offset = end + 1
        lineNumber += 1
        return line
    }
}
