import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct EveryLineTests {
    /// Four licence products of quantity 1 each: four keys in one message, one per line, the
    /// products' parts separated by `-----`, and one record with four lines.
    @Test func fourProductsShareOneMessage() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.write("catalog/vpn.yaml", """
                id: vpn
                name: "VPN 1 año"
                digital_license: true
                offers: {tienda: VPN1}
                """)
            for product in ["office", "windows", "antivirus", "vpn"] {
                try fixture.addBatch(product: product, batch: "b1", keys: keys(product, 1...2))
            }
        }
        try harness.fixture.addOrder("T-2", lines: [("OFFICE", 1), ("WIN11", 1), ("AV1", 1), ("VPN1", 1)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        let messages = try harness.outboxMessages()
        #expect(messages.keys.sorted() == ["T-2.eml"])
        let body = FulfilHarness.text(messages["T-2.eml"]?.body)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.filter { $0 == "-----" }.count == 3)
        #expect(lines == ["KEY-OFFICE-1", "-----", "KEY-WINDOWS-1", "-----", "KEY-ANTIVIRUS-1", "-----", "KEY-VPN-1"])

        let record = try #require(try harness.record("T-2"))
        #expect(record.lines.map(\.lineID) == ["1", "2", "3", "4"])
        #expect(record.lines.map(\.product) == ["office", "windows", "antivirus", "vpn"])
        #expect(record.lines.map { $0.keys.map(\.row.id) } == [
            ["b-office-0001"], ["b-windows-0001"], ["b-antivirus-0001"], ["b-vpn-0001"],
        ])
        #expect(record.delivery.status == .done)
        #expect(record.isClosed)
        for product in ["office", "windows", "antivirus", "vpn"] {
            #expect(try harness.stockIDs(product) == ["b-\(product)-0002"])
        }
    }

    /// Two lines of one product share its part; a templated product and a bare one are still
    /// joined by exactly one separator line.
    @Test func sameProductLinesShareOnePart() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
            try fixture.addBatch(product: "windows", batch: "b1", keys: keys("windows", 1...2))
            try fixture.write("templates/office/tienda.es.yaml", """
                intro: |
                  Tus claves de {{product_name}}:
                closing: |
                  Gracias.
                """)
        }
        try harness.fixture.addOrder("T-3", lines: [("OFFICE", 1), ("WIN11", 1), ("OFFICE", 2)])

        try await harness.run()

        let body = FulfilHarness.text(try harness.outboxMessages()["T-3.eml"]?.body)
        #expect(body == """
            Tus claves de Office 2021 Pro:

            KEY-OFFICE-1
            KEY-OFFICE-2
            KEY-OFFICE-3

            Gracias.
            -----
            KEY-WINDOWS-1
            """)
        let record = try #require(try harness.record("T-3"))
        #expect(record.lines.map { $0.keys.map(\.row.id) } == [
            ["b-office-0001"], ["b-windows-0001"], ["b-office-0002", "b-office-0003"],
        ])
    }
}
