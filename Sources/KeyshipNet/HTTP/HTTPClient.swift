internal import CCurl
import Dispatch
import Glibc
public import KeyshipCore

/// Settings of an `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// The maximum wait for the TCP connection and the TLS handshake.
    public var connectTimeout: Duration
    /// The maximum duration of a whole attempt, connection included. `HTTPRequest.timeout`
    /// replaces it for one request.
    public var requestTimeout: Duration
    /// The maximum number of attempts for a request with `RetryPolicy.idempotent`, the first
    /// included.
    public var maxAttempts: Int
    public var retryTiming: RetryTiming
    /// The largest response body accepted, in bytes.
    public var maxResponseBytes: Int
    public var userAgent: String
    /// A PEM file of CA certificates to trust instead of the system's, for test servers with
    /// self-signed certificates.
    public var caFile: String?

    public init(
        connectTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(60),
        maxAttempts: Int = 4,
        retryTiming: RetryTiming = RetryTiming(),
        maxResponseBytes: Int = 64 * 1024 * 1024,
        userAgent: String = "keyship",
        caFile: String? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxAttempts = maxAttempts
        self.retryTiming = retryTiming
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
        self.caFile = caFile
    }
}

/// An HTTPS client on libcurl with timeouts, retries and logging of every attempt.
///
/// TLS peer and host verification are always on. Plain `http` is accepted only for loopback
/// hosts, so tests can reach fakes, and such requests bypass any proxy from the environment.
/// Redirects are not followed, because a secret header must not travel to another host; a
/// 3xx status is returned or thrown like any other.
///
/// Each attempt runs `curl_easy_perform` on a Dispatch thread, never on a Swift concurrency
/// thread, so a slow server does not block other tasks. Cancelling the calling task aborts the
/// running attempt and throws `CancellationError`.
public final class HTTPClient: Sendable {
    /// Waits between attempts; tests pass one that records the delay and returns at once.
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    public let configuration: HTTPClientConfiguration
    private let logger: Logger
    private let sleep: Sleep
    private let jitter: @Sendable () -> Double
    private let now: @Sendable () -> Timestamp
    private let handles = CurlHandlePool()

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - sleep: waits between attempts.
    ///   - jitter: returns the random share of the backoff ceiling to wait, in 0...1.
    ///   - now: the current time, to turn a `Retry-After` date into a wait; nil reads the
    ///     system clock.
    public init(
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
        logger: Logger = .disabled,
        sleep: @escaping Sleep = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        now: (@Sendable () -> Timestamp)? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        self.sleep = sleep
        self.jitter = jitter
        self.now = now ?? { Timestamp(secondsSinceEpoch: Int64(time(nil))) }
    }

    /// Sends `request`, retrying as its policy allows, and returns the response when its status
    /// is in `request.acceptedStatuses`.
    ///
    /// - Throws: `HTTPError` for an invalid or insecure URL (before any connection), for a
    ///   failure that is not retried, or for the last failure once attempts run out.
    ///   `MIMEError` for a form that cannot be encoded. `CancellationError` when the task is
    ///   cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = try HTTPTarget.check(request.url, method: request.method)
        let endpoint = HTTPEndpoint(method: request.method, url: target.loggableURL)
        if let invalid = request.headers.first(where: { !Self.isValid($0) }) {
            throw HTTPError(.invalidHeader(invalid.name), endpoint: endpoint, attempts: 0)
        }
        let prepared = try PreparedTransfer(request: request, target: target, configuration: configuration)
        let maxAttempts = request.retryPolicy == .never ? 1 : max(1, configuration.maxAttempts)
        let logger = self.logger.with(request.logMetadata).with([
            "method": request.method, "path": target.path,
        ])
        let loggedHeaders = prepared.headers.filter { $0.name != "Expect" }
        logger.debug("HTTP request headers", ["headers": Self.loggableHeaders(loggedHeaders)])

        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let started = ContinuousClock.now
            let outcome = await perform(prepared)
            let elapsed = ContinuousClock.now - started

