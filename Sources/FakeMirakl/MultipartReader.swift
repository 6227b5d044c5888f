/// One part of a `multipart/form-data` request body.
struct FormPart: Sendable {
    var name: String
    var filename: String?
    var contentType: String?
    var data: [UInt8]
}

/// Reads `multipart/form-data` bodies (RFC 7578) as the fake's upload endpoints receive them.
enum MultipartReader {
    /// Returns the boundary parameter of a `multipart/form-data` content type, or nil for any
    /// other content type.
    static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parameters = splitOutsideQuotes(contentType, separator: ";")
        guard parameters.first?.trimmed.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() {
            let (name, value) = nameAndValue(parameter)
            if name == "boundary", !value.isEmpty { return value }
        }
        return nil
    }

    /// Splits `body` into its parts, or returns nil when the body is not well formed.
    static func parts(of body: [UInt8], boundary: String) -> [FormPart]? {
        let delimiter = Array(("--" + boundary).utf8)
        let partEnd = Array(("\r\n--" + boundary).utf8)
        guard var position = find(delimiter, in: body, from: 0) else { return nil }
        position += delimiter.count

        var parts: [FormPart] = []
        while true {
            if body[position...].starts(with: Array("--".utf8)) { return parts }
            guard body[position...].starts(with: [13, 10]) else { return nil }
            position += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: position) else { return nil }
            let headerText = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let dataStart = headerEnd + 4
            guard let dataEnd = find(partEnd, in: body, from: dataStart) else { return nil }
            guard let part = makePart(headers: headerText, data: Array(body[dataStart..<dataEnd])) else { return nil }
            parts.append(part)
            position = dataEnd + partEnd.count
            guard position <= body.count - 2 else { return nil }
        }
    }

    private static func makePart(headers: String, data: [UInt8]) -> FormPart? {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let field = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...]).trimmed
            switch field {
            case "content-disposition":
                let parameters = splitOutsideQuotes(value, separator: ";")
                guard parameters.first?.trimmed.lowercased() == "form-data" else { return nil }
                for parameter in parameters.dropFirst() {
                    let (key, text) = nameAndValue(parameter)
                    if key == "name" { name = text }
                    if key == "filename" { filename = text }
                }
            case "content-type":
                contentType = value
            default:
                break
            }
        }
        guard let name else { return nil }
        return FormPart(name: name, filename: filename, contentType: contentType, data: data)
    }

    /// Splits `name=value`, removing quotes around the value and decoding the `%22`, `%0D` and
    /// `%0A` escapes that browsers write inside quoted names.
    private static func nameAndValue(_ parameter: String) -> (String, String) {
        guard let equals = parameter.firstIndex(of: "=") else { return (parameter.trimmed.lowercased(), "") }
        let name = parameter[..<equals].trimmed.lowercased()
        var value = String(parameter[parameter.index(after: equals)...]).trimmed
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            value = String(value.dropFirst().dropLast())
            value = value.replacing("%22", with: "\"").replacing("%0D", with: "\r").replacing("%0A", with: "\n")
        }
        return (name, value)
    }

    private static func splitOutsideQuotes(_ text: String, separator: Character) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if character == separator && !inQuotes {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmed: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
