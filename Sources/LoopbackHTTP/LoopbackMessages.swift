/// One header field of a request or response, as it was written.
public struct LoopbackHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One `name=value` pair from a request's query string, percent-decoded.
public struct LoopbackQueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A request as the server read it.
public struct LoopbackRequest: Sendable {
    public var method: String
    /// The request target exactly as sent, such as `/api/orders?max=100`.
    public var target: String
    /// The path part of the target, still percent-encoded.
    public var path: String
    /// The path split at `/` and percent-decoded, without empty segments.
    public var pathSegments: [String]
    /// The query items, decoded with form rules (`+` is a space), in the order sent.
    public var query: [LoopbackQueryItem]
    public var headers: [LoopbackHeader]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [LoopbackHeader], body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        let split = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(split[0])
        pathSegments = path.split(separator: "/").map { PercentDecoding.decode($0, plusIsSpace: false) }
        query = split.count > 1 ? PercentDecoding.queryItems(split[1]) : []
    }

    /// Returns the value of the first header called `name`, compared without case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Returns the value of the first query item called `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The body decoded as UTF-8, with invalid bytes replaced.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A response a handler returns. The server adds `Content-Length` and `Connection` itself.
public struct LoopbackResponse: Sendable {
    public var status: Int
    public var headers: [LoopbackHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [LoopbackHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Makes a `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200, headers: [LoopbackHeader] = []) -> LoopbackResponse {
        LoopbackResponse(
            status: status,
            headers: [LoopbackHeader("Content-Type", "text/plain; charset=utf-8")] + headers,
            body: Array(text.utf8))
    }

    /// Makes an `application/json` response from already encoded JSON text.
    public static func json(_ json: String, status: Int = 200, headers: [LoopbackHeader] = []) -> LoopbackResponse {
        LoopbackResponse(
            status: status,
            headers: [LoopbackHeader("Content-Type", "application/json")] + headers,
            body: Array(json.utf8))
    }
}

/// The server's action for a request, chosen by the handler.
public enum LoopbackReply: Sendable {
    /// Sends the response.
    case respond(LoopbackResponse)
    /// Waits, then sends the response, so a client's timeout can run out first. Stopping the
    /// server ends the wait and closes the connection without a response.
    case delay(Duration, LoopbackResponse)
    /// Closes the connection without a response. Whatever the handler did before returning
    /// this has happened, so a handler that applies its effect and then returns `drop` models
    /// a server that did the work but whose response was lost.
    case drop
}

/// Handles one request. It runs on the connection's thread, so it must be thread-safe and
/// must not call `LoopbackServer.stop()`.
public typealias LoopbackHandler = @Sendable (LoopbackRequest) -> LoopbackReply

/// Percent-decoding for paths and query strings.
enum PercentDecoding {
    static func decode(_ text: some StringProtocol, plusIsSpace: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let high = hexValue(iterator[iterator.startIndex]),
               let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator.removeFirst(2)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func queryItems(_ query: some StringProtocol) -> [LoopbackQueryItem] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? decode(parts[1], plusIsSpace: true) : ""
            return LoopbackQueryItem(decode(parts[0], plusIsSpace: true), value)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
