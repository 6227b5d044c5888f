import Foundation
public import KeyshipCore

/// The store's time zone (`timezone` in `keyship.yaml`), for dates an operator reads and for
/// deciding which calendar day it is.
///
/// Offsets come from the system's tz database through Foundation, per instant, so summer time
/// is applied on the dates it covers.
public struct StoreTimeZone: Sendable {
    /// The IANA name, such as `Europe/Madrid`.
    public let identifier: String
    private let zone: TimeZone

    /// Loads the zone; fails when the tz database does not know `identifier`.
    public init(identifier: String) throws(StoreTimeZoneError) {
        guard let zone = TimeZone(identifier: identifier) else { throw .unknown(identifier) }
        self.identifier = identifier
        self.zone = zone
    }

    /// Seconds east of UTC at `instant`.
    public func offsetSeconds(at instant: Timestamp) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.secondsSinceEpoch)))
    }

    /// Returns the calendar day in the store's zone at `instant`.
    public func date(at instant: Timestamp) -> CivilDate {
        instant.date(offsetSeconds: offsetSeconds(at: instant))
    }

    /// `dd/mm/yyyy hh:mm` in Spanish, `yyyy-mm-dd hh:mm` in English, in the store's zone.
    public func format(_ instant: Timestamp, in language: Language) -> String {
        instant.formatted(in: language, offsetSeconds: offsetSeconds(at: instant))
    }
}

public enum StoreTimeZoneError: KeyshipError, Equatable {
    case unknown(String)

    public func text(in language: Language) -> String {
        switch self {
        case .unknown(let name):
            language.pick(
                es: "zona horaria desconocida \"\(name)\" en keyship.yaml (timezone); usa un nombre IANA como Europe/Madrid",
                en: "unknown time zone \"\(name)\" in keyship.yaml (timezone); use an IANA name such as Europe/Madrid")
        }
    }
}
