import FakeMirakl
import KeyshipChannels
import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Testing

@Suite struct MiraklAcceptTests {
    @Test func acceptListsEveryLine() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", lineCount: 2)])
        let order = try #require(try await harness.listed("O-1"))

        try await harness.channel.accept(order)

        #expect(harness.fake.acceptedOrderIDs == ["O-1"])
        #expect(harness.fake.order("O-1")?.state == "WAITING_DEBIT_PAYMENT")
        let request = try #require(harness.fake.requests(to: .acceptOrder).first)
        #expect(request.method == "PUT")
        #expect(request.path == "/api/orders/O-1/accept")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.bodyText == #"{"order_lines":[{"accepted":true,"id":"O-1-1"},{"accepted":true,"id":"O-1-2"}]}"#)
    }

    @Test func acceptedOrderIsPaidLaterOrAtOnceWithAutoDebit() async throws {
        let waiting = try MiraklHarness(orders: [makeOrder("O-1")])
        try await waiting.channel.accept(try #require(try await waiting.listed("O-1")))
        #expect(try await waiting.listed("O-1")?.state == .awaitingPayment)
        try waiting.fake.pay("O-1")
        #expect(try await waiting.listed("O-1")?.state == .paid)

        let debited = try MiraklHarness(orders: [makeOrder("O-1")], autoDebit: true)
        try await debited.channel.accept(try #require(try await debited.listed("O-1")))
        #expect(try await debited.listed("O-1")?.state == .paid)
    }

    @Test func orderCancelledBeforeAcceptingIsNoLongerAcceptable() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.cancelOrderFirst, on: .acceptOrder, orderID: "O-1")

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.accept(order)
        }

        #expect(error?.isOrderNoLongerAcceptable == true)
        #expect(error?.orderID == "O-1")
        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl), order O-1, OR21 (accept the order): the order can no longer be accepted because "
                + "Mirakl shows it in state CANCELED (cancelled or refused). It is not delivered and its licence keys are not sold.")
        #expect(error?.text(in: .es) ==
            "Canal de venta «pcc» (Mirakl), pedido O-1, OR21 (aceptar el pedido): el pedido ya no se puede aceptar porque "
                + "Mirakl lo muestra en el estado CANCELED (cancelado o rechazado). No se entrega y sus claves de licencia no se venden.")
        #expect(harness.fake.acceptedOrderIDs == [])
    }

    @Test func lostAnswerAfterAcceptingIsSuccess() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.applyThenDropConnection, on: .acceptOrder)

        try await harness.channel.accept(order)

        #expect(harness.fake.acceptedOrderIDs == ["O-1"])
        #expect(harness.fake.callCount(.acceptOrder) == 1)
        #expect(harness.fake.requests(to: .listOrders).last?.queryValue("order_ids") == "O-1")
        #expect(harness.logText.contains("Mirakl accept checked by reading the order back"))
    }

    @Test func serverErrorWithoutAcceptingIsRetriedByTheNextRun() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.serverError(status: 500), on: .acceptOrder)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.accept(order)
        }

        guard case .transport(let httpError)? = error?.problem else {
            Issue.record("expected a transport error, got \(String(describing: error?.problem))")
            return
        }
        #expect(httpError.response?.status == 500)
        #expect(error?.isOrderNoLongerAcceptable == false)
        #expect(harness.fake.callCount(.acceptOrder) == 1)
        #expect(harness.fake.acceptedOrderIDs == [])

        try await harness.channel.accept(order)
        #expect(harness.fake.acceptedOrderIDs == ["O-1"])
    }

    @Test func acceptingTwiceIsSuccess() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")])
        let order = try #require(try await harness.listed("O-1"))

        try await harness.channel.accept(order)
        try await harness.channel.accept(order)

        #expect(harness.fake.acceptedOrderIDs == ["O-1"])
        #expect(harness.fake.callCount(.acceptOrder) == 2)
    }

    @Test func unknownOrderIsNotFound() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1")])
        var order = try #require(try await harness.listed("O-1"))
        order.id = "O-404"

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.accept(order)
        }

        guard case .orderNotFound? = error?.problem else {
            Issue.record("expected orderNotFound, got \(String(describing: error?.problem))")
            return
        }
        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl), order O-404, OR21 (accept the order): Mirakl cannot find the order. Check that "
                + "the order belongs to this shop (shop_id) and that its id is right.")
    }
}
