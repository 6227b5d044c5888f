import FakeMirakl
import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

/// One order through `keyship fulfil` while the fake Mirakl fails in one chosen way, over two
/// runs: the first meets the fault, the second recovers.
@Suite struct MiraklRecoveryTests {
    static let orderID = "R-1001-A"

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The order's Mirakl state before the first run.
        var state: String
        var faults: @Sendable (FakeMirakl) -> Void
        /// What the marketplace does between the runs.
        var between: @Sendable (FakeMirakl) throws -> Void = { _ in }
        /// The order's outcome summary in run 1 and in run 2.
        var outcomes: [String]
        var finalState: String
        /// Threads keyship opened on the order, at the end.
        var threads: Int
        var accepted = 0
        var shipped = 0
        /// The order's key is back in stock at the end.
        var keyInStock = false
        var requestTimeout: Duration?

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "accept applied, response lost", state: "WAITING_ACCEPTANCE",
            faults: { $0.inject(.applyThenDropConnection, on: .acceptOrder) },
            between: { try $0.pay(orderID) },
            outcomes: ["progressed: accept; waits for payment", "delivered: ship, invoice, close"],
            finalState: "SHIPPED", threads: 1, accepted: 1, shipped: 1),
        Case(
            name: "accept rejected, order cancelled", state: "WAITING_ACCEPTANCE",
            faults: { $0.inject(.cancelOrderFirst, on: .acceptOrder) },
            outcomes: ["failed: accept", "cancelled, keys returned"],
            finalState: "CANCELED", threads: 0, keyInStock: true),
        Case(
            name: "accept not applied, 503", state: "WAITING_ACCEPTANCE",
            faults: { $0.inject(.serverError(status: 503), on: .acceptOrder) },
            outcomes: ["failed: accept", "progressed: accept; waits for payment"],
            finalState: "WAITING_DEBIT_PAYMENT", threads: 0, accepted: 1),
        Case(
            name: "thread stored, M11 down", state: "SHIPPING",
            faults: { fake in
                fake.inject(.applyThenDropConnection, on: .createThread)
                fake.inject(.serverError(status: 500), on: .listThreads, times: 4)
            },
            outcomes: ["failed: deliver", "delivered (found): ship, invoice, close"],
            finalState: "SHIPPED", threads: 1, shipped: 1),
        Case(
            name: "thread stored, M11 confirms", state: "SHIPPING",
            faults: { $0.inject(.applyThenDropConnection, on: .createThread) },
            outcomes: ["delivered: ship, invoice, close", "none"],
            finalState: "SHIPPED", threads: 1, shipped: 1),
        Case(
            name: "thread slower than timeout", state: "SHIPPING",
            faults: { $0.inject(.slowResponse(delay: .milliseconds(700)), on: .createThread) },
            outcomes: ["delivered: ship, invoice, close", "none"],
            finalState: "SHIPPED", threads: 1, shipped: 1, requestTimeout: .milliseconds(300)),
        Case(
            name: "thread not stored, 500", state: "SHIPPING",
            faults: { $0.inject(.serverError(status: 500), on: .createThread) },
            outcomes: ["failed: deliver", "delivered: ship, invoice, close"],
            finalState: "SHIPPED", threads: 1, shipped: 1),
        Case(
            name: "send refused, then cancelled", state: "SHIPPING",
            faults: { $0.inject(.tooManyRequests(retryAfterSeconds: 30), on: .createThread) },
            between: { try $0.cancel(orderID) },
            outcomes: ["failed: deliver", "cancelled, keys burned"],
            finalState: "CANCELED", threads: 0),
        Case(
            name: "ship applied, OR11 down", state: "SHIPPING",
            faults: { fake in
                fake.inject(.applyThenDropConnection, on: .shipOrder)
                // The run's own listing passes; the read-back after the lost response fails.
                fake.inject(.serverError(status: 502), on: .listOrders, times: 4, after: 1)
            },
            outcomes: ["failed: ship", "progressed: already-shipped, invoice, close"],
            finalState: "SHIPPED", threads: 1, shipped: 1),
        Case(
            name: "invoice stored, OR72 down", state: "SHIPPING",
            faults: { fake in
                fake.inject(.applyThenDropConnection, on: .uploadDocuments)
                // The check before the upload passes; the one after the lost response fails.
                fake.inject(.serverError(status: 500), on: .listDocuments, times: 4, after: 1)
            },
            outcomes: ["failed: invoice", "progressed: invoice, close"],
            finalState: "SHIPPED", threads: 1, shipped: 1),
        Case(
            name: "listing down for a run", state: "SHIPPING",
            faults: { $0.inject(.serverError(status: 503), on: .listOrders, times: 4) },
            outcomes: ["none", "delivered: ship, invoice, close"],
            finalState: "SHIPPED", threads: 1, shipped: 1),
    ]

    @Test(arguments: cases)
    func recovers(_ testCase: Case) async throws {
        let order = miraklOrder(Self.orderID, testCase.state, created: "2026-12-04T10:00:00Z", locale: "es_ES",
                                lines: [(MiraklStore.officeSKU, 1)])
        let store = try MiraklStore("mirakl-recovery", orders: [order], keys: [("office", "b1", keys("office", 1...3, warehouse: "BCN"))])
        try store.addInvoice(Self.orderID)
        testCase.faults(store.fake)

        var outcomes: [String] = []
        for run in 1...2 {
            let report = try await store.run(requestTimeout: testCase.requestTimeout)
            outcomes.append(report.outcomeSummaries[Self.orderID] ?? "none")
            if run == 1 {
                try testCase.between(store.fake)
                store.harness.advance(seconds: 2 * 3600)
            }
        }

        #expect(outcomes == testCase.outcomes)
        #expect(store.fake.order(Self.orderID)?.state == testCase.finalState)
        let threads = store.shopThreads(Self.orderID)
        #expect(threads.count == testCase.threads)
        #expect(store.fake.acceptedOrderIDs.count == testCase.accepted)
        #expect(store.fake.shippedOrderIDs.count == testCase.shipped)
        #expect(try store.harness.stockIDs("office").contains("b-office-0001") == testCase.keyInStock)
        let record = try #require(try store.records()[Self.orderID])
        if let thread = threads.first {
            #expect(record.delivery.messageID == thread.id)
            #expect(FulfilHarness.keys(in: thread.body) == ["KEY-OFFICE-1"])
            #expect(store.fake.documents(for: Self.orderID).count == 1)
        }
    }

    /// A run whose listing fails reports the channel as unavailable (exit code 4) and does not
    /// throw. It reserves nothing and only records the store's own stock alerts.
    @Test func listingDownIsUnavailable() async throws {
        let order = miraklOrder(Self.orderID, "SHIPPING", created: "2026-12-04T10:00:00Z", locale: "es_ES",
                                lines: [(MiraklStore.officeSKU, 1)])
        let store = try MiraklStore("mirakl-down", orders: [order], keys: [("office", "b1", keys("office", 1...3, warehouse: "BCN"))])
        store.fake.inject(.serverError(status: 503), on: .listOrders, times: 4)

        let report = try await store.run()

        #expect(report.exitCode == .unavailable)
        #expect(report.channelFailures.map(\.channel) == [MiraklStore.channel])
        #expect(report.channelFailures.map(\.phase) == [.pull])
        #expect(report.commits.map(\.subject) == ["Record alerts"])
        #expect(try store.records().isEmpty)
        #expect(report.stockSync.isEmpty)
        #expect(store.fake.callCount(.listOrders) == 4)
        #expect(store.fake.callCount(.importStock) == 0)
    }
}
