import KeyshipCore
import Testing

/// The field failures of licence-key tools that concern planning, each with its values.
@Suite struct PlannerFieldCaseTests {
    typealias F = PlanFixture

    @Test func exactQuantityTakesDistinctOldestKeys() throws {
        let stock = F.keys("K", count: 5)
        let order = F.order("T-1", lines: [("OFF-2021", 3)])

        let plan = Planner.plan(F.input(stock: stock, orders: [order]))

        let reservation = try #require(plan.reservations.first)
        #expect(plan.reservations.count == 1)
        #expect(reservation.record.lines.count == 1)
        #expect(reservation.record.lines[0].quantity == 3)
        #expect(reservation.record.keys.map(\.row.id) == ["K1", "K2", "K3"])
        #expect(plan.stockCount(product: "office", warehouse: "MAD")?.available == 2)
        #expect(plan.stockCount(product: "office", warehouse: "MAD")?.reserved == 3)
    }

    @Test func everyLineGetsItsKey() throws {
        let stock = F.keys("O", count: 1) + F.keys("W", count: 1, product: "windows")
            + F.keys("A", count: 1, product: "antivirus") + F.keys("V", count: 1, product: "vpn")
        let order = F.order("T-2", lines: [("OFF-2021", 1), ("WIN-11", 1), ("AV-1", 1), ("VPN-12", 1)])

        let plan = Planner.plan(F.input(stock: stock, orders: [order]))

        let record = try #require(plan.reservations.first?.record)
        #expect(record.lines.map(\.lineID) == ["1", "2", "3", "4"])
        #expect(record.lines.map(\.product) == ["office", "windows", "antivirus", "vpn"])
        #expect(record.lines.map { $0.keys.map(\.row.id) } == [["O1"], ["W1"], ["A1"], ["V1"]])
        #expect(plan.waiting.isEmpty)
    }

