import FakeMirakl
import KeyshipChannels
import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Testing

@Suite struct MiraklDocumentsTests {
    static let invoice = InvoiceDocument(fileName: "factura-2026-0042.pdf", data: Array("%PDF-1.7\n\u{0}\u{1}binary".utf8))

    @Test func invoiceIsUploadedOnce() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPED")])
        let order = try #require(try await harness.listed("O-1"))

        try await harness.channel.attachInvoice(Self.invoice, to: order)
        try await harness.channel.attachInvoice(Self.invoice, to: order)

        let documents = harness.fake.documents(for: "O-1")
        #expect(documents.count == 1)
        #expect(documents.first?.fileName == "factura-2026-0042.pdf")
        #expect(documents.first?.typeCode == "CUSTOMER_INVOICE")
        #expect(documents.first?.data == Self.invoice.data)
        #expect(harness.fake.callCount(.uploadDocuments) == 1)
        #expect(harness.fake.callCount(.listDocuments) == 2)
        #expect(harness.fake.requests(to: .listDocuments).first?.queryPairs == ["order_ids=O-1"])
    }

    @Test func perFileErrorIsThrown() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPED")])
        let order = try #require(try await harness.listed("O-1"))
        try harness.fake.addDocument(orderID: "O-1", fileName: Self.invoice.fileName, typeCode: "DELIVERY_SLIP", data: [1])

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.attachInvoice(Self.invoice, to: order)
        }

        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl), order O-1, OR74 (attach the invoice): Mirakl rejected the invoice "
                + "\"factura-2026-0042.pdf\": \"The order already has a document named factura-2026-0042.pdf\". "
                + "Correct the invoice and run again.")
        #expect(harness.fake.documents(for: "O-1").map(\.typeCode) == ["DELIVERY_SLIP"])
    }

    @Test func lostUploadAnswerIsCheckedWithOR72() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPED")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.applyThenDropConnection, on: .uploadDocuments)

        try await harness.channel.attachInvoice(Self.invoice, to: order)

        #expect(harness.fake.documents(for: "O-1").count == 1)
        #expect(harness.fake.callCount(.uploadDocuments) == 1)
        #expect(harness.fake.callCount(.listDocuments) == 2)
    }

    @Test func failedUploadIsNotConfirmed() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPED")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.serverError(status: 503), on: .uploadDocuments)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.attachInvoice(Self.invoice, to: order)
        }

        guard case .documentNotConfirmed(let fileName, _)? = error?.problem else {
            Issue.record("expected documentNotConfirmed, got \(String(describing: error?.problem))")
            return
        }
        #expect(fileName == "factura-2026-0042.pdf")
        #expect(harness.fake.documents(for: "O-1").isEmpty)
    }

    @Test(arguments: ["factura-ñ.pdf", "factura.exe", "factura", ""])
    func invalidNameIsRefusedBeforeUploading(_ name: String) async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPED")])
        let order = try #require(try await harness.listed("O-1"))

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.attachInvoice(InvoiceDocument(fileName: name, data: [1]), to: order)
        }

        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl), order O-1, OR74 (attach the invoice): Mirakl does not accept the invoice "
                + "\"\(name)\": the name must be US-ASCII only and end in one of csv, doc, gif, jpg, odp, ods, odt, pdf, png, "
                + "ppt, rtf, txt, xls. Rename the file.")
        #expect(harness.fake.callCount(.uploadDocuments) == 0)
        #expect(harness.fake.callCount(.listDocuments) == 0)
    }
}
