import KeyshipCore
import Testing

@Suite struct PlannerTests {
    typealias F = PlanFixture

    @Test func unmappedSkuHoldsOrderAndRaisesOneAlert() throws {
        let stock = F.keys("K", count: 6) + F.otherStock
        let orders = [
            F.order("T-1", created: 0, lines: [("OFF-2021", 1), ("NO-SUCH", 1)]),
            F.order("T-2", created: 1, lines: [("NO-SUCH", 2)]),
        ]

        let plan = Planner.plan(F.input(stock: stock, orders: orders))

        #expect(plan.reservations.isEmpty)
        #expect(plan.held.map(\.order.id) == ["T-1", "T-2"])
        #expect(plan.held.map(\.reasons) == [
            [.unmappedProduct(lineID: "2", sku: "NO-SUCH")], [.unmappedProduct(lineID: "1", sku: "NO-SUCH")],
        ])
        #expect(plan.stockCount(product: "office", warehouse: "MAD")?.available == 6)
        #expect(plan.alertChanges == [AlertChange(
            event: .started, condition: AlertCondition(kind: .unmappedProduct, subject: "tienda/NO-SUCH"),
            detail: "orders=2")])
        #expect(plan.needsAttention)

        // The seller maps the SKU, or the orders go away: the alert clears once.
        let fixed = Planner.plan(F.input(stock: stock, orders: [], active: plan.activeAlerts))
        #expect(fixed.alertChanges == [AlertChange(
            event: .cleared, condition: AlertCondition(kind: .unmappedProduct, subject: "tienda/NO-SUCH"),
            detail: "orders=0")])
    }

    @Test func unpulledChannelKeepsUnmappedAlert() {
        let active = [ActiveAlert(
            condition: AlertCondition(kind: .unmappedProduct, subject: "pccomponentes/X-1"), since: F.time("2026-12-01T00:00:00Z"))]

        let plan = Planner.plan(F.input(
            stock: F.keys("K", count: 10) + F.otherStock, orders: [], active: active, pulledChannels: ["tienda"]))

        #expect(plan.alertChanges.isEmpty)
        #expect(plan.activeAlerts == active)
    }

    @Test func invalidQuantityHoldsOrder() {
        let order = F.order("T-1", lines: [("OFF-2021", 0), ("WIN-11", -2), ("CABLE-USB", 0)])

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 5), orders: [order]))

        #expect(plan.reservations.isEmpty)
        #expect(plan.held.map(\.reasons) == [[
            .invalidQuantity(lineID: "1", sku: "OFF-2021", quantity: 0),
            .invalidQuantity(lineID: "2", sku: "WIN-11", quantity: -2),
        ]])
    }

    @Test func implausibleQuantityHoldsOrder() {
        let order = F.order("T-1", lines: [("OFF-2021", 1_001)])
        let younger = F.order("T-2", created: 1, lines: [("OFF-2021", 1)])

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 5), orders: [order, younger]))

        #expect(plan.held.map(\.reasons) == [[.invalidQuantity(lineID: "1", sku: "OFF-2021", quantity: 1_001)]])
        #expect(plan.reservations.map(\.order.id) == ["T-2"])
    }

    @Test func orderTotalIsBoundedToo() {
        let lines = (1...6).map { _ in (sku: "OFF-2021", quantity: 1_000) }
        let order = F.order("T-1", lines: lines)

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 5), orders: [order]))

        #expect(plan.held.map(\.reasons) == [[.tooManyKeys(total: 6_000)]])
        #expect(plan.reservations.isEmpty)
    }

    @Test func cancelledOrderPaidAgainIsHeld() {
        let order = F.order("T-1")
        var record = F.record(for: order, keys: [F.key("K1", created: 1)], closedAt: F.now)
        record.cancellation = CancellationRecord(outcome: .returned, at: F.now, marketplaceState: "cancelled")

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 5), orders: [order], records: [record]))

        #expect(plan.held.map(\.reasons) == [[.cancelledEarlier]])
        #expect(plan.reservations.isEmpty)
        #expect(plan.ignored.isEmpty)
    }

    @Test func unknownChannelHoldsOrder() {
        let order = F.order("X-1", channel: "ebay", lines: [("OFF-2021", 1)])

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 5), orders: [order]))

        #expect(plan.held.map(\.reasons) == [[.unknownChannel("ebay"), .unmappedProduct(lineID: "1", sku: "OFF-2021")]])
    }

    @Test func mixedOrderReservesOnlyLicenceLines() throws {
        let order = F.order("T-1", lines: [("CABLE-USB", 2), ("OFF-2021", 1)])

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 3), orders: [order]))

        let record = try #require(plan.reservations.first?.record)
        #expect(record.lines.map(\.lineID) == ["2"])
        #expect(record.keys.map(\.row.id) == ["K1"])
        #expect(plan.reservations.first?.steps == [
            .deliver(attempt: 1, checkSentFirst: false), .recordShipment(.leftToSeller), .close,
        ])
    }

    @Test func stepWorkListsOldestOrderFirst() {
        let older = F.order("T-0", created: -10)
        let record = F.record(for: older, keys: [F.key("S1", created: 0)])
        let orders = [F.order("T-2", created: 5), older, F.order("T-1", created: 1)]

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 5), orders: orders, records: [record]))

        #expect(plan.stepWork.map(\.orderID) == ["T-0", "T-1", "T-2"])
        #expect(plan.stepWork.map(\.steps) == Array(
            repeating: [.deliver(attempt: 1, checkSentFirst: false), .confirmShipment, .close], count: 3))
    }

    @Test func orderWithoutLicenceLineIsIgnored() {
        let plan = Planner.plan(F.input(
            stock: F.keys("K", count: 3), orders: [F.order("T-1", lines: [("CABLE-USB", 1)])]))

        #expect(plan.reservations.isEmpty)
        #expect(plan.ignored == [IgnoredOrder(channel: "tienda", orderID: "T-1", marketplaceState: "paid", reason: .noLicenceLine)])
    }

    @Test(arguments: [OrderState.shipped, .cancelled, .other])
    func unservableStateIsIgnored(state: OrderState) {
        let plan = Planner.plan(F.input(stock: F.keys("K", count: 3), orders: [F.order("T-1", state: state)]))

        #expect(plan.reservations.isEmpty)
        #expect(plan.ignored.map(\.reason) == [.notServable(state)])
    }

    @Test(arguments: [
        (OrderState.awaitingAcceptance, [RecordStep.accept], RecordWait.payment as RecordWait?),
        (.awaitingPayment, [], .payment),
        (.paid, [.deliver(attempt: 1, checkSentFirst: false), .confirmShipment, .close], nil),
    ])
    func servableStatesReserveKeys(state: OrderState, steps: [RecordStep], wait: RecordWait?) {
        let plan = Planner.plan(F.input(stock: F.keys("K", count: 3), orders: [F.order("T-1", state: state)]))

        #expect(F.reservedKeyIDs(plan) == ["tienda/T-1": ["K1"]])
        #expect(plan.reservations.first?.steps == steps)
        #expect(plan.reservations.first?.wait == wait)
        #expect(plan.stepWork.map(\.steps) == [steps])
        #expect(plan.reservations.first?.record.delivery == DeliveryRecord())
        #expect(plan.reservations.first?.record.reservedAt == F.now)
        #expect(plan.reservations.first?.record.run == "run-1")
    }

    @Test func oldestOrderIsServedFirstAcrossChannels() {
        let orders = [
            F.order("T-9", channel: "tienda", created: 30),
            F.order("P-1", channel: "pccomponentes", created: 10),
            F.order("P-0", channel: "pccomponentes", created: 30),
        ]

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 2), orders: orders))

        #expect(F.reservedKeyIDs(plan) == ["pccomponentes/P-1": ["K1"], "pccomponentes/P-0": ["K2"]])
        #expect(plan.reservations.map(\.order.id) == ["P-1", "P-0"])
        #expect(plan.waiting.map(\.order.id) == ["T-9"])
    }

    @Test func youngerOrderDoesNotOvertakeWaitingOne() {
        let orders = [
            F.order("T-1", created: 0, lines: [("OFF-2021", 2)]),
            F.order("T-2", created: 1, lines: [("OFF-2021", 1)]),
        ]

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 1), orders: orders))

        #expect(plan.reservations.isEmpty)
        #expect(plan.waiting.map(\.order.id) == ["T-1", "T-2"])
        #expect(plan.waiting.map(\.shortfalls) == [
            [Shortfall(product: "office", warehouse: "MAD", needed: 2, available: 1)],
            [Shortfall(product: "office", warehouse: "MAD", needed: 1, available: 0)],
        ])
        let count = plan.stockCount(product: "office", warehouse: "MAD")
        #expect(count?.available == 0)
        #expect(count?.setAside == 1)
        #expect(count?.waitingOrders == 2)
        #expect(count?.missing == 2)
        #expect(plan.stockLevels["tienda"]?.first { $0.product == "office" }?.quantity == 0)
    }

    @Test func waitingOrderSetsAsideOnlyItsNeed() {
        let stock = F.keys("K", count: 3) + F.keys("W", count: 1, product: "windows")
        let orders = [
            F.order("T-1", created: 0, lines: [("OFF-2021", 1), ("WIN-11", 2)]),
            F.order("T-2", created: 1, lines: [("OFF-2021", 2)]),
            F.order("T-3", created: 2, lines: [("OFF-2021", 1)]),
        ]

        let plan = Planner.plan(F.input(stock: stock, orders: orders))

        #expect(F.reservedKeyIDs(plan) == ["tienda/T-2": ["K1", "K2"]])
        #expect(plan.waiting.map(\.order.id) == ["T-1", "T-3"])
        #expect(plan.waiting.first?.shortfalls == [Shortfall(product: "windows", warehouse: "MAD", needed: 2, available: 1)])
    }

    @Test func keysComeOnlyFromTheChannelsWarehouse() {
        let stock = F.keys("M", count: 1) + F.keys("B", count: 2, warehouse: "BCN", from: -100)
        let orders = [F.order("W-1", channel: "worten", created: 0), F.order("T-1", channel: "tienda", created: 1)]

        let plan = Planner.plan(F.input(stock: stock, orders: orders))

        #expect(F.reservedKeyIDs(plan) == ["worten/W-1": ["B1"], "tienda/T-1": ["M1"]])
    }

    @Test func sameProductOnTwoLinesGetsDistinctKeys() {
        let order = F.order("T-1", lines: [("OFF-2021", 2), ("OFF-2021", 1)])

        let plan = Planner.plan(F.input(stock: F.keys("K", count: 3), orders: [order]))

        #expect(plan.reservations.first?.record.lines.map { $0.keys.map(\.row.id) } == [["K1", "K2"], ["K3"]])
    }

    @Test func keysAreTakenOldestFirstWithTiesById() {
        let stock = [
            F.key("B", created: 5), F.key("C", created: 1), F.key("A", created: 5), F.key("D", created: 9),
        ]

        let plan = Planner.plan(F.input(stock: stock, orders: [F.order("T-1", lines: [("OFF-2021", 3)])]))

        #expect(F.reservedKeyIDs(plan) == ["tienda/T-1": ["C", "A", "B"]])
    }

    @Test func duplicateAndSoldKeysAreExcluded() {
        let sold = F.key("S1", created: 0)
        let closed = F.record(for: F.order("T-0"), keys: [sold], closedAt: F.now)
        let stock = [
            F.key("DUP", created: 1, batch: "keys/office/a.csv", line: 2),
            F.key("DUP", created: 2, batch: "keys/office/b.csv", line: 5),
            F.key("S1", created: 3, batch: "keys/office/c.csv", line: 3),
            F.key("OK", created: 4),
        ]

        let plan = Planner.plan(F.input(stock: stock, orders: [F.order("T-1")], records: [closed]))

        #expect(F.reservedKeyIDs(plan) == ["tienda/T-1": ["OK"]])
        #expect(plan.excludedKeys == [
            ExcludedKey(product: "office", batch: "keys/office/a.csv", line: 2, keyID: "DUP", reason: .duplicateID),
            ExcludedKey(product: "office", batch: "keys/office/b.csv", line: 5, keyID: "DUP", reason: .duplicateID),
            ExcludedKey(
                product: "office", batch: "keys/office/c.csv", line: 3, keyID: "S1",
                reason: .alreadySold(channel: "tienda", orderID: "T-0")),
        ])
        #expect(plan.needsAttention)
    }

    @Test func keyReturnedByCancellationIsAssignableAgain() {
        let returned = F.key("R1", created: 0)
        var record = F.record(for: F.order("T-0"), keys: [returned], closedAt: F.now)
        record.cancellation = CancellationRecord(outcome: .returned, at: F.now, marketplaceState: "cancelled")

        let plan = Planner.plan(F.input(stock: [returned], orders: [F.order("T-1")], records: [record]))

        #expect(F.reservedKeyIDs(plan) == ["tienda/T-1": ["R1"]])
        #expect(plan.excludedKeys.isEmpty)
    }

    @Test func cancelBeforeDeliveryReturnsKeys() {
        let keys = [
            F.key("K2", created: 2, batch: "keys/office/b.csv"), F.key("K1", created: 1, batch: "keys/office/b.csv"),
            F.key("K0", created: 0, batch: "keys/office/a.csv"),
        ]
        let order = F.order("T-1", state: .cancelled)
        let record = F.record(for: order, keys: keys)

        let plan = Planner.plan(F.input(stock: [], orders: [order], records: [record]))

        #expect(plan.recordWork.map(\.steps) == [[
            .returnKeys([
                KeyReturn(product: "office", batch: "keys/office/a.csv", rows: [keys[2].row]),
                KeyReturn(product: "office", batch: "keys/office/b.csv", rows: [keys[1].row, keys[0].row]),
            ]),
            .close,
        ]])
        #expect(plan.returns.map(\.batch) == ["keys/office/a.csv", "keys/office/b.csv"])
        #expect(plan.burnedKeyIDs.isEmpty)
    }

    @Test func cancelAfterDeliveryBurnsKeys() {
        let order = F.order("T-1", state: .cancelled)
        let record = F.record(
            for: order, keys: [F.key("K1", created: 1), F.key("K2", created: 2)],
            delivery: DeliveryRecord(status: .done, attempts: 1, sentAt: F.now, messageID: "m-1"))

        let plan = Planner.plan(F.input(stock: [], orders: [order], records: [record]))

        #expect(plan.recordWork.map(\.steps) == [[.burnKeys(["K1", "K2"]), .close]])
        #expect(plan.returns.isEmpty)
        #expect(plan.burnedKeyIDs == ["K1", "K2"])
    }

    @Test func cancelAfterFailedSendBurnsKeys() {
        let order = F.order("T-1", state: .cancelled)
        let record = F.record(
            for: order, keys: [F.key("K1", created: 1)],
            delivery: DeliveryRecord(status: .error, attempts: 1, lastError: "timed out"))
        let active = [ActiveAlert(condition: AlertCondition(kind: .deliveryError, subject: "tienda/T-1"), since: F.now)]

        let plan = Planner.plan(F.input(stock: [], orders: [order], records: [record], active: active))

        #expect(plan.recordWork.map(\.steps) == [[.burnKeys(["K1"]), .close]])
        #expect(F.changes(plan, subject: "tienda/T-1") == [AlertChange(
            event: .cleared, condition: AlertCondition(kind: .deliveryError, subject: "tienda/T-1"), detail: "order_cancelled")])
    }

    @Test func openRecordOfUnpulledChannelWaits() {
        let order = F.order("P-1", channel: "pccomponentes")
        let record = F.record(for: order, keys: [F.key("K1", created: 1)])

        let plan = Planner.plan(F.input(stock: [], orders: [], records: [record], pulledChannels: ["tienda"]))

        #expect(plan.recordWork.map(\.wait) == [.channelNotPulled])
        #expect(plan.recordWork.map(\.steps) == [[]])
    }

    @Test func closedRecordWinsOverOpenCopy() {
        let order = F.order("T-1")
        let open = F.record(for: order, keys: [F.key("K1", created: 1)])
        var closed = open
        closed.closedAt = F.now

        let plan = Planner.plan(F.input(stock: [], orders: [order], records: [closed, open]))

        #expect(plan.recordWork.isEmpty)
        #expect(plan.ignored.map(\.reason) == [.alreadyRecorded])
    }

    @Test func productNobodyOrderedIsOutOfStock() {
        let plan = Planner.plan(F.input(stock: F.keys("K", count: 10) + F.otherStock.filter { $0.product != "vpn" }, orders: []))

        #expect(plan.alertChanges == [AlertChange(
            event: .started, condition: .stock(.stockOut, product: "vpn", warehouse: "MAD"),
            detail: "available=0 waiting_orders=0 missing=0")])
    }

    @Test func runningOutKeepsLowStockActive() {
        let active = [ActiveAlert(condition: .stock(.lowStock, product: "office", warehouse: "MAD"), since: F.time("2026-12-01T00:00:00Z"))]

        let plan = Planner.plan(F.input(
            stock: F.keys("K", count: 1) + F.otherStock, orders: [F.order("T-1"), F.order("T-2", created: 1)], active: active))

        #expect(plan.alertChanges == [AlertChange(
            event: .started, condition: .stock(.stockOut, product: "office", warehouse: "MAD"),
            detail: "available=0 waiting_orders=1 missing=1")])
        #expect(plan.activeAlerts.map(\.condition) == [
            .stock(.stockOut, product: "office", warehouse: "MAD"), .stock(.lowStock, product: "office", warehouse: "MAD"),
        ])
        #expect(plan.activeAlerts.map(\.since) == [F.now, F.time("2026-12-01T00:00:00Z")])
    }

    @Test func keysExpiringWithinWindowRaiseAlert() {
        let stock = [
            F.key("SOON", created: 0, expires: "2026-12-20"),
            F.key("EDGE", created: 1, expires: "2027-01-03"),
            F.key("LATER", created: 2, expires: "2027-01-04"),
            F.key("NEVER", created: 3),
        ] + F.keys("K", count: 5, from: 10) + F.otherStock

        let plan = Planner.plan(F.input(stock: stock, orders: [], config: F.config(alerts: AlertSettings(email: [], expiringWithinDays: 30))))

        #expect(plan.alertChanges == [AlertChange(
            event: .started, condition: .stock(.expiringSoon, product: "office", warehouse: "MAD"),
            detail: "keys=2 first_expiry=2026-12-20")])
    }
}
