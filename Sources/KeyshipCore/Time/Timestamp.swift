/// An instant in UTC with one-second resolution, written as ISO 8601 (`2026-12-04T10:15:00Z`)
/// in every machine format: CSV, ledger records, JSON and git trailers.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// Creates the instant of a UTC date and time of day.
    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        secondsSinceEpoch = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Parses ISO 8601 date-times: `2026-12-04T10:15:00Z`, with optional fractional seconds
    /// (dropped) and a `Z`, `+hh:mm`, `-hh:mm` or `+hhmm` offset. A time without offset is rejected,
    /// because guessing the zone of an order time would move keys between days.
    public init?(iso text: some StringProtocol) {
        let chars = Array(text.utf8)
        guard chars.count >= 20, chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              let date = CivilDate(iso: String(decoding: chars[0..<10], as: UTF8.self)),
              chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"),
              let hour = Self.number(chars[11..<13]), let minute = Self.number(chars[14..<16]),
              let second = Self.number(chars[17..<19]),
              hour < 24, minute < 60, second < 61
        else { return nil }

        var index = 19
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < chars.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(chars[index]) { index += 1 }
            guard index > start else { return nil }
        }
        guard index < chars.count else { return nil }

        var offsetSeconds = 0
        switch chars[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == chars.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = chars[index] == UInt8(ascii: "-") ? -1 : 1
            let rest = Array(chars[(index + 1)...])
            let digits: [UInt8]
            if rest.count == 5, rest[2] == UInt8(ascii: ":") {
                digits = Array(rest[0..<2] + rest[3..<5])
            } else if rest.count == 4 {
                digits = rest
            } else {
                return nil
            }
            guard let hours = Self.number(digits[0..<2]), let minutes = Self.number(digits[2..<4]),
                  hours < 24, minutes < 60
            else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        default:
            return nil
        }
        let local = Timestamp(date: date, hour: hour, minute: minute, second: min(second, 59))
        secondsSinceEpoch = local.secondsSinceEpoch - Int64(offsetSeconds)
    }

    /// The UTC calendar date of this instant.
    public var utcDate: CivilDate {
        CivilDate(daysSinceEpoch: Int(Self.floorDivide(secondsSinceEpoch, 86_400)))
    }

    /// The calendar date of this instant at a fixed offset from UTC.
    public func date(offsetSeconds: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: Int(Self.floorDivide(secondsSinceEpoch + Int64(offsetSeconds), 86_400)))
    }

    /// `yyyy-mm-ddThh:mm:ssZ`.
    public var iso: String {
        let secondOfDay = Int(secondsSinceEpoch - Int64(utcDate.daysSinceEpoch) * 86_400)
        return utcDate.iso + "T" + CivilDate.pad(secondOfDay / 3600, 2) + ":"
            + CivilDate.pad(secondOfDay / 60 % 60, 2) + ":" + CivilDate.pad(secondOfDay % 60, 2) + "Z"
    }

    /// Formats for an operator at a fixed UTC offset: `dd/mm/yyyy hh:mm` in Spanish,
    /// `yyyy-mm-dd hh:mm` in English, with 24-hour time.
    public func formatted(in language: Language, offsetSeconds: Int) -> String {
        let shifted = Timestamp(secondsSinceEpoch: secondsSinceEpoch + Int64(offsetSeconds))
        let secondOfDay = Int(shifted.secondsSinceEpoch - Int64(shifted.utcDate.daysSinceEpoch) * 86_400)
        let time = CivilDate.pad(secondOfDay / 3600, 2) + ":" + CivilDate.pad(secondOfDay / 60 % 60, 2)
        return shifted.utcDate.formatted(in: language) + " " + time
    }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    public var description: String { iso }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return digits.isEmpty ? nil : value
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
