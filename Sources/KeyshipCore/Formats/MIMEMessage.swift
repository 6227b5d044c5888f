/// An RFC 5322 e-mail message with a UTF-8 plain-text body and optional attachments, rendered
/// as MIME bytes for SMTP or an `.eml` file.
///
/// Rendering is pure: the same value always gives the same bytes. Every line ends with CRLF,
/// body lines are at most 76 characters, and every header value is either plain printable
/// ASCII or RFC 2047 encoded, so no value can add a header or break the structure.
public struct MIMEMessage: Sendable, Hashable {
    /// The transfer encoding of the text body.
    public enum BodyEncoding: Sendable, Hashable {
        /// Readable in a raw `.eml` file; the usual choice for mostly-ASCII text.
        case quotedPrintable
        /// Compact for text that is mostly non-ASCII.
        case base64
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Timestamp
    /// The `Message-ID` without angle brackets, such as `abc123@example.com`.
    public var messageID: String
    /// Custom headers, each named `X-…`, in the order they are written.
    public var extraHeaders: [MIMEHeader]
    /// The plain-text body. Its line breaks (`\n` or `\r\n`) are sent as CRLF, the canonical
    /// form of MIME text, so a decoder returns the text with CRLF line breaks and every other
    /// character unchanged.
    public var body: String
    public var bodyEncoding: BodyEncoding
    public var attachments: [MIMEAttachment]
    /// The `multipart/mixed` boundary. It starts with `=_`, which neither base64 nor
    /// quoted-printable output can contain, so it never occurs inside a part.
    public var boundary: String

    /// Creates a message; `messageID` defaults to a random id in the sender's domain.
    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        date: Timestamp,
        messageID: String? = nil,
        extraHeaders: [MIMEHeader] = [],
        body: String,
        bodyEncoding: BodyEncoding = .quotedPrintable,
        attachments: [MIMEAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID ?? Self.generateMessageID(domain: String(from.domain))
        self.extraHeaders = extraHeaders
        self.body = body
        self.bodyEncoding = bodyEncoding
        self.attachments = attachments
        self.boundary = "=_keyship_" + RandomHex.make(byteCount: 12)
    }

    /// Returns a new random message id such as `4f1c…@example.com`.
    public static func generateMessageID(domain: String) -> String {
        RandomHex.make(byteCount: 16) + "@" + (domain.isEmpty ? "keyship.invalid" : domain)
    }

    /// Renders the whole message, headers and body, as bytes with CRLF line ends.
    public func rendered() throws(MIMEError) -> [UInt8] {
        guard !to.isEmpty else { throw .noRecipients }
        try validateMessageID()

        var text = "Date: " + Self.rfc5322Date(date) + "\r\n"
        text += "From: " + (try from.headerText(firstLineUsed: 6)) + "\r\n"
        var recipients: [String] = []
        for address in to {
            recipients.append(try address.headerText(firstLineUsed: 4))
        }
        text += "To: " + recipients.joined(separator: ",\r\n ") + "\r\n"
        text += MIMEEncoding.unstructuredHeader(name: "Subject", value: subject)
        text += "Message-ID: <" + messageID + ">\r\n"
        text += "MIME-Version: 1.0\r\n"
        for header in extraHeaders {
            guard header.isValidCustomName else { throw .invalidHeaderName(header.name) }
            text += MIMEEncoding.unstructuredHeader(name: header.name, value: header.value)
        }

        guard !attachments.isEmpty else {
            // The body runs to the end of the message, so its last line needs a line break that
            // is not part of the text. Quoted-printable gets a soft line break, which decodes to
            // nothing, and base64 a plain one, which decoders skip.
            var content = bodyContent()
            if !content.isEmpty, !content.hasSuffix("\r\n") {
                content += bodyEncoding == .quotedPrintable ? "=\r\n" : "\r\n"
            }
            return Array((text + bodyHeaders() + "\r\n" + content).utf8)
        }

        // In a multipart body the CRLF before each boundary line belongs to the boundary, so
        // every part's content is followed by exactly one CRLF that is not part of it.
        text += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n"
        text += "\r\n"
        text += "This is a multi-part message in MIME format.\r\n"
        text += "--" + boundary + "\r\n" + bodyHeaders() + "\r\n" + bodyContent() + "\r\n"
        for attachment in attachments {
            text += "--" + boundary + "\r\n" + (try attachment.part()) + "\r\n"
        }
        text += "--" + boundary + "--\r\n"
        return Array(text.utf8)
    }

