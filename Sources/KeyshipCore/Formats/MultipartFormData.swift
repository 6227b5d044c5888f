/// A `multipart/form-data` body (RFC 7578) for HTTP uploads, such as invoices sent to Mirakl.
///
/// Part contents are sent as raw bytes, without a transfer encoding, as RFC 7578 requires, so
/// the builder checks that the boundary occurs in no part and draws a new one when it does.
public struct MultipartFormData: Sendable, Hashable {
    /// One form field or file.
    public struct Part: Sendable, Hashable {
        /// The form field name.
        public var name: String
        /// The file name for a file part; nil for a plain field.
        public var filename: String?
        /// The media type, such as `application/pdf`; nil leaves it out, which readers take as
        /// `text/plain`.
        public var contentType: String?
        public var data: [UInt8]

        public init(name: String, filename: String? = nil, contentType: String? = nil, data: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }

        /// Makes a text field, sent as UTF-8.
        public static func field(_ name: String, _ value: String) -> Part {
            Part(name: name, data: Array(value.utf8))
        }

        /// Makes a file part.
        public static func file(
            _ name: String, filename: String, contentType: String = "application/octet-stream", data: [UInt8]
        ) -> Part {
            Part(name: name, filename: filename, contentType: contentType, data: data)
        }
    }

    public var parts: [Part]
    /// The boundary; nil draws a random one that occurs in no part.
    public var boundary: String?

    public init(parts: [Part], boundary: String? = nil) {
        self.parts = parts
        self.boundary = boundary
    }

    /// The encoded body and the `Content-Type` header value that names its boundary.
    public struct Encoded: Sendable, Hashable {
        public var contentType: String
        public var body: [UInt8]
    }

    /// Encodes the form with CRLF line ends.
    public func encoded() throws(MIMEError) -> Encoded {
        for part in parts {
            if let contentType = part.contentType, !MediaType.isValid(contentType) {
                throw .invalidContentType(contentType)
            }
            if let filename = part.filename, filename.isEmpty { throw .emptyFilename }
        }

        let chosen: String
        if let boundary {
            guard Self.isValidBoundary(boundary), !occursInParts(boundary) else { throw .invalidBoundary(boundary) }
            chosen = boundary
        } else {
            var candidate = "keyship-form-" + RandomHex.make(byteCount: 16)
            // With 128 random bits a clash is practically impossible, but the parts are
            // arbitrary bytes, so the check is cheap insurance.
            while occursInParts(candidate) { candidate = "keyship-form-" + RandomHex.make(byteCount: 16) }
            chosen = candidate
        }

        var body: [UInt8] = []
        for part in parts {
            var head = "--" + chosen + "\r\n"
            head += "Content-Disposition: form-data; name=" + Self.quotedParameter(part.name)
            if let filename = part.filename {
                head += "; filename=" + Self.quotedParameter(filename)
            }
            head += "\r\n"
            if let contentType = part.contentType {
                head += "Content-Type: " + contentType + "\r\n"
            }
            head += "\r\n"
            body += Array(head.utf8)
            body += part.data
            body += Array("\r\n".utf8)
        }
        body += Array(("--" + chosen + "--\r\n").utf8)
        return Encoded(contentType: "multipart/form-data; boundary=" + chosen, body: body)
    }

    /// Quotes a field or file name the way browsers do (WHATWG HTML form encoding): UTF-8 as is,
    /// with `"`, CR and LF percent-encoded, because RFC 7578 forbids the RFC 2231 `filename*`
    /// form and servers read this one.
    static func quotedParameter(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "%22"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// True for 1 to 70 letters, digits and `'+_-.`: RFC 2046 boundary characters that are also
    /// token characters, because the boundary goes into the header unquoted.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let allowed = Array("'+_-.".utf8)
        let bytes = Array(boundary.utf8)
        return (1...70).contains(bytes.count) && bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || allowed.contains(byte)
        }
    }

    private func occursInParts(_ boundary: String) -> Bool {
        let delimiter = Array(("--" + boundary).utf8)
        return parts.contains { part in
            Self.contains(part.data, delimiter)
                || Self.contains(Array(part.name.utf8), delimiter)
                || Self.contains(Array((part.filename ?? "").utf8), delimiter)
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
