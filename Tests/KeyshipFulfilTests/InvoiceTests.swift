import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct InvoiceTests {
    static let pdf = Data("%PDF-1.4\n% factura de prueba\n%%EOF\n".utf8)

    /// Creates a harness whose store sets `invoices` to a folder outside the store.
    private func makeHarness(waitDays: Int? = nil) throws -> FulfilHarness {
        try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
            let config = try #require(fixture.read("keyship.yaml"))
            let wait = waitDays.map { ", wait_days: \($0)" } ?? ""
            try fixture.write("keyship.yaml", config + "invoices: {folder: \"\(fixture.scratch.url("invoices").path)\"\(wait)}\n")
        }
    }

    private func putInvoice(_ harness: FulfilHarness, order: String) throws {
        try harness.fixture.scratch.write("invoices/tienda/\(order).pdf", Self.pdf)
    }

    /// An invoice already there at delivery is attached in the same run and the record closes.
    @Test func invoiceAtDeliveryIsAttached() async throws {
        let harness = try makeHarness()
        try harness.fixture.addOrder("T-90", lines: [("OFFICE", 1)])
        try putInvoice(harness, order: "T-90")

        let report = try await harness.run()

        guard case .delivered(_, _, let then, let wait)? = report.orders.first?.outcome else {
            Issue.record("expected a delivered outcome, got \(String(describing: report.orders.first?.outcome))")
            return
        }
        #expect(then == ["ship", "invoice", "close"])
        #expect(wait == nil)
        #expect(harness.outboxFiles() == ["T-90.eml", "T-90.invoice.pdf", "T-90.json", "stock.csv"])
        #expect(try Data(contentsOf: harness.fixture.outbox.appendingPathComponent("T-90.invoice.pdf")) == Self.pdf)
        let record = try #require(try harness.record("T-90"))
        #expect(record.invoice?.outcome == .attached)
        #expect(record.invoice?.document == "T-90.pdf")
        #expect(record.invoice?.at == harness.now)
        #expect(record.isClosed)
        // The invoice's content never enters the store.
        let grep = try harness.remoteGitResult(["grep", "--fixed-strings", "factura de prueba", "main"])
        #expect(grep.status == 1)
        #expect(grep.stdout == "")
    }

    /// An invoice that appears after delivery is attached by the next run, which closes the
    /// record. Runs before it leave the record open and commit nothing.
    @Test func lateInvoiceIsAttachedLater() async throws {
        let harness = try makeHarness()
        try harness.fixture.addOrder("T-91", lines: [("OFFICE", 1)])

        let delivered = try await harness.run()

        guard case .delivered(_, _, let then, let wait)? = delivered.orders.first?.outcome else {
            Issue.record("expected a delivered outcome, got \(String(describing: delivered.orders.first?.outcome))")
            return
        }
        #expect(then == ["ship"])
        #expect(wait == .invoice)
        let open = try #require(try harness.record("T-91"))
        #expect(open.invoice == nil)
        #expect(open.shipment?.outcome == .confirmed)
        #expect(!open.isClosed)

        let subjects = try harness.remoteSubjects()
        harness.advance(seconds: 3600)
        let stillWaiting = try await harness.run()
        #expect(stillWaiting.orders.map(\.outcome.kind) == [.progressed])
        #expect(try harness.remoteSubjects() == subjects)

        try putInvoice(harness, order: "T-91")
        harness.advance(seconds: 3600)
        let attached = try await harness.run()

        guard case .progressed(let steps, nil)? = attached.orders.first?.outcome else {
            Issue.record("expected progressed steps, got \(String(describing: attached.orders.first?.outcome))")
            return
        }
        #expect(steps == ["invoice", "close"])
        let record = try #require(try harness.record("T-91"))
        #expect(record.invoice?.outcome == .attached)
        #expect(record.invoice?.document == "T-91.pdf")
        #expect(record.isClosed)
        #expect(harness.outboxFiles() == ["T-91.eml", "T-91.invoice.pdf", "T-91.json", "stock.csv"])
        #expect(try harness.outboxMessages().count == 1)
    }

    /// No invoice within `wait_days` of delivery: the record closes with `not_found`.
    @Test func missingInvoiceClosesAfterWait() async throws {
        let harness = try makeHarness(waitDays: 2)
        try harness.fixture.addOrder("T-92", lines: [("OFFICE", 1)])
        try await harness.run()
        let sentAt = try #require(try harness.record("T-92")?.delivery.sentAt)

        harness.advance(seconds: 2 * 86_400 - 1)
        try await harness.run()
        #expect(try harness.record("T-92")?.isClosed == false)

        harness.advance(seconds: 1)
        let closing = try await harness.run()

        guard case .progressed(let steps, nil)? = closing.orders.first?.outcome else {
            Issue.record("expected progressed steps, got \(String(describing: closing.orders.first?.outcome))")
            return
        }
        #expect(steps == ["invoice", "close"])
        let record = try #require(try harness.record("T-92"))
        #expect(record.invoice?.outcome == .notFound)
        #expect(record.invoice?.document == nil)
        #expect(record.invoice?.at == sentAt.adding(seconds: 2 * 86_400))
        #expect(record.isClosed)
        #expect(harness.outboxFiles() == ["T-92.eml", "T-92.json", "stock.csv"])
    }
}
