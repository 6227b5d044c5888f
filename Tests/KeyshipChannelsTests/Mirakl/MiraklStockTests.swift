import FakeMirakl
import KeyshipChannels
import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Testing

@Suite struct MiraklStockTests {
    static let offers = [
        FakeMirakl.Offer(sku: "PCC-88123", quantity: 3), FakeMirakl.Offer(sku: "PCC-77;B", quantity: 9),
        FakeMirakl.Offer(sku: "PCC-55001", quantity: 1),
    ]

    @Test func stockImportSendsExactCSVAndPollsUntilComplete() async throws {
        let harness = try MiraklHarness(offers: Self.offers)

        let result = try await harness.channel.pushStock([
            StockLevel(sku: "PCC-88123", product: "office-2021-pro", quantity: 12),
            StockLevel(sku: "PCC-77;B", product: "windows-11-pro", quantity: 0),
        ])

        let stockImport = try #require(harness.fake.stockImports.first)
        #expect(String(decoding: stockImport.csv, as: UTF8.self) ==
            "offer-sku;quantity;warehouse-code;update-delete\nPCC-88123;12;;update\n\"PCC-77;B\";0;;update\n")
        #expect(result == StockSyncResult(reference: stockImport.id, rejected: [:]))
        #expect(harness.fake.offer("PCC-88123")?.quantity == 12)
        #expect(harness.fake.offer("PCC-77;B")?.quantity == 0)
        #expect(harness.fake.offer("PCC-55001")?.quantity == 1)
        #expect(harness.fake.callCount(.stockImportStatus) == 2)
        #expect(harness.sleeps.recorded == [.seconds(15), .seconds(15)])
        #expect(harness.fake.requests(to: .importStock).first?.header("Content-Type")?.hasPrefix("multipart/form-data; boundary=") == true)
    }

    @Test func warehouseCodeIsSentWhenTheChannelNamesOne() async throws {
        let harness = try MiraklHarness(offers: Self.offers, stockWarehouseCode: "MAD-1")

        _ = try await harness.channel.pushStock([StockLevel(sku: "PCC-88123", product: "office-2021-pro", quantity: 4)])

        let stockImport = try #require(harness.fake.stockImports.first)
        #expect(String(decoding: stockImport.csv, as: UTF8.self) ==
            "offer-sku;quantity;warehouse-code;update-delete\nPCC-88123;4;MAD-1;update\n")
        #expect(harness.fake.offer("PCC-88123")?.warehouseQuantities == ["MAD-1": 4])
    }

    @Test func rejectedLinesAreReported() async throws {
        let harness = try MiraklHarness(offers: Self.offers)

        let result = try await harness.channel.pushStock([
            StockLevel(sku: "PCC-88123", product: "office-2021-pro", quantity: 2),
            StockLevel(sku: "PCC-UNKNOWN", product: "antivirus", quantity: 5),
        ])

        #expect(result.rejected == ["PCC-UNKNOWN": "The offer with SKU PCC-UNKNOWN is unknown"])
        #expect(harness.fake.offer("PCC-88123")?.quantity == 2)
        #expect(harness.fake.callCount(.stockImportErrors) == 1)
    }

    @Test func failedImportIsAnError() async throws {
        let harness = try MiraklHarness(offers: Self.offers)
        harness.fake.setStockImportsFail(true)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.pushStock([StockLevel(sku: "PCC-88123", product: "office-2021-pro", quantity: 2)])
        }

        let importID = harness.fake.stockImports.first?.id ?? ""
        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl), STO02 (stock import status): Mirakl marked the stock import \(importID) as "
                + "failed. The next run sends the stock again; if it happens again, check the import in the Mirakl back office.")
        #expect(harness.fake.offer("PCC-88123")?.quantity == 3)
    }

    @Test func importStillRunningAfterTheLastPollIsUnfinished() async throws {
        let harness = try MiraklHarness(offers: Self.offers, stockImportPollsUntilComplete: 10)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.pushStock([StockLevel(sku: "PCC-88123", product: "office-2021-pro", quantity: 2)])
        }

        guard case .stockImportUnfinished(_, let polls)? = error?.problem else {
            Issue.record("expected stockImportUnfinished, got \(String(describing: error?.problem))")
            return
        }
        #expect(polls == 3)
        #expect(error?.exitCode == .unavailable)
        #expect(harness.fake.callCount(.stockImportStatus) == 3)
        #expect(harness.sleeps.recorded == [.seconds(15), .seconds(15), .seconds(30)])
    }

    @Test func emptyStockSendsNothing() async throws {
        let harness = try MiraklHarness(offers: Self.offers)

        let result = try await harness.channel.pushStock([])

        #expect(result == StockSyncResult())
        #expect(harness.fake.callCount(.importStock) == 0)
    }

    @Test func offersAreListedPageByPage() async throws {
        var offers = (0..<150).map { FakeMirakl.Offer(sku: "SKU-\(1000 + $0)", title: "Producto \($0)", quantity: $0) }
        offers[3].active = false
        let harness = try MiraklHarness(offers: offers)

        let listed = try await harness.channel.listOffers()

        #expect(listed.count == 150)
        #expect(listed[3] == Offer(sku: "SKU-1003", title: "Producto 3", quantity: 3, active: false))
        #expect(listed.map(\.sku) == offers.map(\.sku))
        #expect(harness.fake.requests(to: .listOffers).map(\.queryPairs) == [["max=100", "offset=0"], ["max=100", "offset=100"]])
    }
}
