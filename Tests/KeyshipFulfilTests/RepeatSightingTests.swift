import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Synchronization
import Testing

@Suite struct RepeatSightingTests {
    /// A delivered order listed again, twice per pull and with its state flapping between paid
    /// and awaiting payment: one key, one message, and the ledger record never changes.
    @Test func closedOrderSeenAgainSendsOnce() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
        }
        let factory = WrappingChannelFactory(harness: harness) { RepeatingMarketplace(inner: $0) }
        try harness.fixture.writeOrder("T-5", updatedAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 1)])

        let first = try await harness.run(factory: factory)

        #expect(first.orders.map(\.outcome.kind) == [.delivered])
        #expect(first.orders.map(\.keyIDs) == [["b-office-0001"]])
        let recordPath = "ledger/tienda/2026-12/T-5.yaml"
        let recordText = try #require(harness.remoteFile(recordPath))
        let message = harness.fixture.outbox.appendingPathComponent("T-5.eml")
        let messageBytes = try Data(contentsOf: message)
        let messageDate = try #require(try FileManager.default.attributesOfItem(atPath: message.path)[.modificationDate] as? Date)
        let subjects = try harness.remoteSubjects()

        let flaps = [("awaiting_payment", "2026-12-04T12:03:00Z"), ("paid", "2026-12-04T12:08:00Z"), ("awaiting_payment", "2026-12-04T12:13:00Z")]
        for (state, updatedAt) in flaps {
            harness.advance(seconds: 300)
            try harness.fixture.writeOrder("T-5", state: state, updatedAt: updatedAt, lines: [("OFFICE", 1)])

            let report = try await harness.run(factory: factory)

            #expect(report.orders.isEmpty, "state \(state)")
            #expect(harness.outboxFiles() == ["T-5.eml", "T-5.json", "stock.csv"])
            #expect(try Data(contentsOf: message) == messageBytes)
            let date = try FileManager.default.attributesOfItem(atPath: message.path)[.modificationDate] as? Date
            #expect(date == messageDate)
            #expect(harness.remoteFile(recordPath) == recordText)
            #expect(try harness.remoteFiles(under: "ledger/tienda/open") == [])
            #expect(try harness.stockIDs("office") == ["b-office-0002", "b-office-0003"])
            #expect(try harness.remoteSubjects() == subjects)
        }
        let pulls = factory.made.compactMap { $0 as? RepeatingMarketplace }.map { $0.pulls.withLock { $0 } }
        #expect(pulls == [1, 1, 1, 1])
    }

    /// The order of a record kept open for the invoice flaps to awaiting payment and back, and
    /// the message is not sent again and the keys stay the same.
    @Test func openRecordFlappingSendsOnce() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
            let config = try #require(fixture.read("keyship.yaml"))
            try fixture.write("keyship.yaml", config + "invoices: {folder: \"\(fixture.scratch.url("invoices").path)\"}\n")
        }
        let factory = WrappingChannelFactory(harness: harness) { RepeatingMarketplace(inner: $0) }
        try harness.fixture.writeOrder("T-6", updatedAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 1)])

        let first = try await harness.run(factory: factory)

        #expect(first.orders.map(\.outcome.kind) == [.delivered])
        let open = try #require(try harness.record("T-6"))
        #expect(!open.isClosed)
        #expect(open.delivery.status == .done)
        #expect(open.delivery.attempts == 1)
        let message = harness.fixture.outbox.appendingPathComponent("T-6.eml")
        let messageBytes = try Data(contentsOf: message)

        harness.advance(seconds: 300)
        try harness.fixture.writeOrder("T-6", state: "awaiting_payment", updatedAt: "2026-12-04T12:03:00Z", lines: [("OFFICE", 1)])
        let unpaid = try await harness.run(factory: factory)

        #expect(unpaid.orders.map(\.outcome.kind) == [.progressed])
        #expect(unpaid.orders.first?.outcome.needsAttention == true)
        #expect(try harness.record("T-6") == open)

        harness.advance(seconds: 300)
        try harness.fixture.writeOrder("T-6", state: "paid", updatedAt: "2026-12-04T12:08:00Z", lines: [("OFFICE", 1)])
        let paidAgain = try await harness.run(factory: factory)

        #expect(paidAgain.orders.map(\.outcome.kind) == [.progressed])
        #expect(try harness.record("T-6") == open)
        #expect(try Data(contentsOf: message) == messageBytes)
        #expect(harness.outboxFiles() == ["T-6.eml", "T-6.json", "stock.csv"])
        #expect(try harness.stockIDs("office") == ["b-office-0002", "b-office-0003"])
    }
}

/// Lists every order of the files channel three times per pull, the way overlapping polling
/// windows do: as it is, then a stale copy awaiting payment one minute older, then as it is.
final class RepeatingMarketplace: ForwardingMarketplace, @unchecked Sendable {
    // @unchecked: as for ForwardingMarketplace; the pull counter is behind a Mutex.
    let pulls = Mutex(0)

    override func pullOrders(openOrders: [OpenOrderReference]) async throws -> OrderBatch {
        pulls.withLock { $0 += 1 }
        var batch = try await inner.pullOrders(openOrders: openOrders)
        var listed: [Order] = []
        for order in batch.orders {
            var stale = order
            stale.state = .awaitingPayment
            stale.marketplaceState = "awaiting_payment"
            stale.updatedAt = order.updatedAt?.adding(seconds: -60)
            listed += [order, stale, order]
        }
        batch.orders = listed
        return batch
    }
}
