import KeyshipCore
import KeyshipNet
import Testing

@Suite struct RetryTimingTests {
    static let timing = RetryTiming(baseDelay: .milliseconds(500), maxDelay: .seconds(4), maxRetryAfter: .seconds(60))
    /// 2026-12-04 10:00:00 UTC, a Friday.
    static let now = Timestamp(secondsSinceEpoch: 1_796_378_400)

    struct BackoffCase: CustomTestStringConvertible, Sendable {
        var retry: Int
        var jitter: Double
        var expected: Duration
        var testDescription: String { "retry \(retry), jitter \(jitter)" }
    }

    static let backoffCases: [BackoffCase] = [
        BackoffCase(retry: 1, jitter: 1, expected: .milliseconds(500)),
        BackoffCase(retry: 2, jitter: 1, expected: .seconds(1)),
        BackoffCase(retry: 3, jitter: 1, expected: .seconds(2)),
        BackoffCase(retry: 4, jitter: 1, expected: .seconds(4)),
        BackoffCase(retry: 9, jitter: 1, expected: .seconds(4)),
        BackoffCase(retry: 200, jitter: 1, expected: .seconds(4)),
        BackoffCase(retry: 3, jitter: 0.25, expected: .milliseconds(500)),
        BackoffCase(retry: 3, jitter: 0, expected: .zero),
        BackoffCase(retry: 1, jitter: 7, expected: .milliseconds(500)),
    ]

    @Test(arguments: backoffCases)
    func backoffUsesFullJitter(_ backoffCase: BackoffCase) {
        #expect(Self.timing.backoff(retry: backoffCase.retry, jitter: backoffCase.jitter) == backoffCase.expected)
    }

    struct RetryAfterCase: CustomTestStringConvertible, Sendable {
        var value: String
        var expected: Duration?
        var testDescription: String { value }
    }

    static let retryAfterCases: [RetryAfterCase] = [
        RetryAfterCase(value: "0", expected: .zero),
        RetryAfterCase(value: " 12 ", expected: .seconds(12)),
        RetryAfterCase(value: "61", expected: .seconds(60)),
        RetryAfterCase(value: "Fri, 04 Dec 2026 10:00:30 GMT", expected: .seconds(30)),
        RetryAfterCase(value: "Friday, 04-Dec-26 10:00:45 GMT", expected: .seconds(45)),
        RetryAfterCase(value: "Fri Dec  4 10:00:20 2026", expected: .seconds(20)),
        RetryAfterCase(value: "Fri, 04 Dec 2026 09:00:00 GMT", expected: .zero),
        RetryAfterCase(value: "Sat, 05 Dec 2026 10:00:00 GMT", expected: .seconds(60)),
        RetryAfterCase(value: "-5", expected: nil),
        RetryAfterCase(value: "soon", expected: nil),
        RetryAfterCase(value: "Fri, 31 Feb 2026 10:00:00 GMT", expected: nil),
        RetryAfterCase(value: "Fri, 04 Dec 2026 10:00:30 CET", expected: nil),
    ]

    @Test(arguments: retryAfterCases)
    func retryAfterIsParsedAndCapped(_ retryAfterCase: RetryAfterCase) {
        #expect(Self.timing.retryAfter(retryAfterCase.value, now: Self.now) == retryAfterCase.expected)
    }
}