    /// Returns the `Content-Type` and `Content-Transfer-Encoding` lines of the text body.
    private func bodyHeaders() -> String {
        let encoding = bodyEncoding == .quotedPrintable ? "quoted-printable" : "base64"
        return "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: \(encoding)\r\n"
    }

    /// Encodes the text body, without a line break after its last line.
    private func bodyContent() -> String {
        switch bodyEncoding {
        case .quotedPrintable:
            return MIMEEncoding.quotedPrintable(body)
        case .base64:
            let canonical = MIMEEncoding.canonicalLines(body).map(Array.init).joined(separator: Array("\r\n".utf8))
            return MIMEEncoding.base64Lines(Array(canonical))
        }
    }

    private func validateMessageID() throws(MIMEError) {
        let parts = messageID.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = Array("<>()[]\\,;:\" ".utf8)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              messageID.utf8.allSatisfy({ (33...126).contains($0) && !forbidden.contains($0) })
        else { throw .invalidMessageID(messageID) }
    }

    /// Formats an instant as an RFC 5322 date in UTC: `Fri, 04 Dec 2026 10:15:00 +0000`.
    public static func rfc5322Date(_ timestamp: Timestamp) -> String {
        let date = timestamp.utcDate
        // 1970-01-01 was a Thursday.
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let weekday = weekdays[((date.daysSinceEpoch % 7) + 7) % 7]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let clock = String(timestamp.iso.dropFirst(11).prefix(8))
        return "\(weekday), \(CivilDate.pad(date.day, 2)) \(months[date.month - 1]) \(CivilDate.pad(date.year, 4)) \(clock) +0000"
    }
}

/// One custom header of a message.
public struct MIMEHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// True for `X-` followed by letters, digits and hyphens.
    var isValidCustomName: Bool {
        let bytes = Array(name.utf8)
        guard bytes.count > 2, bytes.count <= 76, name.lowercased().hasPrefix("x-") else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}

/// A file attached to a message, sent as base64.
public struct MIMEAttachment: Sendable, Hashable {
    /// The file name shown to the recipient: any Unicode text, sent with RFC 2231 encoding when
    /// needed.
    public var filename: String
    /// The media type, such as `application/pdf`.
    public var contentType: String
    public var data: [UInt8]

    public init(filename: String, contentType: String = "application/octet-stream", data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }

    /// Returns the attachment's headers, a blank line and its base64 content, with no line
    /// break after the content.
    func part() throws(MIMEError) -> String {
        guard !filename.isEmpty else { throw .emptyFilename }
        guard MediaType.isValid(contentType) else { throw .invalidContentType(contentType) }
        var text = "Content-Type: " + contentType + "\r\n"
        text += "Content-Transfer-Encoding: base64\r\n"
        text += "Content-Disposition: attachment"
        for segment in MIMEEncoding.parameterSegments(name: "filename", value: filename) {
            text += ";\r\n " + segment
        }
        text += "\r\n\r\n"
        return text + MIMEEncoding.base64Lines(data)
    }
}

/// Checks of media type names.
enum MediaType {
    /// True for `type/subtype` where both are RFC 2045 tokens, optionally followed by
    /// parameters `; name=value` (a token name, and a token or a quoted string without line
    /// breaks as value), such as `text/plain; charset=utf-8`.
    static func isValid(_ text: String) -> Bool {
        let sections = text.split(separator: ";", omittingEmptySubsequences: false)
        let parts = sections[0].split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(MIMEEncoding.isTokenCharacter) })
        else { return false }
        return sections.dropFirst().allSatisfy(isValidParameter)
    }

    private static func isValidParameter(_ section: Substring) -> Bool {
        let trimmed = section.drop { $0 == " " }
        guard let equals = trimmed.firstIndex(of: "=") else { return false }
        let name = trimmed[..<equals]
        let value = trimmed[trimmed.index(after: equals)...]
        guard !name.isEmpty, name.utf8.allSatisfy(MIMEEncoding.isTokenCharacter), !value.isEmpty else { return false }
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
            return !value.utf8.contains { $0 == 0x0D || $0 == 0x0A }
        }
        return value.utf8.allSatisfy(MIMEEncoding.isTokenCharacter)
    }
}

/// Random hexadecimal strings for message ids and boundaries.
enum RandomHex {
    static func make(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var text = ""
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
