import FakeMirakl
import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

/// `keyship fulfil` against a fake Mirakl over several runs while the marketplace moves:
/// acceptance, payment, cancellation, mixed orders, three buyer locales and stock sync.
@Suite struct MiraklFulfilTests {
    // Orders, oldest first; the planner serves them in this order.
    static let shippingOffice = "PCC-3001-A"   // SHIPPING, de_DE, office x3
    static let shippingMixed = "PCC-3002-A"    // SHIPPING, es_ES, windows x1 + usb x2
    static let acceptedWindows = "PCC-2001-A"  // WAITING_DEBIT_PAYMENT, es_ES, windows x2
    static let acceptedAntivirus = "PCC-2002-A" // WAITING_DEBIT_PAYMENT, en_GB, antivirus x1; cancelled
    static let newOffice = "PCC-1001-A"        // WAITING_ACCEPTANCE, es_ES, office x2
    static let newBundle = "PCC-1002-A"        // WAITING_ACCEPTANCE, en_GB, windows x1 + antivirus x3
    static let newMixed = "PCC-1003-A"         // WAITING_ACCEPTANCE, de_DE, office x1 + usb x1
    static let oldShipped = "PCC-0900-A"       // SHIPPED before keyship ran
    static let lateOffice = "PCC-5001-A"       // added after run 2: WAITING_ACCEPTANCE, en_GB, office x1

    static func orders() -> [FakeMirakl.Order] {
        let office = MiraklStore.officeSKU, windows = MiraklStore.windowsSKU
        let antivirus = MiraklStore.antivirusSKU, usb = MiraklStore.usbSKU
        return [
            miraklOrder(oldShipped, "SHIPPED", created: "2026-12-01T09:00:00Z", locale: "es_ES", lines: [(office, 1)]),
            miraklOrder(shippingOffice, "SHIPPING", created: "2026-12-04T08:00:00Z", locale: "de_DE",
                        buyer: ("Jonas", "Weber"), lines: [(office, 3)]),
            miraklOrder(shippingMixed, "SHIPPING", created: "2026-12-04T08:05:00Z", locale: "es_ES",
                        buyer: ("Luis", "Pérez"), lines: [(windows, 1), (usb, 2)]),
            miraklOrder(acceptedWindows, "WAITING_DEBIT_PAYMENT", created: "2026-12-04T09:00:00Z", locale: "es_ES",
                        buyer: ("Marta", "Ruiz"), lines: [(windows, 2)]),
            miraklOrder(acceptedAntivirus, "WAITING_DEBIT_PAYMENT", created: "2026-12-04T09:05:00Z", locale: "en_GB",
                        buyer: ("Emma", "Clark"), lines: [(antivirus, 1)]),
            miraklOrder(newOffice, "WAITING_ACCEPTANCE", created: "2026-12-04T10:00:00Z", locale: "es_ES",
                        lines: [(office, 2)]),
            miraklOrder(newBundle, "WAITING_ACCEPTANCE", created: "2026-12-04T10:05:00Z", locale: "en_GB",
                        buyer: ("Oliver", "Smith"), lines: [(windows, 1), (antivirus, 3)]),
            miraklOrder(newMixed, "WAITING_ACCEPTANCE", created: "2026-12-04T10:10:00Z", locale: "de_DE",
                        buyer: ("Lena", "Schmidt"), lines: [(office, 1), (usb, 1)]),
        ]
    }

    /// Ten keys of each licence product in BCN (the channel's warehouse) and five office keys in
    /// MAD that the channel must neither sell nor count.
    static let keyBatches: [(product: String, batch: String, keys: [StoreFixture.Key])] = [
        ("office", "b1", keys("office", 1...10, warehouse: "BCN")),
        ("office", "m1", keys("office", 101...105, warehouse: "MAD", batch: "m")),
        ("windows", "b1", keys("windows", 1...10, warehouse: "BCN")),
        ("antivirus", "b1", keys("antivirus", 1...10, warehouse: "BCN")),
    ]

    static func stockFile(antivirus: Int, windows: Int, office: Int) -> String {
        "offer-sku;quantity;warehouse-code;update-delete\n"
            + "\(MiraklStore.antivirusSKU);\(antivirus);;update\n"
            + "\(MiraklStore.windowsSKU);\(windows);;update\n"
            + "\(MiraklStore.officeSKU);\(office);;update\n"
    }

