/// Decides the next steps for an order with an open ledger record, from the record and the
/// order's state in this run's pull.
///
/// The rules, in the order they apply:
/// 1. Nothing is planned unless the run pulled the order's channel and the channel listed the
///    order, because every marketplace call needs the current order.
/// 2. A record with a cancellation already written only needs closing.
/// 3. A cancelled order whose keys cannot have reached the buyer (no delivery attempt yet)
///    returns its keys to their batch files. Once any attempt was made, a send that reported
///    an error may still have reached the buyer (a timeout after the marketplace stored the
///    message), so the keys are burned: losing one key costs less than selling it twice.
/// 4. An order awaiting acceptance is accepted by keyship when every line is a licence line and
///    the record has no acceptance yet. The seller accepts mixed orders.
/// 5. Keys are sent only when the order is paid and the delivery is not done. An error status
///    retries with the record's keys; no new key is ever reserved for a recorded order.
/// 6. After delivery: shipment is confirmed when every line is a licence line, left to the
///    seller otherwise, and recorded as already shipped when the marketplace got there first.
///    Then the invoice is attached when invoices are configured, and the record is closed.
/// 7. A delivered order that the marketplace lists as unpaid again, and an order in a state
///    keyship does not know, get no step and are reported.
public enum RecordSteps {
    public static func work(
        for record: LedgerRecord, order: Order?, channelPulled: Bool, catalog: Catalog, config: StoreConfig,
        run: String, now: Timestamp
    ) -> RecordWork {
        guard channelPulled else {
            return RecordWork(record: record, order: order, steps: [], wait: .channelNotPulled)
        }
        if let claim = record.claim, claim.run != run, claim.isActive(at: now) {
            return RecordWork(record: record, order: order, steps: [], wait: .claimed(run: claim.run))
        }
        guard let order else {
            return RecordWork(record: record, order: nil, steps: [], wait: .orderNotListed)
        }
        if record.cancellation != nil {
            return RecordWork(record: record, order: order, steps: [.close], wait: nil)
        }
        if order.state == .cancelled {
            return RecordWork(record: record, order: order, steps: cancellationSteps(record), wait: nil)
        }

        let classified = ClassifiedOrder(order, catalog: catalog, config: config)
        let isLicenceOnly = classified.isLicenceOnly
        let delivered = record.delivery.status == .done
        // The reserved keys match the lines as they were; if the marketplace or the shop changed
        // the licence lines since (a quantity, a line added or removed), sending them would give
        // the buyer the wrong keys, so a person decides.
        if !delivered && !Self.linesMatch(record, classified) {
            return RecordWork(record: record, order: order, steps: [], wait: .orderChanged)
        }
        var steps: [RecordStep] = []

        switch order.state {
        case .awaitingAcceptance, .awaitingPayment:
            if delivered {
                return RecordWork(record: record, order: order, steps: [], wait: .unexpectedState(order.marketplaceState))
            }
            var wait = RecordWait.payment
            if order.state == .awaitingAcceptance && record.acceptedAt == nil {
                if isLicenceOnly {
                    steps.append(.accept)
                } else {
                    wait = .sellerAcceptance
                }
            }
            return RecordWork(record: record, order: order, steps: steps, wait: wait)

        case .paid, .shipped:
            // A shipped order was paid too: the seller may ship a mixed order (or mark any
            // order shipped) before keyship delivered, and the buyer still needs the keys.
            if !delivered {
                if let retryAt = record.delivery.nextRetry, now < retryAt {
                    return RecordWork(record: record, order: order, steps: [], wait: .retryAt(retryAt))
                }
                let attempts = record.delivery.attempts
                let mayHaveSent = attempts > 0 || record.delivery.status == .error
                steps.append(.deliver(attempt: attempts + 1, checkSentFirst: mayHaveSent))
            }

        case .other, .cancelled:
            return RecordWork(record: record, order: order, steps: [], wait: .unexpectedState(order.marketplaceState))
        }

        steps += stepsAfterDelivery(record, state: order.state, isLicenceOnly: isLicenceOnly, config: config, now: now)
        return RecordWork(record: record, order: order, steps: steps, wait: nil)
    }

    /// Returns true when the order's licence lines are the ones the record reserved keys for:
    /// the same line ids, SKUs and quantities.
    static func linesMatch(_ record: LedgerRecord, _ order: ClassifiedOrder) -> Bool {
        struct Line: Hashable {
            var id: String
            var sku: String
            var quantity: Int
        }
        let reserved = Set(record.lines.map { Line(id: $0.lineID, sku: $0.sku, quantity: $0.quantity) })
        let current = Set(order.licenceLines.map { Line(id: $0.line.id, sku: $0.line.sku, quantity: $0.line.quantity) })
        return reserved == current
    }

    /// Shipment, invoice and close, for a record delivered before or in this run.
    private static func stepsAfterDelivery(
        _ record: LedgerRecord, state: OrderState, isLicenceOnly: Bool, config: StoreConfig, now: Timestamp
    ) -> [RecordStep] {
        var steps: [RecordStep] = []
        if record.shipment == nil {
            if state == .shipped {
                steps.append(.recordShipment(.alreadyShipped))
            } else if isLicenceOnly {
                steps.append(.confirmShipment)
            } else {
                steps.append(.recordShipment(.leftToSeller))
            }
        }
        if let invoices = config.invoices, record.invoice == nil {
            let deliveredAt = record.delivery.sentAt ?? now
            let deadline = deliveredAt.adding(seconds: Int64(invoices.waitDays) * 86_400)
            steps.append(.attachInvoice(ifMissing: now >= deadline ? .recordNotFound : .wait))
        }
        steps.append(.close)
        return steps
    }

    private static func cancellationSteps(_ record: LedgerRecord) -> [RecordStep] {
        let mayHaveReachedBuyer = record.delivery.status != .inProgress || record.delivery.attempts > 0
        if mayHaveReachedBuyer {
            return [.burnKeys(record.keys.map(\.row.id)), .close]
        }
        return [.returnKeys(returns(of: record)), .close]
    }

    /// Groups the record's keys by the batch file they came from, batches sorted by path.
    static func returns(of record: LedgerRecord) -> [KeyReturn] {
        var byBatch: [String: KeyReturn] = [:]
        for line in record.lines {
            for sold in line.keys {
                byBatch[sold.batch, default: KeyReturn(product: line.product, batch: sold.batch, rows: [])]
                    .rows.append(sold.row)
            }
        }
        return byBatch.values
            .map { batch in
                var sorted = batch
                sorted.rows.sort(by: KeyRow.assignmentOrder)
                return sorted
            }
            .sorted { $0.batch < $1.batch }
    }
}
