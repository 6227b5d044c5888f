public import KeyshipCore

/// The waits between attempts: exponential backoff with full jitter, or the server's
/// `Retry-After`, both capped.
public struct RetryTiming: Sendable, Hashable {
    /// The backoff ceiling before the first retry; it doubles with every further retry.
    public var baseDelay: Duration
    /// The largest backoff ceiling.
    public var maxDelay: Duration
    /// The maximum wait taken from a `Retry-After` header. A longer value is cut to this.
    public var maxRetryAfter: Duration

    public init(baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30), maxRetryAfter: Duration = .seconds(120)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Returns the wait before retry number `retry` (1 for the first retry): a random share of
    /// `min(maxDelay, baseDelay * 2^(retry - 1))`, where `jitter` is the share in 0...1.
    public func backoff(retry: Int, jitter: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * min(max(jitter, 0), 1)
    }

    /// Returns the wait a `Retry-After` value requests, capped at `maxRetryAfter`, or nil when
    /// the value is neither a number of seconds nor an HTTP date. A date in the past means no
    /// wait.
    public func retryAfter(_ value: String, now: Timestamp) -> Duration? {
        let trimmed = value.strippingWhiteSpace()
        let seconds: Int64
        if let delta = Int64(trimmed), delta >= 0 {
            seconds = delta
        } else if let date = HTTPDate.parse(trimmed) {
            seconds = max(0, date.secondsSinceEpoch - now.secondsSinceEpoch)
        } else {
            return nil
        }
        return min(.seconds(seconds), maxRetryAfter)
    }
}

/// HTTP dates (RFC 9110 section 5.6.7): the IMF-fixdate form `Sun, 06 Nov 1994 08:49:37 GMT`
/// and the obsolete RFC 850 and asctime forms that recipients must still accept.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String) -> Timestamp? {
        let words = text.split { $0 == " " || $0 == "," || $0 == "-" }.map(String.init)
        guard words.count >= 5 else { return nil }

        let day: Int?, month: Int?, year: Int?, clock: String
        if words.count == 5 {
            // asctime: Sun Nov  6 08:49:37 1994
            month = monthNumber(words[1])
            day = Int(words[2])
            clock = words[3]
            year = Int(words[4])
        } else {
            // IMF-fixdate and RFC 850: weekday, day, month, year, time, GMT.
            guard words.count == 6, words[5] == "GMT" else { return nil }
            day = Int(words[1])
            month = monthNumber(words[2])
            clock = words[4]
            year = Int(words[3]).map { value in
                // RFC 850 has two-digit years; RFC 9110 reads one that looks more than 50
                // years ahead as the past century, which for today's dates means 19xx vs 20xx.
                guard words[3].count == 2 else { return value }
                return value >= 70 ? 1900 + value : 2000 + value
            }
        }

        let time = clock.split(separator: ":").compactMap { Int($0) }
        guard let day, let month, let year, time.count == 3,
              let date = CivilDate(year: year, month: month, day: day),
              (0..<24).contains(time[0]), (0..<60).contains(time[1]), (0...60).contains(time[2])
        else { return nil }
        return Timestamp(date: date, hour: time[0], minute: time[1], second: min(time[2], 59))
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }
}
