import Foundation
public import KeyshipCore
public import KeyshipNet

/// Settings of a `MiraklChannel` that tests and callers may change.
public struct MiraklChannelOptions: Sendable {
    /// Waits before each STO02 status poll of a stock import. Mirakl allows one STO02 call
    /// every 15 seconds; after the last wait the import counts as unfinished.
    public var stockPollDelays: [Duration]
    /// Waits between STO02 polls; tests pass one that returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// The current time, for the order listing window; nil in `init` reads the system clock.
    public var now: @Sendable () -> Timestamp
    /// Orders and offers requested per page (`max`); Mirakl allows at most 100.
    public var pageSize: Int

    public init(
        stockPollDelays: [Duration] = [.seconds(15), .seconds(15), .seconds(30), .seconds(30), .seconds(60)],
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: (@Sendable () -> Timestamp)? = nil,
        pageSize: Int = 100
    ) {
        self.stockPollDelays = stockPollDelays
        self.sleep = sleep
        self.now = now ?? { Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }
        self.pageSize = min(max(pageSize, 1), 100)
    }
}

/// A Mirakl seller account (PcComponentes, Carrefour, Fnac, MediaMarkt, Worten) through the
/// Mirakl seller API.
///
/// Every request sends the shop API key in `Authorization` (without "Bearer"), marked secret
/// so the HTTP client never logs it, and `shop_id` when the channel names a shop. Reads use
/// the client's retries for idempotent requests (429 with `Retry-After`, 5xx, timeouts,
/// dropped connections). Calls that change an order are sent once. When the response is lost
/// or the request rejected, the channel reads the order back to decide, because Mirakl has no
/// idempotency keys: OR21 and OR24 check the order's state with OR11, OR43 looks for the
/// thread with M11, OR74 looks for the document with OR72.
public final class MiraklChannel: Marketplace, Sendable {
    public let channel: ChannelConfig
    let settings: MiraklChannelSettings
    let client: HTTPClient
    let logger: Logger
    let options: MiraklChannelOptions
    /// The base URL without a trailing slash.
    let baseURL: String
    /// The shop API key; sent only in a secret header and removed from any text the channel
    /// keeps from a response.
    let apiKey: String

    /// Creates the channel, reading the API key from `environment` under the variable the
    /// channel's settings name.
    ///
    /// - Throws: `MiraklError` with `.missingAPIKey` when the variable is unset or empty.
    public init(
        channel: ChannelConfig, environment: [String: String], client: HTTPClient, logger: Logger,
        options: MiraklChannelOptions = MiraklChannelOptions()
    ) throws(MiraklError) {
        guard case .mirakl(let settings) = channel.settings else {
            preconditionFailure("MiraklChannel needs a channel of kind mirakl, got \(channel.kind.rawValue)")
        }
        guard let key = environment[settings.apiKeyEnv], !key.isEmpty else {
            throw MiraklError(channel: channel.name, api: nil, orderID: nil, problem: .missingAPIKey(variable: settings.apiKeyEnv))
        }
        self.channel = channel
        self.settings = settings
        self.client = client
        self.logger = logger.with(["channel": channel.name])
        self.options = options
        apiKey = key
        var base = settings.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
    }

    // MARK: Requests

    /// One call to the seller API.
    struct Call {
        var api: MiraklAPI
        var method: String
        var path: String
        var query: [(String, String)] = []
        var body: HTTPBody = .empty
        var retry: RetryPolicy
        var orderID: String?
    }

    /// Sends `call` and returns a 2xx response, logging the call with its API code and order.
    ///
    /// - Throws: the client's `HTTPError`, `MIMEError` or `CancellationError` unchanged, so
    ///   callers can tell an ambiguous failure from a rejection. `failure(_:of:)` turns them
    ///   into `MiraklError`s.
    func perform(_ call: Call) async throws -> HTTPResponse {
        var metadata: Logger.Metadata = ["api": call.api.code, "method": call.method, "path": call.path]
        if let orderID = call.orderID { metadata["order_id"] = orderID }
        let request = HTTPRequest(
            method: call.method, url: url(call.path, call.query),
            headers: [.secret("Authorization", apiKey), HTTPHeader("Accept", "application/json")],
            body: call.body, retryPolicy: call.retry, logMetadata: metadata.merging(["channel": channel.name]) { $1 })
        do {
            let response = try await client.send(request)
            logger.info("Mirakl call completed", metadata.merging(["status": String(response.status)]) { $1 })
            return response
        } catch let error as HTTPError {
            logger.warning("Mirakl call failed", metadata.merging(["error": Self.logSummary(error)]) { $1 })
            throw error
        }
    }

