import KeyshipCore
import Testing

@Suite struct RecordStepsTests {
    typealias F = PlanFixture

    struct StepCase: CustomTestStringConvertible, Sendable {
        var name: String
        var state: OrderState
        var lines: [(sku: String, quantity: Int)]
        var delivery: DeliveryRecord
        var acceptedAt: Timestamp?
        var shipment: ShipmentRecord?
        var steps: [RecordStep]
        var wait: RecordWait?

        var testDescription: String { name }
    }

    static let delivered = DeliveryRecord(status: .done, attempts: 1, sentAt: F.now, messageID: "m-1")
    static let licenceOnly: [(sku: String, quantity: Int)] = [("OFF-2021", 1)]
    static let mixed: [(sku: String, quantity: Int)] = [("OFF-2021", 1), ("CABLE-USB", 1)]

    static let cases: [StepCase] = [
        StepCase(
            name: "licence-only order awaiting acceptance is accepted", state: .awaitingAcceptance, lines: licenceOnly,
            delivery: DeliveryRecord(), steps: [.accept], wait: .payment),
        StepCase(
            name: "mixed order awaiting acceptance is left to the seller", state: .awaitingAcceptance, lines: mixed,
            delivery: DeliveryRecord(), steps: [], wait: .sellerAcceptance),
        StepCase(
            name: "accepted order awaiting acceptance waits", state: .awaitingAcceptance, lines: licenceOnly,
            delivery: DeliveryRecord(), acceptedAt: F.now, steps: [], wait: .payment),
        StepCase(
            name: "awaiting payment waits", state: .awaitingPayment, lines: licenceOnly,
            delivery: DeliveryRecord(), steps: [], wait: .payment),
        StepCase(
            name: "paid licence-only order is delivered and shipped", state: .paid, lines: licenceOnly,
            delivery: DeliveryRecord(), steps: [.deliver(attempt: 1, checkSentFirst: false), .confirmShipment, .close]),
        StepCase(
            name: "paid mixed order leaves shipment to the seller", state: .paid, lines: mixed,
            delivery: DeliveryRecord(),
            steps: [.deliver(attempt: 1, checkSentFirst: false), .recordShipment(.leftToSeller), .close]),
        StepCase(
            name: "crash after an attempt checks for a sent message", state: .paid, lines: licenceOnly,
            delivery: DeliveryRecord(status: .inProgress, attempts: 1),
            steps: [.deliver(attempt: 2, checkSentFirst: true), .confirmShipment, .close]),
        StepCase(
            name: "delivered paid order is shipped and closed", state: .paid, lines: licenceOnly,
            delivery: delivered, steps: [.confirmShipment, .close]),
        StepCase(
            name: "delivered and shipped order is closed", state: .paid, lines: licenceOnly,
            delivery: delivered, shipment: ShipmentRecord(outcome: .confirmed, at: F.now), steps: [.close]),
        StepCase(
            name: "order shipped elsewhere after delivery is recorded", state: .shipped, lines: licenceOnly,
            delivery: delivered, steps: [.recordShipment(.alreadyShipped), .close]),
        StepCase(
            name: "order shipped by the seller before delivery still gets its keys", state: .shipped,
            lines: licenceOnly, delivery: DeliveryRecord(),
            steps: [.deliver(attempt: 1, checkSentFirst: false), .recordShipment(.alreadyShipped), .close]),
        StepCase(
            name: "unknown state needs a person", state: .other, lines: licenceOnly,
            delivery: DeliveryRecord(), steps: [], wait: .unexpectedState("refunded")),
    ]

