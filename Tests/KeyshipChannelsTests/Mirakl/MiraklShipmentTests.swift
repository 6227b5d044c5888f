import FakeMirakl
import KeyshipChannels
import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Testing

@Suite struct MiraklShipmentTests {
    static let tracking = TrackingSettings(carrierName: "Entrega digital", carrierURL: "https://example.com/pedidos")

    @Test func shipWithoutTrackingUsesOnlyOR24() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))

        try await harness.channel.confirmShipment(of: order)

        #expect(harness.fake.shippedOrderIDs == ["O-1"])
        #expect(harness.fake.order("O-1")?.state == "SHIPPED")
        #expect(harness.fake.callCount(.updateTracking) == 0)
        #expect(harness.fake.requests(to: .shipOrder).map(\.path) == ["/api/orders/O-1/ship"])
    }

    @Test func shipWithTrackingSendsOR23First() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")], tracking: Self.tracking)
        let order = try #require(try await harness.listed("O-1"))

        try await harness.channel.confirmShipment(of: order)

        #expect(harness.fake.tracking(of: "O-1") == FakeMirakl.Tracking(
            carrierCode: nil, carrierName: "Entrega digital", carrierURL: "https://example.com/pedidos", trackingNumber: "O-1"))
        #expect(harness.fake.requests(to: .updateTracking).first?.bodyText ==
            #"{"carrier_name":"Entrega digital","carrier_url":"https://example.com/pedidos","tracking_number":"O-1"}"#)
        #expect(harness.fake.shippedOrderIDs == ["O-1"])
    }

    @Test(arguments: [nil, MiraklShipmentTests.tracking] as [TrackingSettings?])
    func shippingTwiceIsSuccess(_ tracking: TrackingSettings?) async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")], tracking: tracking)
        let order = try #require(try await harness.listed("O-1"))

        try await harness.channel.confirmShipment(of: order)
        try await harness.channel.confirmShipment(of: order)

        #expect(harness.fake.shippedOrderIDs == ["O-1"])
        #expect(harness.fake.callCount(.shipOrder) == (tracking == nil ? 2 : 1))
    }

    @Test func lostShipAnswerIsSuccess() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.applyThenDropConnection, on: .shipOrder)

        try await harness.channel.confirmShipment(of: order)

        #expect(harness.fake.shippedOrderIDs == ["O-1"])
        #expect(harness.fake.callCount(.shipOrder) == 1)
    }

    @Test func droppedShipRequestIsRetriedByTheNextRun() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.dropConnection, on: .shipOrder)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.confirmShipment(of: order)
        }

        guard case .transport? = error?.problem else {
            Issue.record("expected a transport error, got \(String(describing: error?.problem))")
            return
        }
        #expect(harness.fake.shippedOrderIDs == [])
        try await harness.channel.confirmShipment(of: order)
        #expect(harness.fake.shippedOrderIDs == ["O-1"])
    }

    @Test(arguments: [nil, MiraklShipmentTests.tracking] as [TrackingSettings?])
    func cancelledOrderCannotBeShipped(_ tracking: TrackingSettings?) async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")], tracking: tracking)
        let order = try #require(try await harness.listed("O-1"))
        try harness.fake.cancel("O-1")

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.confirmShipment(of: order)
        }

        let call = tracking == nil ? "OR24 (confirm shipment)" : "OR23 (tracking data)"
        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl), order O-1, \(call): shipment cannot be confirmed because Mirakl shows the "
                + "order in state CANCELED; only orders in SHIPPING can be shipped. Check the order in the Mirakl back office.")
        #expect(harness.fake.shippedOrderIDs == [])
    }
}