    /// Turns a failure of `perform` into the error the caller throws.
    func failure(_ error: any Error, of call: Call) -> any Error {
        guard let httpError = error as? HTTPError else { return error }
        let problem: MiraklError.Problem
        switch httpError.reason {
        case .status(let response) where [401, 403].contains(response.status):
            problem = .unauthorized(variable: settings.apiKeyEnv, status: response.status)
        case .status(let response) where response.status == 404 && call.orderID != nil:
            problem = .orderNotFound
        case .status(let response) where (400...499).contains(response.status) && response.status != 429:
            problem = .rejected(status: response.status, detail: detail(of: response))
        default:
            problem = .transport(httpError)
        }
        return MiraklError(channel: channel.name, api: call.api, orderID: call.orderID, problem: problem)
    }

    func error(_ problem: MiraklError.Problem, _ api: MiraklAPI?, order orderID: String?) -> MiraklError {
        MiraklError(channel: channel.name, api: api, orderID: orderID, problem: problem)
    }

    /// Mirakl's message from an error body (`{"message": ...}`), or the start of the body, on
    /// one line and without the API key.
    func detail(of response: HTTPResponse) -> String {
        var text = JSONValue.parse(Data(response.body))?["message"]?.string ?? response.text
        text = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        if text.count > 300 { text = String(text.prefix(300)) + "…" }
        return redacted(text)
    }

    /// Returns `text` with every occurrence of the API key replaced.
    func redacted(_ text: String) -> String {
        text.replacing(apiKey, with: "<redacted>")
    }

    /// Parses a JSON response body or throws `invalidResponse`.
    func json(_ response: HTTPResponse, _ call: Call) throws(MiraklError) -> JSONValue {
        guard let value = JSONValue.parse(Data(response.body)) else {
            throw error(.invalidResponse("the body of HTTP \(response.status) is not JSON"), call.api, order: call.orderID)
        }
        return value
    }

    func url(_ path: String, _ query: [(String, String)]) -> String {
        var items = query
        if let shopID = settings.shopID { items.append(("shop_id", shopID)) }
        var url = baseURL + path
        if !items.isEmpty {
            url += "?" + items.map { Self.percentEncoded($0.0) + "=" + Self.percentEncoded($0.1) }.joined(separator: "&")
        }
        return url
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters and the comma, which
    /// Mirakl uses to separate list values.
    static func percentEncoded(_ text: String, keepingComma: Bool = true) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ",") where keepingComma:
                output += ","
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }

    /// Returns the path of an order's sub-resource, such as `/api/orders/PCC-1001-A/accept`.
    func orderPath(_ orderID: String, _ action: String) -> String {
        "/api/orders/\(Self.percentEncoded(orderID, keepingComma: false))/\(action)"
    }

    /// Describes a failure in a few words for log lines, without bodies.
    static func logSummary(_ error: HTTPError) -> String {
        switch error.reason {
        case .status(let response): "HTTP \(response.status)"
        case .retriesExhausted(let response): "HTTP \(response.status) after \(error.attempts) attempts"
        case .timedOut: "timed out"
        case .connectTimedOut: "connect timed out"
        case .connectionFailed: "connection failed"
        case .tlsFailed: "TLS failed"
        case .responseTooLarge: "response too large"
        case .transferFailed: "transfer failed"
        case .invalidURL: "invalid URL"
        case .insecureURL: "insecure URL"
        case .invalidHeader: "invalid header"
        }
    }

    /// Encodes a value as JSON with sorted keys, turning property names into Mirakl's
    /// snake_case member names (`orderLines` becomes `order_lines`).
    static func jsonData(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array(try encoder.encode(value))
    }
}

extension HTTPError {
    /// True when the server may have applied the request although no success response
    /// arrived: timeouts, dropped or failed connections and 5xx statuses.
    var outcomeIsUnknown: Bool {
        switch reason {
        case .timedOut, .connectTimedOut, .connectionFailed, .transferFailed:
            true
        case .status(let response), .retriesExhausted(let response):
            (500...599).contains(response.status)
        default:
            false
        }
    }

    /// The status of a status failure.
    var status: Int? { response?.status }
}
