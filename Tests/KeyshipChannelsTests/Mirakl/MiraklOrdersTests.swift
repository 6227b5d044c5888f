import FakeMirakl
import KeyshipChannels
import KeyshipCore
import LoopbackHTTP
import KeyshipNet
import Testing

@Suite struct MiraklOrdersTests {
    @Test func listingPagesUntilTotalCount() async throws {
        let orders = (0..<250).map { makeOrder("O-\(1000 + $0)", minutesAgo: Int64(300 - $0)) }
        let harness = try MiraklHarness(orders: orders)

        let batch = try await harness.channel.pullOrders(openOrders: [])

        #expect(batch.orders.map(\.id) == orders.map(\.id))
        #expect(batch.problems.isEmpty)
        let requests = harness.fake.requests(to: .listOrders)
        #expect(requests.count == 3)
        #expect(requests.first?.queryPairs == [
            "order_state_codes=WAITING_ACCEPTANCE,WAITING_DEBIT,WAITING_DEBIT_PAYMENT,SHIPPING",
            "start_update_date=2026-11-04T10:00:00Z", "max=100", "offset=0",
        ])
        #expect(requests.map { $0.queryValue("offset") } == ["0", "100", "200"])
    }

    @Test func lookbackWindowAndStatesFilterTheListing() async throws {
        var stale = makeOrder("O-STALE", state: "SHIPPING", minutesAgo: 60 * 24 * 45)
        stale.updatedAt = MiraklHarness.start.adding(seconds: -40 * 86_400)
        let harness = try MiraklHarness(orders: [
            stale, makeOrder("O-NEW"), makeOrder("O-SHIPPED", state: "SHIPPED"), makeOrder("O-PAID", state: "SHIPPING"),
        ])

        let batch = try await harness.channel.pullOrders(openOrders: [])

        #expect(batch.orders.map(\.id).sorted() == ["O-NEW", "O-PAID"])
    }

    @Test func openOrdersAreReadByIDToSeeCancellations() async throws {
        var cancelled = makeOrder("O-CANCELLED", state: "SHIPPING", minutesAgo: 600)
        cancelled.updatedAt = cancelled.createdAt
        let harness = try MiraklHarness(orders: [cancelled, makeOrder("O-LISTED", state: "SHIPPING")])
        try harness.fake.cancel("O-CANCELLED")

        let batch = try await harness.channel.pullOrders(openOrders: [
            OpenOrderReference(id: "O-LISTED", createdAt: MiraklHarness.start),
            OpenOrderReference(id: "O-CANCELLED", createdAt: MiraklHarness.start),
        ])

        let byID = Dictionary(uniqueKeysWithValues: batch.orders.map { ($0.id, $0) })
        #expect(byID["O-CANCELLED"]?.state == .cancelled)
        #expect(byID["O-CANCELLED"]?.marketplaceState == "CANCELED")
        #expect(byID["O-LISTED"]?.state == .paid)
        let requests = harness.fake.requests(to: .listOrders)
        #expect(requests.count == 2)
        #expect(requests.last?.queryPairs == ["order_ids=O-CANCELLED", "max=100", "offset=0"])
    }

    @Test func openOrdersAreAskedForInBatchesOf100() async throws {
        let old = (0..<150).map { index -> FakeMirakl.Order in
            var order = makeOrder("S-\(1000 + index)", state: "SHIPPED", minutesAgo: 60 * 24 * 90)
            order.updatedAt = order.createdAt
            return order
        }
        let harness = try MiraklHarness(orders: old)
        let references = old.map { OpenOrderReference(id: $0.id, createdAt: $0.createdAt) }

        let batch = try await harness.channel.pullOrders(openOrders: references)

        #expect(batch.orders.count == 150)
        #expect(batch.orders.allSatisfy { $0.state == .shipped })
        let idRequests = harness.fake.requests(to: .listOrders).compactMap { $0.queryValue("order_ids") }
        #expect(idRequests.map { $0.split(separator: ",").count } == [100, 50])
    }

    @Test func ordersSeenOnTwoPagesAreKeptOnceInTheirLatestVersion() async throws {
        var orders = (0..<150).map { makeOrder("O-\(1000 + $0)", minutesAgo: Int64(300 - $0)) }
        // A staged order, older than all others, enters the listing between the two pages and
        // pushes O-1099 from the end of page 1 to the start of page 2.
        orders.append(makeOrder("O-STAGED", state: "STAGING", minutesAgo: 900))
        let harness = try MiraklHarness(orders: orders)
        harness.clock.advance(seconds: 60)
        harness.fake.inject(
            .changeOrderStates(["O-STAGED": "WAITING_ACCEPTANCE", "O-1099": "SHIPPING"]), on: .listOrders, after: 1)

        let batch = try await harness.channel.pullOrders(openOrders: [])

        #expect(batch.orders.count == 150)
        #expect(Set(batch.orders.map(\.id)).count == 150)
        let moved = try #require(batch.orders.first { $0.id == "O-1099" })
        #expect(moved.state == .paid)
        #expect(moved.marketplaceState == "SHIPPING")
        #expect(moved.updatedAt == MiraklHarness.start.adding(seconds: 60))
        #expect(harness.fake.callCount(.listOrders) == 2)
    }

    static let stateCases: [(name: String, expected: OrderState)] = [
        ("STAGING", .other), ("WAITING_ACCEPTANCE", .awaitingAcceptance), ("REFUSED", .cancelled),
        ("WAITING_DEBIT", .awaitingPayment), ("WAITING_DEBIT_PAYMENT", .awaitingPayment), ("SHIPPING", .paid),
        ("SHIPPED", .shipped), ("TO_COLLECT", .shipped), ("RECEIVED", .shipped), ("CLOSED", .shipped),
        ("CANCELED", .cancelled), ("WAITING_REFUND", .cancelled), ("WAITING_REFUND_PAYMENT", .cancelled),
        ("REFUNDED", .cancelled), ("WAITING_SCORING_2027", .other),
    ]

    @Test(arguments: stateCases)
    func statesAreMapped(_ testCase: (name: String, expected: OrderState)) async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: testCase.name)])

        let order = try #require(try await harness.listed("O-1"))

        #expect(order.state == testCase.expected)
        #expect(order.marketplaceState == testCase.name)
    }

    @Test func orderFieldsAreReadAndUnknownFieldsIgnored() async throws {
        var order = makeOrder("O-1", state: "SHIPPING", lineCount: 3)
        order.lines[1].state = "CANCELED"
        order.lines[2].state = "SHIPPING_NEW_SUBSTATE_2027"
        order.updatedAt = MiraklHarness.start.adding(seconds: -30)
        order.extraFields = [
            .init("delivery_promise_2027", .fields(["kind": .string("INSTANT_DIGITAL"), "tiers": .array([.int(1), .null])])),
            .init("order_state_reason_code", .string("NEW_REASON")),
        ]
        let harness = try MiraklHarness(orders: [order])

        let listed = try #require(try await harness.listed("O-1"))

        #expect(listed.channel == "pcc")
        #expect(listed.createdAt == order.createdAt)
        #expect(listed.updatedAt == MiraklHarness.start.adding(seconds: -30))
        #expect(listed.buyer == Buyer(locale: "es_ES", name: "Ana García", email: nil))
        #expect(listed.buyer.language == "es")
        #expect(listed.lines == [
            OrderLine(id: "O-1-1", sku: "PCC-88123", quantity: 1, title: "Office 2021"),
            OrderLine(id: "O-1-3", sku: "PCC-88123", quantity: 3, title: "Office 2021"),
        ])
    }

    @Test func buyerWithoutCustomerHasNoNameOrLocale() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", customer: nil)])

        let listed = try #require(try await harness.listed("O-1"))

        #expect(listed.buyer == Buyer())
    }

    @Test func unreadableOrderIsReportedAndOthersKept() async throws {
        var broken = makeOrder("O-BROKEN")
        broken.lines[0].quantity = 0
        var noSKU = makeOrder("O-NOSKU")
        noSKU.lines[0].sku = ""
        let harness = try MiraklHarness(orders: [broken, noSKU, makeOrder("O-GOOD")])

        let batch = try await harness.channel.pullOrders(openOrders: [])

        #expect(batch.orders.map(\.id) == ["O-GOOD"])
        #expect(batch.problems.map { $0.formatted(in: .en) } == [
            "Sales channel \"pcc\" (Mirakl): the order O-BROKEN has the field order_lines[0].quantity with a value that is "
                + "not a positive integer. It is skipped in this run; if this repeats, check the order in the Mirakl back office.",
            "Sales channel \"pcc\" (Mirakl): the order O-NOSKU has the field order_lines[0].offer_sku with a value that is "
                + "not a non-empty string. It is skipped in this run; if this repeats, check the order in the Mirakl back office.",
        ])
        #expect(batch.problems.first?.formatted(in: .es) ==
            "Canal de venta «pcc» (Mirakl): el pedido O-BROKEN tiene el campo order_lines[0].quantity con un valor que no es "
                + "un número entero positivo. Se omite en esta ejecución; si se repite, revisa el pedido en el back office de Mirakl.")
    }

    @Test func rateLimitWaitsForRetryAfter() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")])
        harness.fake.inject(.tooManyRequests(retryAfterSeconds: 7), on: .listOrders)

        let batch = try await harness.channel.pullOrders(openOrders: [])

        #expect(batch.orders.map(\.id) == ["O-1"])
        #expect(harness.sleeps.recorded == [.seconds(7)])
        #expect(harness.fake.callCount(.listOrders) == 2)
    }

    @Test func serverErrorsAndDropsAreRetriedOnReads() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")])
        // The drop comes first, on a new connection: on a reused one libcurl itself sends a
        // read again at once, without the client's wait.
        harness.fake.inject(.dropConnection, on: .listOrders)
        harness.fake.inject(.serverError(status: 503), on: .listOrders)
        harness.fake.inject(.serverError(status: 502), on: .listOrders)

        let batch = try await harness.channel.pullOrders(openOrders: [])

        #expect(batch.orders.map(\.id) == ["O-1"])
        #expect(harness.sleeps.recorded == [.milliseconds(500), .seconds(1), .seconds(2)])
        #expect(harness.fake.callCount(.listOrders) == 4)
    }

    @Test func slowListingTimesOutAndIsRetried() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")], requestTimeout: .milliseconds(250))
        harness.fake.inject(.slowResponse(delay: .milliseconds(700)), on: .listOrders)

        let batch = try await harness.channel.pullOrders(openOrders: [])

        #expect(batch.orders.map(\.id) == ["O-1"])
        #expect(harness.sleeps.recorded == [.milliseconds(500)])
        #expect(harness.fake.callCount(.listOrders) == 2)
    }

    @Test func listingThatKeepsFailingIsUnavailable() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")])
        harness.fake.inject(.serverError(status: 500), on: .listOrders, times: 4)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.pullOrders(openOrders: [])
        }

        #expect(error?.exitCode == .unavailable)
        #expect(error?.api == .listOrders)
        let text = error?.text(in: .en) ?? ""
        #expect(text.hasPrefix("Sales channel \"pcc\" (Mirakl), OR11 (list orders): GET http://127.0.0.1:"))
        #expect(text.hasSuffix(
            "/api/orders still failed after 4 attempts; last HTTP status 500: "
                + "\"{\"message\":\"Internal error\",\"status\":500}\". Run again later."))
    }
}
