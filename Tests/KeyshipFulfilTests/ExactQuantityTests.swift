import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct ExactQuantityTests {
    /// An order line of quantity 3 with 5 keys in stock: 3 distinct keys in one message, 2 left.
    @Test func lineGetsExactlyItsQuantity() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...5))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 3)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        let messages = try harness.outboxMessages()
        #expect(messages.keys.sorted() == ["T-1.eml"])
        let sent = FulfilHarness.keys(in: messages["T-1.eml"]?.body)
        #expect(sent == ["KEY-OFFICE-1", "KEY-OFFICE-2", "KEY-OFFICE-3"])
        #expect(Set(sent).count == 3)
        #expect(try harness.stockIDs("office") == ["b-office-0004", "b-office-0005"])
        let record = try #require(try harness.record("T-1"))
        #expect(record.keys.map(\.row.id) == ["b-office-0001", "b-office-0002", "b-office-0003"])
        #expect(record.delivery.status == .done)
        #expect(record.isClosed)
    }
}