    @Test func marketplaceMovesOverFourRuns() async throws {
        let store = try MiraklStore("mirakl-e2e", orders: Self.orders(), keys: Self.keyBatches)
        let fake = store.fake
        for order in Self.orders() { try store.addInvoice(order.id) }
        try store.addInvoice(Self.lateOffice)

        // Run 1 delivers the paid orders and accepts the new licence-only ones. The new mixed
        // order waits for the seller. Orders the seller accepted earlier get keys and wait for
        // payment, with no accept call.
        let first = try await store.run()
        #expect(first.outcomeSummaries == [
            Self.shippingOffice: "delivered: ship, invoice, close",
            Self.shippingMixed: "delivered: ship-by-seller, invoice, close",
            Self.acceptedWindows: "reserved: waits for payment",
            Self.acceptedAntivirus: "reserved: waits for payment",
            Self.newOffice: "progressed: accept; waits for payment",
            Self.newBundle: "progressed: accept; waits for payment",
            Self.newMixed: "reserved: waits for sellerAcceptance",
        ])
        #expect(first.exitCode == .success)
        #expect(first.channelFailures.isEmpty)
        #expect(fake.acceptedOrderIDs == [Self.newOffice, Self.newBundle])
        #expect(fake.shippedOrderIDs == [Self.shippingOffice])
        #expect(fake.order(Self.newMixed)?.state == "WAITING_ACCEPTANCE")
        #expect(fake.order(Self.shippingMixed)?.state == "SHIPPING")
        #expect(store.lastStockFile == Self.stockFile(antivirus: 6, windows: 6, office: 4))
        let reserved = try store.records()
        #expect(reserved[Self.acceptedWindows]?.acceptedAt == nil)
        #expect(reserved[Self.acceptedWindows]?.keys.map(\.row.id) == ["b-windows-0002", "b-windows-0003"])
        #expect(reserved[Self.newOffice]?.acceptedAt == store.harness.now)
        #expect(reserved[Self.newMixed]?.acceptedAt == nil)
        #expect(reserved[Self.oldShipped] == nil)

        // Between runs the buyers pay, one buyer cancels, and the seller accepts the mixed order.
        store.harness.advance(seconds: 3600)
        try fake.cancel(Self.acceptedAntivirus)
        #expect(try store.payAccepted() == [Self.acceptedWindows, Self.newOffice, Self.newBundle])
        try store.sellerAccepts([Self.newMixed])

        // Run 2: the paid orders are delivered and shipped, the cancelled one returns its key.
        let second = try await store.run()
        #expect(second.outcomeSummaries == [
            Self.acceptedWindows: "delivered: ship, invoice, close",
            Self.acceptedAntivirus: "cancelled, keys returned",
            Self.newOffice: "delivered: ship, invoice, close",
            Self.newBundle: "delivered: ship, invoice, close",
            Self.newMixed: "progressed: waits for payment",
        ])
        #expect(second.exitCode == .success)
        #expect(fake.shippedOrderIDs == [Self.shippingOffice, Self.acceptedWindows, Self.newOffice, Self.newBundle])
        // Stock is planned before the cancellation's keys go back, so they show on the next run.
        #expect(store.lastStockFile == Self.stockFile(antivirus: 6, windows: 6, office: 4))
        #expect(try store.harness.stockIDs("antivirus").contains("b-antivirus-0001"))

        // Run 3: the mixed order is paid and gets its keys, but keyship does not ship it; a new
        // order arrives and is accepted.
        store.harness.advance(seconds: 3600)
        #expect(try store.payAccepted() == [Self.newMixed])
        fake.addOrder(miraklOrder(Self.lateOffice, "WAITING_ACCEPTANCE", created: "2026-12-04T13:30:00Z", locale: "en_GB",
                                  buyer: ("Grace", "Hall"), lines: [(MiraklStore.officeSKU, 1)]))
        let third = try await store.run()
        #expect(third.outcomeSummaries == [
            Self.newMixed: "delivered: ship-by-seller, invoice, close",
            Self.lateOffice: "progressed: accept; waits for payment",
        ])
        #expect(store.lastStockFile == Self.stockFile(antivirus: 7, windows: 6, office: 3))

        // Run 4 after payment, and run 5 with nothing left to do.
        store.harness.advance(seconds: 3600)
        #expect(try store.payAccepted() == [Self.lateOffice])
        let fourth = try await store.run()
        #expect(fourth.outcomeSummaries == [Self.lateOffice: "delivered: ship, invoice, close"])
        store.harness.advance(seconds: 3600)
        let fifth = try await store.run()
        #expect(fifth.orders.isEmpty)
        #expect(fifth.commits.isEmpty)
        #expect(fifth.exitCode == .success)

        try checkFinalState(store)
    }

    /// The seller ships a mixed order's physical part before keyship's next run sees it paid.
    @Test func mixedOrderShippedFirst() async throws {
        let mixed = try #require(Self.orders().first { $0.id == Self.newMixed })
        let store = try MiraklStore("mirakl-mixed", orders: [mixed], keys: Self.keyBatches)
        try await store.run()
        try store.sellerAccepts([Self.newMixed])
        try store.payAccepted()
        try store.fake.setState("SHIPPED", of: Self.newMixed)
        store.harness.advance(seconds: 3600)

        let report = try await store.run()

        // The seller shipped the physical line first; the buyer paid, so the reserved keys go out.
        #expect(report.exitCode == .success)
        #expect(try store.records()[Self.newMixed]?.keys.map(\.row.id) == ["b-office-0001"])
        #expect(store.shopThreads(Self.newMixed).count == 1)
        #expect(try store.records()[Self.newMixed]?.shipment?.outcome == .alreadyShipped)
    }

    private func checkFinalState(_ store: MiraklStore) throws {
        let fake = store.fake
        #expect(fake.acceptedOrderIDs == [Self.newOffice, Self.newBundle, Self.lateOffice])
        #expect(fake.shippedOrderIDs == [
            Self.shippingOffice, Self.acceptedWindows, Self.newOffice, Self.newBundle, Self.lateOffice,
        ])
        let states = Dictionary(uniqueKeysWithValues: fake.orders.map { ($0.id, $0.state) })
        #expect(states == [
            Self.oldShipped: "SHIPPED", Self.shippingOffice: "SHIPPED", Self.shippingMixed: "SHIPPING",
            Self.acceptedWindows: "SHIPPED", Self.acceptedAntivirus: "CANCELED", Self.newOffice: "SHIPPED",
            Self.newBundle: "SHIPPED", Self.newMixed: "SHIPPING", Self.lateOffice: "SHIPPED",
        ])

        // Orders are served oldest first, each with the oldest keys left. The cancelled order's
        // antivirus key went back to stock.
        let expectedKeys: [String: [String]] = [
            Self.shippingOffice: ["KEY-OFFICE-1", "KEY-OFFICE-2", "KEY-OFFICE-3"],
            Self.shippingMixed: ["KEY-WINDOWS-1"],
            Self.acceptedWindows: ["KEY-WINDOWS-2", "KEY-WINDOWS-3"],
            Self.newOffice: ["KEY-OFFICE-4", "KEY-OFFICE-5"],
            Self.newBundle: ["KEY-WINDOWS-4", "KEY-ANTIVIRUS-2", "KEY-ANTIVIRUS-3", "KEY-ANTIVIRUS-4"],
            Self.newMixed: ["KEY-OFFICE-6"],
            Self.lateOffice: ["KEY-OFFICE-7"],
        ]
        let records = try store.records()
        #expect(Set(records.keys) == Set(expectedKeys.keys).union([Self.acceptedAntivirus]))
        for (orderID, keys) in expectedKeys.sorted(by: { $0.key < $1.key }) {
            let threads = store.shopThreads(orderID)
            try #require(threads.count == 1, "order \(orderID) has \(threads.count) threads")
            let thread = threads[0]
            #expect(FulfilHarness.keys(in: thread.body) == keys, "keys in the thread of \(orderID)")
            let record = try #require(records[orderID])
            #expect(store.plaintexts(of: record) == keys, "keys in the record of \(orderID)")
            #expect(record.delivery.status == .done)
            #expect(record.delivery.messageID == thread.id, "message id of \(orderID)")
            #expect(record.delivery.attempts == 1)
            #expect(record.isClosed)
            #expect(record.cancellation == nil)
            #expect(record.invoice?.outcome == .attached)
            #expect(thread.recipients == ["CUSTOMER"])
            #expect(thread.topicType == "FREE_TEXT")
            let hasOffice = keys.contains { $0.hasPrefix("KEY-OFFICE") }
            #expect(thread.attachments.map(\.fileName) == (hasOffice ? ["office-instrucciones.txt"] : []), "attachments of \(orderID)")
            if hasOffice {
                #expect(thread.attachments.first?.data == Array(MiraklStore.officeAttachmentText.utf8))
            }
            let documents = fake.documents(for: orderID)
            #expect(documents.map(\.fileName) == ["\(orderID).pdf"], "documents of \(orderID)")
            #expect(documents.map(\.typeCode) == ["CUSTOMER_INVOICE"])
            #expect(documents.first?.data == MiraklStore.invoiceBytes(orderID))
        }
        #expect(store.shopThreads(Self.acceptedAntivirus).isEmpty)
        #expect(store.shopThreads(Self.oldShipped).isEmpty)
        #expect(fake.documents(for: Self.acceptedAntivirus).isEmpty)

        // Shipment: confirmed for licence-only orders, left to the seller for mixed ones.
        #expect(records[Self.shippingMixed]?.shipment?.outcome == .leftToSeller)
        #expect(records[Self.newMixed]?.shipment?.outcome == .leftToSeller)
        #expect(records[Self.newOffice]?.shipment?.outcome == .confirmed)
        #expect(records[Self.acceptedWindows]?.acceptedAt == nil)
        #expect(records[Self.newMixed]?.acceptedAt == nil)

        let cancelled = try #require(records[Self.acceptedAntivirus])
        #expect(cancelled.cancellation?.outcome == .returned)
        #expect(cancelled.cancellation?.marketplaceState == "CANCELED")
        #expect(cancelled.isClosed)
        #expect(try store.openRecordPaths().isEmpty)

        // Messages: the buyer's language when a template has it, else the channel's (Spanish).
        #expect(store.shopThreads(Self.newOffice).first?.topic == "Tu clave de Office 2021 Pro (pedido PCC-1001-A)")
        #expect(store.shopThreads(Self.newOffice).first?.body == """
            Hola Ana García:

            KEY-OFFICE-4
            KEY-OFFICE-5

            \(MiraklStore.officeInstructions)

            Gracias por tu compra. Licencias Prueba S.L.
            """)
        #expect(store.shopThreads(Self.shippingOffice).first?.topic == "Tu clave de Office 2021 Pro (pedido PCC-3001-A)")
        #expect(store.shopThreads(Self.lateOffice).first?.topic == "Your Office 2021 Pro key (order PCC-5001-A)")
        #expect(store.shopThreads(Self.shippingMixed).first?.topic == "Clave de Windows 11 Pro - pedido PCC-3002-A")
        #expect(store.shopThreads(Self.newBundle).first?.topic == "Your Windows 11 Pro key (order PCC-1002-A)")
        #expect(store.shopThreads(Self.newBundle).first?.body == """
            Your 1 Windows 11 Pro key(s):

            KEY-WINDOWS-4
            -----
            KEY-ANTIVIRUS-2
            KEY-ANTIVIRUS-3
            KEY-ANTIVIRUS-4
            """)

        // Stock reached the fake; the MAD keys and the physical offer were left alone.
        #expect(fake.offer(MiraklStore.officeSKU)?.quantity == 3)
        #expect(fake.offer(MiraklStore.windowsSKU)?.quantity == 6)
        #expect(fake.offer(MiraklStore.antivirusSKU)?.quantity == 7)
        #expect(fake.offer(MiraklStore.usbSKU)?.quantity == 12)
        #expect(fake.stockImports.count == 5)
        #expect(try store.harness.stockIDs("office") == ["b-office-0008", "b-office-0009", "b-office-0010"]
            + (101...105).map { "m-office-0\($0)" })

        #expect(!store.harness.logText.contains("KEY-"), "a plaintext key reached the log")
        #expect(!store.harness.logText.contains(MiraklStore.apiKey), "the API key reached the log")
    }
}
