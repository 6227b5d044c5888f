import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing
@testable import KeyshipChannels

@Suite struct FilesOrderReaderTests {
    private func reader(_ folder: ScratchDirectory) -> FilesOrderReader {
        FilesOrderReader(channel: "tienda", inbox: folder.url)
    }

    private func parse(_ json: String, fileName: String = "T-1001.json") throws(FilesOrderProblem) -> Order {
        try FilesOrderReader(channel: "tienda", inbox: URL(fileURLWithPath: "/nonexistent"))
            .parse(Data(json.utf8), fileName: fileName)
    }

    @Test func fullOrderParses() throws {
        let order = try parse("""
            {"order_id": "T-1001", "created_at": "2026-12-04T10:15:00Z", "updated_at": "2026-12-04T11:00:00+01:00",
             "state": "paid", "extra": "ignored",
             "buyer": {"name": "Ana", "locale": "es_ES", "email": "ana@example.com"},
             "lines": [{"line_id": "1", "sku": "OFF-2021-PRO", "quantity": 2},
                       {"line_id": 2, "sku": 12345, "quantity": 1, "title": "Windows"}]}
            """)
        #expect(order.id == "T-1001")
        #expect(order.channel == "tienda")
        #expect(order.createdAt.iso == "2026-12-04T10:15:00Z")
        #expect(order.updatedAt?.iso == "2026-12-04T10:00:00Z")
        #expect(order.state == .paid)
        #expect(order.marketplaceState == "paid")
        #expect(order.buyer == Buyer(locale: "es_ES", name: "Ana", email: "ana@example.com"))
        #expect(order.lines == [
            OrderLine(id: "1", sku: "OFF-2021-PRO", quantity: 2),
            OrderLine(id: "2", sku: "12345", quantity: 1, title: "Windows"),
        ])
    }

    @Test(arguments: [
        ("awaiting_acceptance", OrderState.awaitingAcceptance), ("awaiting_payment", .awaitingPayment),
        ("paid", .paid), ("shipped", .shipped), ("cancelled", .cancelled),
    ])
    func statesMap(_ name: String, _ state: OrderState) throws {
        let order = try parse("""
            {"order_id": "T-1001", "created_at": "2026-12-04T10:15:00Z", "state": "\(name)",
             "lines": [{"sku": "A", "quantity": 1}]}
            """)
        #expect(order.state == state)
        #expect(order.lines.first?.id == "1")
    }

    @Test(arguments: [
        ("{", FilesOrderProblem.invalidJSON),
        ("[]", .notAnObject),
        (#"{"created_at": "2026-12-04T10:15:00Z", "state": "paid", "lines": []}"#, .missingField("order_id")),
        (#"{"order_id": "T-1001", "created_at": "yesterday", "state": "paid"}"#,
         .invalidTimestamp(field: "created_at", value: "yesterday")),
        (#"{"order_id": "T-1001", "created_at": "2026-12-04T10:15:00Z", "state": "pagado"}"#, .unknownState("pagado")),
        (#"{"order_id": "T-1001", "created_at": "2026-12-04T10:15:00Z", "state": "paid", "lines": []}"#,
         .wrongType(field: "lines", expected: .nonEmptyArray)),
        (#"{"order_id": "T-1001", "created_at": "2026-12-04T10:15:00Z", "state": "paid", "lines": [{"sku": "A", "quantity": "2"}]}"#,
         .wrongType(field: "lines[0].quantity", expected: .integer)),
        (#"{"order_id": "T-1001", "created_at": "2026-12-04T10:15:00Z", "state": "paid", "lines": [{"quantity": 2}]}"#,
         .missingField("lines[0].sku")),
        (#"{"order_id": "T-1001", "created_at": "2026-12-04T10:15:00Z", "state": "paid", "lines": [{"line_id": "1", "sku": "A", "quantity": 1}, {"line_id": "1", "sku": "B", "quantity": 1}]}"#,
         .duplicateLine("1")),
        (#"{"order_id": "T-9", "created_at": "2026-12-04T10:15:00Z", "state": "paid", "lines": [{"sku": "A", "quantity": 1}]}"#,
         .fileNameMismatch(orderID: "T-9", expected: "T-9.json")),
    ])
    func invalidOrdersNameTheProblem(_ json: String, _ problem: FilesOrderProblem) {
        #expect(throws: problem) { try parse(json) }
    }

    @Test func problemTextsSayWhatToDo() {
        #expect(FilesOrderProblem.missingField("lines[0].sku").text(in: .en)
            == "the field lines[0].sku is missing; fix the file; the order is processed on the next run")
        #expect(FilesOrderProblem.wrongType(field: "lines", expected: .nonEmptyArray).text(in: .es)
            == "el campo lines debe ser una lista no vacía; corrige el fichero; el pedido se procesará en la próxima ejecución")
    }

    @Test func badFilesDoNotStopGoodOnes() throws {
        let inbox = try ScratchDirectory("inbox")
        try inbox.write("T-1.json", #"{"order_id": "T-1", "created_at": "2026-12-04T10:15:00Z", "state": "paid", "lines": [{"sku": "A", "quantity": 1}]}"#)
        try inbox.write("T-2.json", "not json")
        try inbox.write("notes.txt", "ignored")
        try inbox.write(".T-3.json.swp", "ignored")
        let batch = try reader(inbox).readAll()
        #expect(batch.orders.map(\.id) == ["T-1"])
        #expect(batch.problems.map { $0.formatted(in: .en) } == [
            "\(inbox.path)/T-2.json: the order is not valid JSON; fix the file; the order is processed on the next run",
        ])
    }

    @Test func missingInboxIsAnError() throws {
        let folder = try ScratchDirectory("inbox")
        let reader = FilesOrderReader(channel: "tienda", inbox: folder.url("absent"))
        #expect(throws: FilesChannelError.self) { try reader.readAll() }
    }
}
