import FakeMirakl
import KeyshipChannels
import KeyshipCore
import LoopbackHTTP
import KeyshipNet
import Testing

@Suite struct MiraklAuthTests {
    static func settings() -> ChannelConfig {
        ChannelConfig(
            name: "pcc", warehouse: "MAD", language: "es",
            settings: .mirakl(MiraklChannelSettings(baseURL: "http://127.0.0.1:9", apiKeyEnv: "KEYSHIP_PCC_API_KEY")))
    }

    @Test(arguments: [[:], ["KEYSHIP_PCC_API_KEY": ""]] as [[String: String]])
    func missingKeyNamesTheVariable(_ environment: [String: String]) throws {
        let error = #expect(throws: MiraklError.self) {
            try MiraklChannel(channel: Self.settings(), environment: environment, client: HTTPClient(), logger: .disabled)
        }

        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl): the API key is missing: the environment variable KEYSHIP_PCC_API_KEY is not "
                + "set or is empty. Set it to the shop's API key (in CI, as a secret).")
        #expect(error?.text(in: .es) ==
            "Canal de venta «pcc» (Mirakl): falta la clave de API: la variable de entorno KEYSHIP_PCC_API_KEY no está "
                + "definida o está vacía. Defínela con la clave de API de la tienda (en la CI, como secreto).")
    }

    @Test func wrongKeyIsAClearError() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")], apiKeyInEnvironment: "mk-wrong-key")

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.pullOrders(openOrders: [])
        }

        #expect(error?.exitCode == .failure)
        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl), OR11 (list orders): Mirakl rejected the API key (HTTP 401). Check that "
                + "KEYSHIP_PCC_API_KEY holds the shop's current API key and, if the key covers several shops, the channel's "
                + "shop_id in keyship.yaml.")
        #expect(harness.fake.callCount(.listOrders) == 1)
    }

    @Test func shopIDIsSentAndChecked() async throws {
        let right = try MiraklHarness(orders: [makeOrder("O-1")], shopID: "2001")
        _ = try await right.channel.pullOrders(openOrders: [])
        #expect(right.fake.requests(to: .listOrders).first?.queryValue("shop_id") == "2001")

        let wrong = try MiraklHarness(orders: [makeOrder("O-1")], shopID: "3002")
        let error = await #expect(throws: MiraklError.self) {
            try await wrong.channel.pullOrders(openOrders: [])
        }
        guard case .unauthorized(let variable, let status)? = error?.problem else {
            Issue.record("expected unauthorized, got \(String(describing: error?.problem))")
            return
        }
        #expect(variable == "KEYSHIP_PCC_API_KEY")
        #expect(status == 403)
    }

    @Test func keyAndMessageBodyNeverReachTheLogs() async throws {
        let harness = try MiraklHarness(
            orders: [makeOrder("O-1"), makeOrder("O-2", state: "SHIPPING")], offers: [FakeMirakl.Offer(sku: "PCC-88123")],
            tracking: TrackingSettings(carrierName: "Entrega digital"))
        harness.fake.inject(.tooManyRequests(retryAfterSeconds: 1), on: .listOrders)
        harness.fake.inject(.applyThenDropConnection, on: .createThread)
        harness.fake.inject(.serverError(status: 500), on: .uploadDocuments)

        let batch = try await harness.channel.pullOrders(openOrders: [])
        let accepted = try #require(batch.orders.first { $0.id == "O-1" })
        let paid = try #require(batch.orders.first { $0.id == "O-2" })
        try await harness.channel.accept(accepted)
        let secretBody = "clave: ZZZZZ-SECRET-KEY-99999"
        _ = try await harness.channel.send(BuyerMessage(subject: "Claves", body: secretBody, attachments: [], language: "es"), for: paid)
        try await harness.channel.confirmShipment(of: paid)
        _ = try? await harness.channel.attachInvoice(InvoiceDocument(fileName: "f.pdf", data: [1]), to: paid)
        _ = try await harness.channel.pushStock([StockLevel(sku: "PCC-88123", product: "p", quantity: 1)])

        let text = harness.logText
        #expect(harness.logs.records.count > 20)
        #expect(!text.contains(MiraklHarness.apiKey))
        #expect(!text.contains("SECRET-KEY"))
        #expect(text.contains("Authorization: <redacted>"))
        let acceptLine = harness.logs.records.first { $0.message == "Mirakl call completed" && $0.metadata["api"] == "OR21" }
        #expect(acceptLine?.metadata["order_id"] == "O-1")
        #expect(acceptLine?.metadata["path"] == "/api/orders/O-1/accept")
        #expect(acceptLine?.metadata["status"] == "204")
    }
}
