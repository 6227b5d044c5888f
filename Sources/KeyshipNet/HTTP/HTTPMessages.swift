public import KeyshipCore

/// One header field. A secret field (an API key, a bearer token) is sent but never logged and
/// never shown in an error.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String
    public var isSecret: Bool

    public init(_ name: String, _ value: String, isSecret: Bool = false) {
        self.name = name
        self.value = value
        self.isSecret = isSecret
    }

    /// Makes a header whose value is never logged.
    public static func secret(_ name: String, _ value: String) -> HTTPHeader {
        HTTPHeader(name, value, isSecret: true)
    }
}

/// Whether a failed request may be sent again.
public enum RetryPolicy: Sendable, Hashable {
    /// Retries 429, 500, 502, 503, 504, timeouts and connection failures, for requests that do
    /// the same thing however often they arrive (GET, PUT of a whole value, stock updates).
    case idempotent
    /// Sends once. For requests such as a POST that sends a message to a buyer, where a
    /// timeout or dropped connection leaves unknown whether the server acted: the caller
    /// checks the server's state before trying again.
    case never
}

/// The body of a request.
public enum HTTPBody: Sendable, Hashable {
    case empty
    /// Raw bytes with their media type, such as `application/json`.
    case bytes([UInt8], contentType: String)
    /// A `multipart/form-data` upload; the client sets the `Content-Type` with its boundary.
    case form(MultipartFormData)

    /// Makes a JSON body from already encoded JSON text.
    public static func json(_ text: String) -> HTTPBody {
        .bytes(Array(text.utf8), contentType: "application/json")
    }
}

/// A request for `HTTPClient`.
public struct HTTPRequest: Sendable {
    /// The method in upper case, such as `GET` or `POST`.
    public var method: String
    /// The absolute URL. It must be `https`, or `http` to a loopback host.
    public var url: String
    public var headers: [HTTPHeader]
    public var body: HTTPBody
    public var retryPolicy: RetryPolicy
    /// Statuses returned as a response; any other status is thrown as an `HTTPError`.
    public var acceptedStatuses: Set<Int>
    /// Replaces the client's whole-request timeout for this request.
    public var timeout: Duration?
    /// Extra fields for this request's log lines, such as the order id. Never put a secret here.
    public var logMetadata: Logger.Metadata

    public init(
        method: String,
        url: String,
        headers: [HTTPHeader] = [],
        body: HTTPBody = .empty,
        retryPolicy: RetryPolicy,
        acceptedStatuses: Set<Int> = Set(200...299),
        timeout: Duration? = nil,
        logMetadata: Logger.Metadata = [:]
    ) {
        self.method = method.uppercased()
        self.url = url
        self.headers = headers
        self.body = body
        self.retryPolicy = retryPolicy
        self.acceptedStatuses = acceptedStatuses
        self.timeout = timeout
        self.logMetadata = logMetadata
    }
}

/// A response: status, header fields in the order received, and body.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Returns the value of the first header called `name`, compared without case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body decoded as UTF-8, with invalid bytes replaced.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
