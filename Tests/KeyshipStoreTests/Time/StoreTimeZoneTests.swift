import KeyshipCore
import KeyshipStore
import Testing

@Suite struct StoreTimeZoneTests {
    @Test(arguments: [
        ("2026-01-15T12:00:00Z", 3600, "15/01/2026 13:00", "2026-01-15"),
        ("2026-07-15T12:00:00Z", 7200, "15/07/2026 14:00", "2026-07-15"),
        ("2026-03-29T00:59:59Z", 3600, "29/03/2026 01:59", "2026-03-29"),
        ("2026-03-29T01:00:00Z", 7200, "29/03/2026 03:00", "2026-03-29"),
        ("2026-12-31T23:30:00Z", 3600, "01/01/2027 00:30", "2027-01-01"),
    ])
    func madridOffsets(instant: String, offset: Int, spanish: String, date: String) throws {
        let zone = try StoreTimeZone(identifier: "Europe/Madrid")
        let time = try #require(Timestamp(iso: instant))

        #expect(zone.offsetSeconds(at: time) == offset)
        #expect(zone.format(time, in: .es) == spanish)
        #expect(zone.date(at: time).iso == date)
    }

    @Test func unknownZoneIsNamed() {
        #expect(throws: StoreTimeZoneError.unknown("Europe/Atlantis")) { try StoreTimeZone(identifier: "Europe/Atlantis") }
        #expect(StoreTimeZoneError.unknown("Europe/Atlantis").text(in: .en) == "unknown time zone \"Europe/Atlantis\" in keyship.yaml (timezone); use an IANA name such as Europe/Madrid")
    }
}
