internal import CCurl
import KeyshipCore

/// The result of one attempt.
enum AttemptOutcome: Sendable {
    case response(HTTPResponse)
    case failure(AttemptFailure)
}

/// The reason an attempt got no response.
enum AttemptFailure: Sendable, Equatable {
    case connectTimedOut(seconds: Double)
    case timedOut(seconds: Double)
    case connectionFailed(String)
    case tlsFailed(String)
    case responseTooLarge(limit: Int)
    case transferFailed(String)
    case cancelled

    var reason: HTTPError.Reason {
        switch self {
        case .connectTimedOut(let seconds): .connectTimedOut(seconds: seconds)
        case .timedOut(let seconds): .timedOut(seconds: seconds)
        case .connectionFailed(let detail): .connectionFailed(detail)
        case .tlsFailed(let detail): .tlsFailed(detail)
        case .responseTooLarge(let limit): .responseTooLarge(limit: limit)
        case .transferFailed(let detail): .transferFailed(detail)
        case .cancelled: .transferFailed("cancelled")
        }
    }

    /// A short name for log lines.
    var logDescription: String {
        switch self {
        case .connectTimedOut: "connect timeout"
        case .timedOut: "timeout"
        case .connectionFailed(let detail): "connection failed: \(detail)"
        case .tlsFailed(let detail): "TLS failed: \(detail)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .transferFailed(let detail): "transfer failed: \(detail)"
        case .cancelled: "cancelled"
        }
    }
}

/// A request turned into what libcurl needs, built once and reused by every attempt.
struct PreparedTransfer: Sendable {
    var method: String
    var target: HTTPTarget
    /// The headers sent, including `Content-Type` for the body and `Expect:` to turn off
    /// `100-continue` waits.
    var headers: [HTTPHeader]
    /// The request body; nil for a request without one.
    var body: [UInt8]?
    var configuration: HTTPClientConfiguration
    var timeout: Duration
    /// True for requests sent once (`RetryPolicy.never`): they always open a new connection,
    /// because libcurl silently sends a request again when a reused keep-alive connection
    /// closes before any response byte, which would repeat a POST the server already applied.
    var freshConnection: Bool

    init(request: HTTPRequest, target: HTTPTarget, configuration: HTTPClientConfiguration) throws(MIMEError) {
        method = request.method
        self.target = target
        self.configuration = configuration
        timeout = request.timeout ?? configuration.requestTimeout
        freshConnection = request.retryPolicy == .never

        var headers = request.headers
        let hasContentType = headers.contains { $0.name.lowercased() == "content-type" }
        switch request.body {
        case .empty:
            // POST, PUT and PATCH without a body still send `Content-Length: 0`.
            body = ["POST", "PUT", "PATCH"].contains(method) ? [] : nil
        case .bytes(let bytes, let contentType):
            body = bytes
            if !hasContentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        case .form(let form):
            let encoded = try form.encoded()
            body = encoded.body
            if !hasContentType { headers.append(HTTPHeader("Content-Type", encoded.contentType)) }
        }
        headers.append(HTTPHeader("Expect", ""))
        self.headers = headers
    }

    /// Runs one attempt on the calling thread with a handle from `handles`.
    func run(handles: CurlHandlePool, cancellation: CancellationFlag) -> AttemptOutcome {
        if cancellation.isCancelled { return .failure(.cancelled) }
        let handle: CurlEasy
        do {
            handle = try handles.take()
        } catch {
            return .failure(.transferFailed(error.description))
        }
        let context = TransferContext(maxResponseBytes: configuration.maxResponseBytes, cancellation: cancellation)
        let outcome: AttemptOutcome
        do {
            let headerList = try configure(handle)
            let failure = withExtendedLifetime(headerList) { handle.perform(with: context) }
            if let failure {
                outcome = .failure(classify(failure, handle: handle, context: context))
            } else {
                let headers = context.responseHeaders.map { HTTPHeader($0.name, $0.value) }
                outcome = .response(HTTPResponse(status: handle.longInfo(CURLINFO_RESPONSE_CODE), headers: headers, body: context.responseBody))
            }
        } catch {
            outcome = .failure(.transferFailed(error.description))
        }
        handles.giveBack(handle)
        return outcome
    }

    /// Sets the options of this request on `handle`. The returned header list must stay alive
    /// until the transfer is over.
    private func configure(_ handle: CurlEasy) throws(CurlFailure) -> CurlStringList {
        try handle.set(CURLOPT_URL, target.url)
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_FOLLOWLOCATION, 0)
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = configuration.caFile { try handle.set(CURLOPT_CAINFO, caFile) }
        // A proxy from the environment must not see requests to this machine's own fakes.
        if target.isLoopback { try handle.set(CURLOPT_NOPROXY, "*") }
        if freshConnection { try handle.set(CURLOPT_FRESH_CONNECT, 1) }
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout.milliseconds))
        try handle.set(CURLOPT_TIMEOUT_MS, Int(timeout.milliseconds))
        try handle.set(CURLOPT_USERAGENT, configuration.userAgent)
        // An empty value requests every content encoding libcurl can decode, and libcurl then
        // decodes the body.
        try handle.set(CURLOPT_ACCEPT_ENCODING, "")

        // Post fields turn a request into a POST, so any other method with a body, even GET,
        // keeps its name through CURLOPT_CUSTOMREQUEST.
        switch method {
        case "GET" where body == nil:
            try handle.set(CURLOPT_HTTPGET, 1)
        case "HEAD" where body == nil:
            try handle.set(CURLOPT_NOBODY, 1)
        case "POST":
            try handle.set(CURLOPT_POST, 1)
        default:
            try handle.set(CURLOPT_CUSTOMREQUEST, method)
        }
        if let body { try handle.setCopiedPostFields(body) }

        let list = try CurlStringList(headers.map { header in
            // libcurl sends `Name;` as a header with an empty value, and drops `Name:`.
            header.value.isEmpty && header.name != "Expect" ? "\(header.name);" : "\(header.name): \(header.value)"
        })
        try handle.set(CURLOPT_HTTPHEADER, list: list)
        return list
    }

    private func classify(_ failure: CurlFailure, handle: CurlEasy, context: TransferContext) -> AttemptFailure {
        let detail = failure.description
        switch failure.code {
        case CURLE_ABORTED_BY_CALLBACK where context.cancellation.isCancelled:
            return .cancelled
        case CURLE_WRITE_ERROR where context.responseTooLarge:
            return .responseTooLarge(limit: configuration.maxResponseBytes)
        case CURLE_OPERATION_TIMEDOUT:
            // Before the request could be sent, libcurl has not recorded a pre-transfer time.
            // NOTE: no test reaches the connect-timeout branch, because that needs a host that
            // accepts no connection and tests may only use loopback.
            if handle.offsetInfo(CURLINFO_PRETRANSFER_TIME_T) == 0 {
                return .connectTimedOut(seconds: configuration.connectTimeout.seconds)
            }
            return .timedOut(seconds: timeout.seconds)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
             CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            return .connectionFailed(detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_USE_SSL_FAILED:
            return .tlsFailed(detail)
        default:
            return .transferFailed(detail)
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
