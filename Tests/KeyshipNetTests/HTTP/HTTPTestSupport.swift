import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Synchronization

/// Records the waits the client asks for and returns at once, so retry tests run fast.
final class RecordingSleep: Sendable {
    private let delays = Mutex<[Duration]>([])

    var recorded: [Duration] { delays.withLock { $0 } }

    var function: HTTPClient.Sleep {
        { [self] duration in delays.withLock { $0.append(duration) } }
    }
}

/// The requests a test server received, and a queue of replies it gives in order.
final class ScriptedServer: Sendable {
    private final class Script: Sendable {
        let received = Mutex<[LoopbackRequest]>([])
        let replies: Mutex<[LoopbackReply]>
        let fallback: LoopbackReply

        init(replies: [LoopbackReply], fallback: LoopbackReply) {
            self.replies = Mutex(replies)
            self.fallback = fallback
        }

        func reply(to request: LoopbackRequest) -> LoopbackReply {
            received.withLock { $0.append(request) }
            return replies.withLock { $0.isEmpty ? nil : $0.removeFirst() } ?? fallback
        }
    }

    private let script: Script
    let server: LoopbackServer

    /// Starts a server that replies with `replies` in order, then with `fallback`.
    init(_ replies: [LoopbackReply], fallback: LoopbackReply = .respond(.text("ok"))) throws {
        let script = Script(replies: replies, fallback: fallback)
        self.script = script
        server = try LoopbackServer { request in script.reply(to: request) }
    }

    var requests: [LoopbackRequest] { script.received.withLock { $0 } }

    func url(_ path: String) -> String { server.baseURL + path }

    deinit { server.stop() }
}

/// Builds a client with recorded sleeps, no jitter (the full backoff ceiling) and a fixed clock.
func makeClient(
    sleep: RecordingSleep,
    logger: Logger = .disabled,
    maxAttempts: Int = 4,
    requestTimeout: Duration = .seconds(10),
    now: Timestamp = Timestamp(secondsSinceEpoch: 1_796_378_400)
) -> HTTPClient {
    HTTPClient(
        configuration: HTTPClientConfiguration(
            connectTimeout: .seconds(5), requestTimeout: requestTimeout, maxAttempts: maxAttempts,
            retryTiming: RetryTiming(baseDelay: .milliseconds(500), maxDelay: .seconds(30), maxRetryAfter: .seconds(60))),
        logger: logger,
        sleep: sleep.function,
        jitter: { 1 },
        now: { now })
}

extension HTTPError.Reason {
    /// The status of a status failure, for short assertions.
    var status: Int? {
        switch self {
        case .status(let response), .retriesExhausted(let response): response.status
        default: nil
        }
    }
}
