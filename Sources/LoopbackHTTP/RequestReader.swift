/// Reads HTTP/1.1 requests from a connection: the request line, headers, and a body sent with
/// `Content-Length` or chunked transfer coding.
struct RequestReader {
    /// The largest header section accepted, in bytes.
    static let maxHeaderBytes = 64 * 1024
    /// The largest body accepted, in bytes.
    static let maxBodyBytes = 64 * 1024 * 1024

    enum Failure: Error {
        /// The connection closed before a complete request.
        case closed
        /// The request cannot be parsed, so the server responds with 400 and closes.
        case malformed(String)
        /// The request is larger than the limits, so the server responds with 413 and closes.
        case tooLarge
    }

    /// A parsed request and whether the client allows the connection to stay open after it.
    struct Parsed {
        var request: LoopbackRequest
        var keepAlive: Bool
    }

    var stream: SocketStream

    /// Reads the next request; returns nil when the client closed the connection between
    /// requests.
    mutating func next() throws(Failure) -> Parsed? {
        guard let headerEnd = try readUntilHeaderEnd() else { return nil }
        let head = stream.take(headerEnd + 4)
        let lines = String(decoding: head.dropLast(4), as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)

        let requestLine = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1."), !requestLine[0].isEmpty,
              requestLine[1].hasPrefix("/")
        else { throw .malformed("invalid request line") }

        var headers: [LoopbackHeader] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .malformed("invalid header line")
            }
            let value = line[line.index(after: colon)...].trimmingWhiteSpace()
            headers.append(LoopbackHeader(String(line[..<colon]), value))
        }

        var request = LoopbackRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
        let isHTTP10 = requestLine[2] == "HTTP/1.0"
        let connection = request.header("Connection")?.lowercased() ?? ""
        let keepAlive = isHTTP10 ? connection == "keep-alive" : connection != "close"

        if request.header("Expect")?.lowercased() == "100-continue" {
            _ = stream.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        if request.header("Transfer-Encoding")?.lowercased() == "chunked" {
            request.body = try readChunkedBody()
        } else if let lengthText = request.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0 else { throw .malformed("invalid Content-Length") }
            guard length <= Self.maxBodyBytes else { throw .tooLarge }
            request.body = try read(count: length)
        }
        return Parsed(request: request, keepAlive: keepAlive)
    }

    /// Returns the offset of the blank line that ends the headers, or nil when the connection
    /// closed before any byte of a new request.
    private mutating func readUntilHeaderEnd() throws(Failure) -> Int? {
        var searchFrom = 0
        while true {
            if let end = Self.find([13, 10, 13, 10], in: stream.buffer, from: searchFrom) { return end }
            guard stream.buffer.count <= Self.maxHeaderBytes else { throw .tooLarge }
            searchFrom = max(0, stream.buffer.count - 3)
            guard stream.fill() else {
                if stream.buffer.isEmpty { return nil }
                throw .closed
            }
        }
    }

    private mutating func read(count: Int) throws(Failure) -> [UInt8] {
        while stream.buffer.count < count {
            guard stream.fill() else { throw .closed }
        }
        return stream.take(count)
    }

    private mutating func readLine() throws(Failure) -> String {
        while true {
            if let end = Self.find([13, 10], in: stream.buffer, from: 0) {
                let line = stream.take(end + 2).dropLast(2)
                return String(decoding: line, as: UTF8.self)
            }
            guard stream.buffer.count <= Self.maxHeaderBytes else { throw .tooLarge }
            guard stream.fill() else { throw .closed }
        }
    }

    /// Reads a chunked body: hexadecimal chunk sizes (extensions ignored), then trailers,
    /// which are dropped.
    private mutating func readChunkedBody() throws(Failure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingWhiteSpace(), radix: 16), size >= 0 else {
                throw .malformed("invalid chunk size")
            }
            if size == 0 { break }
            guard body.count + size <= Self.maxBodyBytes else { throw .tooLarge }
            body += try read(count: size)
            guard try read(count: 2) == [13, 10] else { throw .malformed("chunk without CRLF") }
        }
        while try !readLine().isEmpty {}
        return body
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }
}

extension StringProtocol {
    /// Returns the text without leading and trailing spaces and tabs.
    func trimmingWhiteSpace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
