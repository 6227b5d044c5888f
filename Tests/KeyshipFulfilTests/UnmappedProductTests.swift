import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct UnmappedProductTests {
    /// An order with a SKU no product maps: held whole, nothing reserved, one alert.
    @Test func unmappedSkuHoldsWholeOrder() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
        }
        try harness.fixture.addOrder("T-40", lines: [("OFFICE", 1), ("NO-SUCH-SKU", 1)])

        let first = try await harness.run()

        guard case .held(let reasons)? = first.orders.first?.outcome else {
            Issue.record("expected a held outcome, got \(String(describing: first.orders.first?.outcome))")
            return
        }
        #expect(reasons == [.unmappedProduct(lineID: "2", sku: "NO-SUCH-SKU")])
        #expect(first.exitCode == .attention)
        #expect(try harness.record("T-40") == nil)
        #expect(try harness.stockIDs("office") == ["b-office-0001", "b-office-0002", "b-office-0003"])
        #expect(harness.outboxFiles() == ["stock.csv"])
        let notifications = try harness.notifications()
        #expect(notifications.count == 1)
        let unmapped = notifications.flatMap(\.changes).filter { $0.condition.kind == .unmappedProduct }
        #expect(unmapped.map { "\($0.event.rawValue) \($0.condition) \($0.detail)" } == [
            "started unmapped_product tienda/NO-SUCH-SKU orders=1",
        ])

        harness.advance(seconds: 300)
        let second = try await harness.run()

        #expect(second.orders.map(\.outcome.kind) == [.held])
        #expect(second.alertChanges.isEmpty)
        #expect(try harness.notifications().count == 1)
        #expect(try harness.record("T-40") == nil)
    }

    /// Once a person maps the SKU, the held order is served in full and the alert clears once.
    @Test func mappedSkuReleasesHeldOrder() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
            try fixture.addBatch(product: "windows", batch: "b1", keys: keys("windows", 1...3))
        }
        try harness.fixture.addOrder("T-41", lines: [("OFFICE", 1), ("WIN11-OEM", 1)])
        try await harness.run()
        #expect(try harness.record("T-41") == nil)

        try harness.commitAsPerson("Map WIN11-OEM on tienda", files: [("catalog/windows.yaml", """
            id: windows
            name: "Windows 11 Pro"
            digital_license: true
            offers: {tienda: WIN11-OEM}
            """)])
        harness.advance(seconds: 300)
        let served = try await harness.run()

        #expect(served.orders.map(\.outcome.kind) == [.delivered])
        #expect(try harness.record("T-41")?.keys.map(\.row.id) == ["b-office-0001", "b-windows-0001"])
        let unmapped = try harness.notifications().flatMap(FulfilHarness.changeLines).filter { $0.contains("unmapped_product") }
        #expect(unmapped == [
            "started unmapped_product tienda/WIN11-OEM orders=1",
            "cleared unmapped_product tienda/WIN11-OEM orders=0",
        ])
    }
}