    @Test func stockOutWaitsThenServesOldestFirst() throws {
        let stock = F.keys("K", count: 2) + F.otherStock
        let orders = [F.order("T-1", created: 0), F.order("T-2", created: 1), F.order("T-3", created: 2)]

        let first = Planner.plan(F.input(stock: stock, orders: orders))

        #expect(F.reservedKeyIDs(first) == ["tienda/T-1": ["K1"], "tienda/T-2": ["K2"]])
        #expect(first.waiting.map(\.order.id) == ["T-3"])
        #expect(first.waiting.first?.shortfalls == [Shortfall(product: "office", warehouse: "MAD", needed: 1, available: 0)])
        let stockOutStarts = first.alertChanges.filter { $0.condition.kind == .stockOut }
        #expect(stockOutStarts == [AlertChange(
            event: .started, condition: .stock(.stockOut, product: "office", warehouse: "MAD"),
            detail: "available=0 waiting_orders=1 missing=1")])

        // Keys arrive after a younger order came in: the waiting order is served first.
        let records = first.reservations.map(\.record)
        let arrived = F.stockAfter(first, from: stock) + [F.key("N1", created: 100)]
        let younger = F.order("T-4", created: 5)
        let second = Planner.plan(F.input(
            stock: arrived, orders: [younger, orders[2]], records: records, active: first.activeAlerts))

        #expect(F.reservedKeyIDs(second) == ["tienda/T-3": ["N1"]])
        #expect(second.waiting.map(\.order.id) == ["T-4"])
        #expect(second.alertChanges.filter { $0.condition.kind == .stockOut }.isEmpty)
    }

    @Test func expiredKeyNeverSentOrCounted() throws {
        let stock = [
            F.key("OLD", created: 0, expires: "2026-12-03"),
            F.key("VALID", created: 1, expires: "2027-12-31"),
            F.key("TODAY", created: 2, expires: "2026-12-04"),
        ]

        let plan = Planner.plan(F.input(stock: stock, orders: [F.order("T-1")]))

        #expect(F.reservedKeyIDs(plan) == ["tienda/T-1": ["VALID"]])
        let count = try #require(plan.stockCount(product: "office", warehouse: "MAD"))
        #expect(count.available == 1)
        #expect(count.expired == 1)
        #expect(plan.stockLevels["tienda"]?.first { $0.product == "office" } == StockLevel(sku: "OFF-2021", product: "office", quantity: 1))
    }

    @Test func repeatSightingsReserveOnce() throws {
        let stock = F.keys("K", count: 3)
        let paid = F.order("T-1", state: .paid, updated: 10)
        let flappedBack = F.order("T-1", state: .awaitingPayment, updated: 5)

        // One pull lists the order twice, in two states: one reservation.
        let first = Planner.plan(F.input(stock: stock, orders: [paid, flappedBack]))
        #expect(F.reservedKeyIDs(first) == ["tienda/T-1": ["K1"]])
        let reserved = try #require(first.reservations.first?.record)

        // Delivered, then listed again as unpaid: no new key and no second message.
        var delivered = reserved
        delivered.delivery = DeliveryRecord(status: .done, attempts: 1, sentAt: F.now, messageID: "T-1.eml")
        let flapping = Planner.plan(F.input(
            stock: F.stockAfter(first, from: stock), orders: [F.order("T-1", state: .awaitingPayment, updated: 20)],
            records: [delivered]))
        #expect(flapping.reservations.isEmpty)
        #expect(flapping.recordWork.map(\.steps) == [[]])
        #expect(flapping.recordWork.first?.wait == .unexpectedState("awaiting_payment"))

        // Closed, then seen in an overlapping window: ignored.
        var closed = delivered
        closed.closedAt = F.now
        let later = Planner.plan(F.input(stock: F.stockAfter(first, from: stock), orders: [paid, paid], records: [closed]))
        #expect(later.reservations.isEmpty)
        #expect(later.recordWork.isEmpty)
        #expect(later.ignored == [IgnoredOrder(
            channel: "tienda", orderID: "T-1", marketplaceState: "paid", reason: .alreadyRecorded)])
    }

    @Test func failedSendRetriesSameKeys() throws {
        let stock = F.keys("K", count: 3)
        let order = F.order("T-1")
        let failed = F.record(
            for: order, keys: [F.key("S1", created: 0)],
            delivery: DeliveryRecord(status: .error, attempts: 1, lastError: "HTTP 500 from the marketplace"))

        let retry = Planner.plan(F.input(stock: stock, orders: [order], records: [failed]))

        #expect(retry.reservations.isEmpty)
        #expect(retry.recordWork.map(\.steps) == [[.deliver(attempt: 2, checkSentFirst: true), .confirmShipment, .close]])
        #expect(retry.recordWork.first?.record.keys.map(\.row.id) == ["S1"])
        #expect(retry.stockCount(product: "office", warehouse: "MAD")?.available == 3)
        #expect(F.changes(retry, subject: "tienda/T-1") == [AlertChange(
            event: .started, condition: AlertCondition(kind: .deliveryError, subject: "tienda/T-1"),
            detail: "status=error attempts=1 last_error=HTTP 500 from the marketplace")])

        // The retry succeeded and was recorded: no further message, and the alert clears.
        var sent = failed
        sent.delivery = DeliveryRecord(status: .done, attempts: 2, sentAt: F.now, messageID: "T-1.eml")
        let after = Planner.plan(F.input(stock: stock, orders: [order], records: [sent], active: retry.activeAlerts))
        #expect(after.recordWork.map(\.steps) == [[.confirmShipment, .close]])
        #expect(F.changes(after, subject: "tienda/T-1") == [AlertChange(
            event: .cleared, condition: AlertCondition(kind: .deliveryError, subject: "tienda/T-1"),
            detail: "status=done attempts=2")])
    }

    @Test func concurrentPlansNeverShareKeys() throws {
        let stock = F.keys("K", count: 3)
        let orders = (1...5).map { F.order("T-\($0)", channel: $0.isMultiple(of: 2) ? "pccomponentes" : "tienda", created: $0) }
        let input = F.input(stock: stock, orders: orders)

        let first = Planner.plan(input)
        let again = Planner.plan(PlanInput(
            config: input.config, catalog: input.catalog, stock: stock.reversed(), orders: orders.reversed(),
            records: [], activeAlerts: [], run: "run-1", now: F.now, today: F.today))

        #expect(first == again)
        let assigned = first.reservations.flatMap { $0.record.keys.map(\.row.id) }
        #expect(assigned == ["K1", "K2", "K3"])
        #expect(Set(assigned).count == assigned.count)
        #expect(first.waiting.map(\.order.id) == ["T-4", "T-5"])

        // The run that lost the push re-plans from the winner's commit: no key is assigned again.
        let replanned = Planner.plan(F.input(
            stock: F.stockAfter(first, from: stock), orders: orders, records: first.reservations.map(\.record)))
        #expect(replanned.reservations.isEmpty)
        #expect(replanned.waiting.map(\.order.id) == ["T-4", "T-5"])
        #expect(replanned.stockCount(product: "office", warehouse: "MAD")?.inStock == 0)
    }

    @Test func lowStockFiresOncePerWarehouse() throws {
        let madrid = F.keys("M", count: 7)
        let barcelona = F.keys("B", count: 9, warehouse: "BCN")

        let run1 = Planner.plan(F.input(stock: madrid + barcelona, orders: [F.order("T-1")]))
        #expect(run1.stockCount(product: "office", warehouse: "MAD")?.available == 6)
        #expect(run1.stockCount(product: "office", warehouse: "BCN")?.available == 9)
        #expect(F.changes(run1, subject: "office@MAD").isEmpty)
        #expect(F.changes(run1, subject: "office@BCN").isEmpty)

        let run2 = Planner.plan(F.input(
            stock: F.stockAfter(run1, from: madrid + barcelona), orders: [F.order("T-2", created: 1)],
            active: run1.activeAlerts))
        #expect(run2.stockCount(product: "office", warehouse: "MAD")?.available == 5)
        #expect(F.changes(run2, subject: "office@MAD") == [AlertChange(
            event: .started, condition: .stock(.lowStock, product: "office", warehouse: "MAD"),
            detail: "available=5 threshold=5")])

        let run3 = Planner.plan(F.input(
            stock: F.stockAfter(run2, from: F.stockAfter(run1, from: madrid + barcelona)),
            orders: [F.order("T-3", created: 2)], active: run2.activeAlerts))
        #expect(run3.stockCount(product: "office", warehouse: "MAD")?.available == 4)
        #expect(run3.alertChanges.isEmpty)
        #expect(run3.activeAlerts.filter { $0.condition.subject == "office@MAD" } == [ActiveAlert(
            condition: .stock(.lowStock, product: "office", warehouse: "MAD"), since: F.now)])

        let restocked = Planner.plan(F.input(
            stock: madrid.suffix(4) + F.keys("R", count: 20, from: 50) + barcelona, orders: [], active: run3.activeAlerts))
        #expect(F.changes(restocked, subject: "office@MAD") == [AlertChange(
            event: .cleared, condition: .stock(.lowStock, product: "office", warehouse: "MAD"),
            detail: "available=24 threshold=5")])
    }
}