            var fields: Logger.Metadata = [
                "attempt": "\(attempt)/\(maxAttempts)",
                "elapsed_ms": String(elapsed.milliseconds),
            ]
            let step = decide(outcome, attempt: attempt, maxAttempts: maxAttempts, request: request)
            switch outcome {
            case .response(let response): fields["status"] = String(response.status)
            case .failure(let failure): fields["error"] = failure.logDescription
            }

            switch step {
            case .finish(let response):
                logger.info("HTTP request completed", fields)
                return response
            case .retry(let delay):
                fields["retry_in_ms"] = String(delay.milliseconds)
                logger.warning("HTTP attempt failed, retrying", fields)
                try await sleep(delay)
            case .fail(let reason):
                logger.warning("HTTP request failed", fields)
                throw HTTPError(Self.redacting(reason, secrets: request.headers), endpoint: endpoint, attempts: attempt)
            case .cancelled:
                throw CancellationError()
            }
        }
    }

    /// The action that follows an attempt.
    enum Step {
        case finish(HTTPResponse)
        case retry(after: Duration)
        case fail(HTTPError.Reason)
        case cancelled
    }

    /// Statuses that mean "try again later": rate limiting and temporary server failures.
    static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    func decide(_ outcome: AttemptOutcome, attempt: Int, maxAttempts: Int, request: HTTPRequest) -> Step {
        let canRetry = attempt < maxAttempts
        switch outcome {
        case .response(let response):
            if request.acceptedStatuses.contains(response.status) { return .finish(response) }
            guard Self.retryableStatuses.contains(response.status) else { return .fail(.status(response)) }
            guard canRetry else { return .fail(maxAttempts > 1 ? .retriesExhausted(response) : .status(response)) }
            let now = self.now()
            let requested = response.header("Retry-After").flatMap { configuration.retryTiming.retryAfter($0, now: now) }
            return .retry(after: requested ?? configuration.retryTiming.backoff(retry: attempt, jitter: jitter()))

        case .failure(let failure):
            switch failure {
            case .cancelled:
                return .cancelled
            case .connectTimedOut, .timedOut, .connectionFailed:
                guard canRetry else { return .fail(failure.reason) }
                return .retry(after: configuration.retryTiming.backoff(retry: attempt, jitter: jitter()))
            case .tlsFailed, .responseTooLarge, .transferFailed:
                return .fail(failure.reason)
            }
        }
    }

    /// Runs one attempt on a Dispatch thread and waits for it without blocking this task's
    /// thread.
    private func perform(_ prepared: PreparedTransfer) async -> AttemptOutcome {
        let cancellation = CancellationFlag()
        let handles = self.handles
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(returning: prepared.run(handles: handles, cancellation: cancellation))
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// True for a header whose name is a token and whose value has no CR, LF or NUL, so it
    /// cannot add a header of its own.
    static func isValid(_ header: HTTPHeader) -> Bool {
        let separators = Array("()<>@,;:\\\"/[]?={} \t".utf8)
        let nameIsToken = !header.name.isEmpty
            && header.name.utf8.allSatisfy { (33...126).contains($0) && !separators.contains($0) }
        return nameIsToken && !header.value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
    }

    /// Formats headers for a debug line, with secret values replaced.
    static func loggableHeaders(_ headers: [HTTPHeader]) -> String {
        headers.map { "\($0.name): \($0.isSecret ? "<redacted>" : $0.value)" }.joined(separator: ", ")
    }

    /// Replaces secret header values that a server echoed in its body, so they cannot reach an
    /// error message.
    static func redacting(_ reason: HTTPError.Reason, secrets headers: [HTTPHeader]) -> HTTPError.Reason {
        let secrets = headers.filter { $0.isSecret && !$0.value.isEmpty }.map(\.value)
        guard !secrets.isEmpty else { return reason }
        func clean(_ response: HTTPResponse) -> HTTPResponse {
            var text = response.text
            guard secrets.contains(where: { text.contains($0) }) else { return response }
            for secret in secrets { text = text.replacing(secret, with: "<redacted>") }
            var copy = response
            copy.body = Array(text.utf8)
            return copy
        }
        switch reason {
        case .status(let response): return .status(clean(response))
        case .retriesExhausted(let response): return .retriesExhausted(clean(response))
        default: return reason
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
