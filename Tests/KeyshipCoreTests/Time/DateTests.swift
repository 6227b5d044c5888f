import Testing
@testable import KeyshipCore

@Suite struct CivilDateTests {
    @Test(arguments: [
        ("31/12/2027", "2027-12-31"), ("1/2/2028", "2028-02-01"), ("29/02/2028", "2028-02-29"),
        ("2027-12-31", "2027-12-31"), ("05.06.2030", "2030-06-05"), ("05-06-2030", "2030-06-05"),
    ])
    func spreadsheetForms(_ text: String, _ iso: String) throws {
        let date = try #require(CivilDate(spreadsheet: text))
        #expect(date.iso == iso)
    }

    @Test(arguments: ["31/02/2027", "29/02/2027", "12/31/2027x", "2027/12/31", "", "31-12-27", "١/٢/٢٠٢٨"])
    func invalidSpreadsheetDates(_ text: String) {
        #expect(CivilDate(spreadsheet: text) == nil)
    }

    @Test func daysSinceEpochRoundTrips() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11_017)
    }

    @Test func formatsForOperators() throws {
        let date = try #require(CivilDate(year: 2027, month: 3, day: 9))
        #expect(date.formatted(in: .es) == "09/03/2027")
        #expect(date.formatted(in: .en) == "2027-03-09")
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-12-04T10:15:00Z", "2026-12-04T10:15:00Z"),
        ("2026-12-04T11:15:00+01:00", "2026-12-04T10:15:00Z"),
        ("2026-12-04T05:15:00.123-0500", "2026-12-04T10:15:00Z"),
        ("2026-12-04 10:15:00Z", "2026-12-04T10:15:00Z"),
        ("2027-01-01T00:30:00+02:00", "2026-12-31T22:30:00Z"),
    ])
    func parsesOffsets(_ text: String, _ utc: String) throws {
        #expect(try #require(Timestamp(iso: text)).iso == utc)
    }

    @Test(arguments: ["2026-12-04T10:15:00", "2026-12-04", "2026-12-04T25:00:00Z", "2026-12-04T10:15:00Zjunk", "2026-13-04T10:15:00Z"])
    func rejectsIncompleteOrInvalid(_ text: String) {
        #expect(Timestamp(iso: text) == nil)
    }

    @Test func localDateAtOffset() throws {
        let instant = try #require(Timestamp(iso: "2026-12-31T23:30:00Z"))
        #expect(instant.utcDate.iso == "2026-12-31")
        #expect(instant.date(offsetSeconds: 3600).iso == "2027-01-01")
        #expect(instant.formatted(in: .es, offsetSeconds: 3600) == "01/01/2027 00:30")
        #expect(instant.formatted(in: .en, offsetSeconds: 0) == "2026-12-31 23:30")
    }

    @Test func beforeEpoch() throws {
        let instant = try #require(Timestamp(iso: "1969-12-31T23:59:59Z"))
        #expect(instant.secondsSinceEpoch == -1)
        #expect(instant.iso == "1969-12-31T23:59:59Z")
    }
}
