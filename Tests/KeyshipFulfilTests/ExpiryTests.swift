import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct ExpiryTests {
    /// At 23:30 UTC on 4 December it is already 5 December in Madrid, so a key that expired
    /// on the 4th is skipped even though the UTC date still reads the 4th. A key whose last
    /// day is today in Madrid is still valid and goes out. The expired one stays in `keys/`,
    /// unsent and uncounted.
    @Test func expiredKeyIsNeitherSentNorCounted() async throws {
        let harness = try FulfilHarness(now: "2026-12-04T23:30:00Z") { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: [
                StoreFixture.Key(
                    id: "k1-expired", plaintext: "KEY-OFFICE-EXPIRED", createdAt: "2026-11-01T10:00:00Z",
                    expiresOn: "2026-12-04"),
                StoreFixture.Key(
                    id: "k2-last-day", plaintext: "KEY-OFFICE-LASTDAY", createdAt: "2026-11-02T10:00:00Z",
                    expiresOn: "2026-12-05"),
                StoreFixture.Key(id: "k3-no-expiry", plaintext: "KEY-OFFICE-NOEXPIRY", createdAt: "2026-11-03T10:00:00Z"),
            ])
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 1)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        let messages = try harness.outboxMessages()
        #expect(FulfilHarness.keys(in: messages["T-1.eml"]?.body) == ["KEY-OFFICE-LASTDAY"])
        #expect(try harness.record("T-1")?.keys.map(\.row.id) == ["k2-last-day"])
        #expect(try harness.remoteBatchRows("keys/office/b1.csv").map(\.id) == ["k1-expired", "k3-no-expiry"])
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox) == [
            "AV1;antivirus;0", "OFFICE;office;1", "WIN11;windows;0",
        ])

        // A second order finds one valid key; a third must wait rather than get the expired one.
        try harness.fixture.addOrder("T-2", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        try harness.fixture.addOrder("T-3", createdAt: "2026-12-04T12:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 60)

        let next = try await harness.run()

        #expect(next.orders.map(\.orderID) == ["T-2", "T-3"])
        #expect(next.orders.map(\.outcome.kind) == [.delivered, .waiting])
        #expect(FulfilHarness.keys(in: try harness.outboxMessages()["T-2.eml"]?.body) == ["KEY-OFFICE-NOEXPIRY"])
        #expect(try harness.outboxMessages()["T-3.eml"] == nil)
        #expect(try harness.remoteBatchRows("keys/office/b1.csv").map(\.id) == ["k1-expired"])
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox) == [
            "AV1;antivirus;0", "OFFICE;office;0", "WIN11;windows;0",
        ])
        let sentAnywhere = try harness.outboxMessages().values.flatMap { FulfilHarness.keys(in: $0.body) }
        #expect(!sentAnywhere.contains("KEY-OFFICE-EXPIRED"))
    }
}
