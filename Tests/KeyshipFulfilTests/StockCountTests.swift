import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct StockCountTests {
    /// Two channels on two warehouses: each sale consumes its own warehouse's keys, each
    /// outbox's `stock.csv` shows its own warehouse, and a low-stock alert starts once per
    /// warehouse when the count falls to the threshold and clears once when keys arrive.
    @Test func countsAndAlertsPerWarehouse() async throws {
        let harness = try FulfilHarness { fixture in
            let outlet = """
                  - {name: outlet, kind: files, warehouse: BCN, language: es, inbox: "\(fixture.scratch.url("inbox-outlet").path)", outbox: "\(fixture.scratch.url("outbox-outlet").path)"}
                """
            try fixture.write("keyship.yaml", StoreFixture.defaultConfig(
                recipient: fixture.recipient, inbox: fixture.inbox.path, outbox: fixture.outbox.path, extra: outlet))
            try fixture.keepOnlyProducts(["office", "windows"])
            try fixture.write("catalog/office.yaml", """
                id: office
                name: "Office 2021 Pro"
                digital_license: true
                low_stock: 2
                offers: {tienda: OFFICE, outlet: OUT-OFFICE}
                """)
            try fixture.write("catalog/windows.yaml", """
                id: windows
                name: "Windows 11 Pro"
                digital_license: true
                offers: {tienda: WIN11, outlet: OUT-WIN}
                """)
            try fixture.addBatch(product: "office", batch: "mad", keys: keys("office", 1...4, warehouse: "MAD", batch: "mad"))
            try fixture.addBatch(product: "office", batch: "bcn", keys: keys("office", 1...3, warehouse: "BCN", batch: "bcn"))
            try fixture.addBatch(product: "windows", batch: "mad", keys: keys("windows", 1...1, warehouse: "MAD", batch: "mad"))
            try fixture.addBatch(product: "windows", batch: "bcn", keys: keys("windows", 1...1, warehouse: "BCN", batch: "bcn"))
        }
        let outletInbox = harness.fixture.scratch.url("inbox-outlet")
        let outletOutbox = harness.fixture.scratch.url("outbox-outlet")
        try harness.fixture.writeOrder("T-1", createdAt: "2026-12-04T10:00:00Z", lines: [("OFFICE", 2)])
        try FileManager.default.createDirectory(at: outletInbox, withIntermediateDirectories: true)

        // Madrid falls from 4 to 2, the threshold: low stock starts there, not in Barcelona.
        let first = try await harness.run()

        #expect(first.orders.map(\.outcome.kind) == [.delivered])
        #expect(try harness.record("T-1")?.keys.map(\.row.id) == ["mad-office-0001", "mad-office-0002"])
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox) == ["OFFICE;office;2", "WIN11;windows;1"])
        #expect(FulfilHarness.stockRows(in: outletOutbox) == ["OUT-OFFICE;office;3", "OUT-WIN;windows;1"])
        #expect(try harness.activeConditions() == ["low_stock office@MAD"])
        #expect(try harness.notifications().map(FulfilHarness.changeLines) == [
            ["started low_stock office@MAD available=2 threshold=2"],
        ])

        // Barcelona falls to 2 through its own channel; Madrid's alert is not raised again.
        try harness.fixture.writeOrder("O-1", createdAt: "2026-12-04T10:30:00Z", inbox: outletInbox, lines: [("OUT-OFFICE", 1)])
        harness.advance(seconds: 300)
        let second = try await harness.run()

        #expect(second.orders.map(\.orderID) == ["O-1"])
        #expect(try harness.record("O-1", channel: "outlet")?.keys.map(\.row.id) == ["bcn-office-0001"])
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox) == ["OFFICE;office;2", "WIN11;windows;1"])
        #expect(FulfilHarness.stockRows(in: outletOutbox) == ["OUT-OFFICE;office;2", "OUT-WIN;windows;1"])
        #expect(try harness.activeConditions() == ["low_stock office@BCN", "low_stock office@MAD"])
        #expect(try harness.notifications().map(FulfilHarness.changeLines).last == [
            "started low_stock office@BCN available=2 threshold=2",
        ])

        // Runs with nothing new, and a sale that keeps Madrid low, raise nothing.
        let subjects = try harness.remoteSubjects()
        harness.advance(seconds: 300)
        let idle = try await harness.run()
        #expect(idle.alertChanges.isEmpty)
        #expect(try harness.remoteSubjects() == subjects)

        try harness.fixture.writeOrder("T-2", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let stillLow = try await harness.run()
        #expect(stillLow.orders.map(\.outcome.kind) == [.delivered])
        #expect(stillLow.alertChanges.isEmpty)
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox) == ["OFFICE;office;1", "WIN11;windows;1"])
        #expect(try harness.notifications().count == 2)

        // Keys added for Madrid clear its alert once; Barcelona's stays.
        try harness.commitAsPerson("Add 3 office keys for Madrid", files: [
            ("keys/office/mad2.csv", try harness.fixture.batchText(keys("office", 1...3, warehouse: "MAD", batch: "mad2"))),
        ])
        harness.advance(seconds: 300)
        let restocked = try await harness.run()

        #expect(restocked.orders.isEmpty)
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox) == ["OFFICE;office;4", "WIN11;windows;1"])
        #expect(FulfilHarness.stockRows(in: outletOutbox) == ["OUT-OFFICE;office;2", "OUT-WIN;windows;1"])
        #expect(try harness.activeConditions() == ["low_stock office@BCN"])
        let notifications = try harness.notifications()
        #expect(notifications.count == 3)
        #expect(notifications.last.map(FulfilHarness.changeLines) == ["cleared low_stock office@MAD available=4 threshold=2"])

        harness.advance(seconds: 300)
        let after = try await harness.run()
        #expect(after.alertChanges.isEmpty)
        #expect(try harness.notifications().count == 3)
    }
}