    @Test(arguments: cases)
    func stepsFollowRecordAndOrderState(_ testCase: StepCase) {
        let order = F.order("T-1", state: testCase.state, lines: testCase.lines)
        let record = F.record(
            for: order, keys: [F.key("K1", created: 1)], delivery: testCase.delivery, acceptedAt: testCase.acceptedAt,
            shipment: testCase.shipment)

        let work = RecordSteps.work(
            for: record, order: order, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        #expect(work.steps == testCase.steps)
        #expect(work.wait == testCase.wait)
    }

    @Test func unlistedOrderGetsNoStep() {
        let record = F.record(for: F.order("T-1"), keys: [F.key("K1", created: 1)])

        let work = RecordSteps.work(
            for: record, order: nil, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        #expect(work.steps.isEmpty)
        #expect(work.wait == .orderNotListed)
        #expect(work.wait?.needsAttention == true)
    }

    @Test func recordedCancellationOnlyCloses() {
        let order = F.order("T-1", state: .cancelled)
        var record = F.record(for: order, keys: [F.key("K1", created: 1)])
        record.cancellation = CancellationRecord(outcome: .returned, at: F.now, marketplaceState: "cancelled")

        let work = RecordSteps.work(
            for: record, order: order, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        #expect(work.steps == [.close])
    }

    @Test(arguments: [
        (sentDaysAgo: 3, ifMissing: RecordStep.MissingInvoice.wait),
        (sentDaysAgo: 14, ifMissing: .recordNotFound),
        (sentDaysAgo: 20, ifMissing: .recordNotFound),
    ])
    func invoiceWaitsUntilTheConfiguredDays(sentDaysAgo: Int, ifMissing: RecordStep.MissingInvoice) {
        let order = F.order("T-1")
        let sentAt = F.now.adding(seconds: -Int64(sentDaysAgo) * 86_400)
        let record = F.record(
            for: order, keys: [F.key("K1", created: 1)],
            delivery: DeliveryRecord(status: .done, attempts: 1, sentAt: sentAt, messageID: "m-1"),
            shipment: ShipmentRecord(outcome: .confirmed, at: sentAt))
        let config = F.config(invoices: InvoiceSettings(folder: "/srv/invoices", waitDays: 14))

        let work = RecordSteps.work(for: record, order: order, channelPulled: true, catalog: F.catalog, config: config, run: "run-test", now: F.now)

        #expect(work.steps == [.attachInvoice(ifMissing: ifMissing), .close])
    }

    @Test func attachedInvoiceIsNotAttachedAgain() {
        let order = F.order("T-1")
        let record = F.record(
            for: order, keys: [F.key("K1", created: 1)], delivery: Self.delivered,
            shipment: ShipmentRecord(outcome: .confirmed, at: F.now),
            invoice: InvoiceRecord(outcome: .attached, at: F.now, document: "T-1.pdf"))
        let config = F.config(invoices: InvoiceSettings(folder: "/srv/invoices"))

        let work = RecordSteps.work(for: record, order: order, channelPulled: true, catalog: F.catalog, config: config, run: "run-test", now: F.now)

        #expect(work.steps == [.close])
    }

    @Test func activeClaimOfAnotherRunWaits() {
        let order = F.order("T-1")
        var record = F.record(for: order, keys: [F.key("K1", created: 1)])
        record.claim = RunClaim(run: "run-other", at: F.now.adding(seconds: -60))

        let work = RecordSteps.work(
            for: record, order: order, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        #expect(work.steps.isEmpty)
        #expect(work.wait == .claimed(run: "run-other"))
    }

    @Test func expiredClaimIsTakenOver() {
        let order = F.order("T-1")
        var record = F.record(for: order, keys: [F.key("K1", created: 1)], delivery: DeliveryRecord(attempts: 1))
        record.claim = RunClaim(run: "run-crashed", at: F.now.adding(seconds: -RunClaim.lease))

        let work = RecordSteps.work(
            for: record, order: order, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        #expect(work.steps == [.deliver(attempt: 2, checkSentFirst: true), .confirmShipment, .close])
    }

    @Test func ownClaimDoesNotBlock() {
        let order = F.order("T-1")
        var record = F.record(for: order, keys: [F.key("K1", created: 1)])
        record.claim = RunClaim(run: "run-test", at: F.now)

        let work = RecordSteps.work(
            for: record, order: order, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        #expect(work.steps.first == .deliver(attempt: 1, checkSentFirst: false))
    }

    @Test(arguments: [(1, 59, false), (1, 60, true), (3, 239, false), (3, 240, true), (12, 3599, false), (12, 3600, true)])
    func failedDeliveryBacksOff(attempts: Int, secondsSinceFailure: Int64, retries: Bool) {
        let order = F.order("T-1")
        let failure = DeliveryRecord(
            status: .error, attempts: attempts, lastError: "HTTP 500", lastAttemptAt: F.now.adding(seconds: -secondsSinceFailure))
        let record = F.record(for: order, keys: [F.key("K1", created: 1)], delivery: failure)

        let work = RecordSteps.work(
            for: record, order: order, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        if retries {
            #expect(work.steps.first == .deliver(attempt: attempts + 1, checkSentFirst: true))
        } else {
            #expect(work.steps.isEmpty)
            #expect(work.wait == .retryAt(failure.nextRetry!))
        }
    }

    @Test func changedQuantityHoldsDelivery() {
        let reservedFor = F.order("T-1", lines: [("OFF-2021", 2)])
        let record = F.record(for: reservedFor, keys: [F.key("K1", created: 1), F.key("K2", created: 2)])
        let changed = F.order("T-1", lines: [("OFF-2021", 1)])

        let work = RecordSteps.work(
            for: record, order: changed, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        #expect(work.steps.isEmpty)
        #expect(work.wait == .orderChanged)
        #expect(work.wait?.needsAttention == true)
    }

    @Test func changedLinesAfterDeliveryStillShip() {
        let reservedFor = F.order("T-1", lines: [("OFF-2021", 1)])
        let record = F.record(for: reservedFor, keys: [F.key("K1", created: 1)], delivery: Self.delivered)
        let changed = F.order("T-1", lines: [("OFF-2021", 3)])

        let work = RecordSteps.work(
            for: record, order: changed, channelPulled: true, catalog: F.catalog, config: F.config(), run: "run-test", now: F.now)

        #expect(work.steps == [.confirmShipment, .close])
    }
}
