import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct CancellationTests {
    /// An order reserved while awaiting payment and then cancelled: its keys go back to their
    /// batch file unchanged, so the next order gets them first.
    @Test func cancelBeforeDeliveryReturnsKeys() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
        }
        let batch = "keys/office/b1.csv"
        let rowsBefore = try harness.remoteBatchRows(batch)
        let cellsBefore = try #require(harness.remoteFile(batch)).split(separator: "\n").dropFirst().sorted()
        try harness.fixture.addOrder("T-20", state: "awaiting_payment", lines: [("OFFICE", 2)])

        let reserved = try await harness.run()

        #expect(reserved.orders.map(\.outcome.kind) == [.reserved])
        #expect(try harness.record("T-20")?.keys.map(\.row.id) == ["b-office-0001", "b-office-0002"])
        #expect(try harness.record("T-20")?.delivery.status == .inProgress)
        #expect(try harness.stockIDs("office") == ["b-office-0003"])
        #expect(harness.outboxFiles() == ["stock.csv"])

        try harness.fixture.addOrder("T-20", state: "cancelled", lines: [("OFFICE", 2)])
        harness.advance(seconds: 300)
        let cancelled = try await harness.run()

        guard case .cancelled(let outcome)? = cancelled.orders.first?.outcome else {
            Issue.record("expected a cancelled outcome, got \(String(describing: cancelled.orders.first?.outcome))")
            return
        }
        #expect(outcome == .returned)
        let record = try #require(try harness.record("T-20"))
        #expect(record.cancellation?.outcome == .returned)
        #expect(record.cancellation?.marketplaceState == "cancelled")
        #expect(record.isClosed)
        #expect(try harness.remoteFiles(under: "ledger/tienda") == ["ledger/tienda/2026-12/T-20.yaml"])
        let rowsAfter = try harness.remoteBatchRows(batch)
        #expect(rowsAfter.map(\.id).sorted() == rowsBefore.map(\.id))
        #expect(rowsAfter.sorted { $0.id < $1.id }.map(\.createdAt) == rowsBefore.map(\.createdAt))
        // Every row, its encrypted cell included, is back exactly as imported.
        #expect(try #require(harness.remoteFile(batch)).split(separator: "\n").dropFirst().sorted() == cellsBefore)
        #expect(try harness.stockIDs("office").sorted() == ["b-office-0001", "b-office-0002", "b-office-0003"])
        #expect(harness.outboxFiles() == ["stock.csv"])
        // Returned keys become assignable, and published, from the next run on.
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox).contains("OFFICE;office;1"))

        try harness.fixture.addOrder("T-21", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let next = try await harness.run()

        #expect(next.orders.map(\.orderID) == ["T-21"])
        #expect(try harness.record("T-21")?.keys.map(\.row.id) == ["b-office-0001"])
        #expect(FulfilHarness.keys(in: try harness.outboxMessages()["T-21.eml"]?.body) == ["KEY-OFFICE-1"])
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox).contains("OFFICE;office;2"))
    }

    /// Reserving every key of a batch deletes its file; a cancellation writes it back.
    @Test func returnedKeysRecreateEmptiedBatch() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        let original = try #require(harness.remoteFile("keys/office/b1.csv"))
        try harness.fixture.addOrder("T-27", state: "awaiting_payment", lines: [("OFFICE", 2)])
        try await harness.run()
        #expect(try harness.remoteFiles(under: "keys") == [])

        try harness.fixture.addOrder("T-27", state: "cancelled", lines: [("OFFICE", 2)])
        harness.advance(seconds: 300)
        try await harness.run()

        #expect(try harness.remoteFiles(under: "keys") == ["keys/office/b1.csv"])
        #expect(harness.remoteFile("keys/office/b1.csv") == original)
        #expect(try harness.record("T-27")?.cancellation?.outcome == .returned)
    }

    /// An order delivered and then cancelled while its record is still open (it waits for the
    /// invoice): the keys are burned and never come back to stock.
    @Test func cancelAfterDeliveryBurnsKeys() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
            let config = try #require(fixture.read("keyship.yaml"))
            try fixture.write("keyship.yaml", config + "invoices: {folder: \"\(fixture.scratch.url("invoices").path)\"}\n")
        }
        try harness.fixture.addOrder("T-22", lines: [("OFFICE", 1)])

        let delivered = try await harness.run()

        #expect(delivered.orders.map(\.outcome.kind) == [.delivered])
        #expect(try harness.record("T-22")?.isClosed == false)

        try harness.fixture.addOrder("T-22", state: "cancelled", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let cancelled = try await harness.run()

        guard case .cancelled(let outcome)? = cancelled.orders.first?.outcome else {
            Issue.record("expected a cancelled outcome, got \(String(describing: cancelled.orders.first?.outcome))")
            return
        }
        #expect(outcome == .burned)
        let record = try #require(try harness.record("T-22"))
        #expect(record.cancellation?.outcome == .burned)
        #expect(record.isClosed)
        #expect(record.keys.map(\.row.id) == ["b-office-0001"])
        #expect(try harness.stockIDs("office") == ["b-office-0002", "b-office-0003"])
        #expect(try harness.remoteBatchRows("keys/office/b1.csv").map(\.id) == ["b-office-0002", "b-office-0003"])

        // Later runs and orders never see the burned key again.
        try harness.fixture.addOrder("T-23", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        try await harness.run()

        #expect(try harness.record("T-23")?.keys.map(\.row.id) == ["b-office-0002"])
        #expect(try harness.stockIDs("office") == ["b-office-0003"])
    }

    /// An order whose send failed and that is then cancelled: the failed send may still have
    /// reached the buyer, so its keys are burned, not returned.
    @Test func cancelAfterFailedSendBurnsKeys() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        let logger = Logger(label: "test", handler: harness.logs)
        let factory = FaultyChannelFactory(
            base: StandardChannelFactory(environment: harness.fixture.environment, now: { [harness] in harness.now }, logger: logger),
            failingSends: 1)
        try harness.fixture.addOrder("T-26", lines: [("OFFICE", 1)])
        try await harness.run(factory: factory)
        #expect(try harness.record("T-26")?.delivery.status == .error)

        try harness.fixture.addOrder("T-26", state: "cancelled", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let cancelled = try await harness.run(factory: factory)

        guard case .cancelled(let outcome)? = cancelled.orders.first?.outcome else {
            Issue.record("expected a cancelled outcome, got \(String(describing: cancelled.orders.first?.outcome))")
            return
        }
        #expect(outcome == .burned)
        #expect(try harness.record("T-26")?.cancellation?.outcome == .burned)
        #expect(try harness.stockIDs("office") == ["b-office-0002"])
        #expect(harness.outboxFiles() == ["stock.csv"])
    }

    /// An order cancelled after its record closed keeps its key sold: the key never returns
    /// to stock and no later order gets it.
    @Test func cancelAfterCloseKeepsKeySold() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-24", lines: [("OFFICE", 1)])
        try await harness.run()

        try harness.fixture.addOrder("T-24", state: "cancelled", lines: [("OFFICE", 1)])
        try harness.fixture.addOrder("T-25", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 2)])
        harness.advance(seconds: 300)
        let report = try await harness.run()

        #expect(report.orders.map(\.orderID) == ["T-25"])
        #expect(report.orders.map(\.outcome.kind) == [.waiting])
        let record = try #require(try harness.record("T-24"))
        #expect(record.keys.map(\.row.id) == ["b-office-0001"])
        #expect(record.cancellation?.outcome != .returned)
        #expect(try harness.stockIDs("office") == ["b-office-0002"])
    }
}
