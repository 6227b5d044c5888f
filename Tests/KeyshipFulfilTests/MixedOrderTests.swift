import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct MixedOrderTests {
    /// A licence line with a physical line: keyship neither accepts nor ships the order, but
    /// sends the keys once it is paid and records the shipment as the seller's.
    @Test func mixedOrderLeavesShippingToSeller() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-30", state: "awaiting_acceptance", lines: [("OFFICE", 1), ("USB", 1)])

        let waiting = try await harness.run()

        guard case .reserved(let wait)? = waiting.orders.first?.outcome else {
            Issue.record("expected a reserved outcome, got \(String(describing: waiting.orders.first?.outcome))")
            return
        }
        #expect(wait == .sellerAcceptance)
        let reserved = try #require(try harness.record("T-30"))
        #expect(reserved.acceptedAt == nil)
        #expect(reserved.lines.map(\.sku) == ["OFFICE"])
        #expect(reserved.keys.map(\.row.id) == ["b-office-0001"])
        #expect(harness.outboxFiles() == ["stock.csv"])

        // The seller accepts and the buyer pays.
        try harness.fixture.addOrder("T-30", state: "paid", lines: [("OFFICE", 1), ("USB", 1)])
        harness.advance(seconds: 300)
        let paid = try await harness.run()

        #expect(paid.orders.map(\.outcome.kind) == [.delivered])
        #expect(FulfilHarness.keys(in: try harness.outboxMessages()["T-30.eml"]?.body) == ["KEY-OFFICE-1"])
        let record = try #require(try harness.record("T-30"))
        #expect(record.acceptedAt == nil)
        #expect(record.shipment?.outcome == .leftToSeller)
        #expect(record.delivery.status == .done)
        #expect(record.isClosed)
        // No accept and no shipment confirmation reached the channel: it has no actions file.
        #expect(harness.outboxFiles() == ["T-30.eml", "stock.csv"])
    }
}
