import KeyshipCore

extension FulfilmentRun {
    /// Returns one line per order the run looked at, oldest first: the results of executed steps,
    /// and the plan's decision for the others.
    static func outcomes(_ plan: Plan, results: [StepExecutor.Result], invoiceWaits: Set<OrderKey>) -> [OrderOutcome] {
        var byOrder: [OrderKey: (Timestamp, OrderOutcome)] = [:]
        for reservation in plan.reservations {
            let record = reservation.record
            byOrder[OrderKey(record)] = (record.orderCreatedAt, OrderOutcome(
                channel: record.channel, orderID: record.orderID, outcome: .reserved(reservation.wait),
                keyIDs: record.keys.map(\.row.id)))
        }
        for work in plan.recordWork {
            let record = work.record
            let wait = invoiceWaits.contains(OrderKey(record)) ? .invoice : work.wait
            let outcome: OrderOutcome.Outcome = if case .claimed? = wait {
                .skipped(wait!)
            } else {
                .progressed(steps: [], wait: wait)
            }
            byOrder[OrderKey(record)] = (record.orderCreatedAt, OrderOutcome(
                channel: record.channel, orderID: record.orderID, outcome: outcome, keyIDs: record.keys.map(\.row.id)))
        }
        for waiting in plan.waiting {
            byOrder[OrderKey(waiting.order)] = (waiting.order.createdAt, OrderOutcome(
                channel: waiting.order.channel, orderID: waiting.order.id, outcome: .waiting(waiting.shortfalls)))
        }
        for held in plan.held {
            byOrder[OrderKey(held.order)] = (held.order.createdAt, OrderOutcome(
                channel: held.order.channel, orderID: held.order.id, outcome: .held(held.reasons)))
        }
        for result in results {
            let record = result.record
            byOrder[OrderKey(record)] = (record.orderCreatedAt, OrderOutcome(
                channel: record.channel, orderID: record.orderID, outcome: result.outcome, keyIDs: record.keys.map(\.row.id)))
        }
        return byOrder.sorted { lhs, rhs in (lhs.value.0, lhs.key) < (rhs.value.0, rhs.key) }.map(\.value.1)
    }

    /// Returns the alert conditions after the run's steps: the plan's, with delivery errors taken
    /// from the records as the steps left them.
    static func currentFindings(_ plan: Plan, results: [StepExecutor.Result]) -> [AlertFinding] {
        var records: [OrderKey: LedgerRecord] = [:]
        for work in plan.stepWork { records[OrderKey(work.record)] = work.record }
        for result in results { records[OrderKey(result.record)] = result.record }
        let open = records.values.filter { !$0.isClosed && $0.cancellation == nil }
        let others = plan.alerts.filter { $0.condition.kind != .deliveryError }
        return (others + AlertEvaluation.deliveryErrorFindings(Array(open))).sorted()
    }

    /// Returns the present figures of the conditions that may clear: the plan's, with the
    /// delivery figures of the orders this run worked on. A cleared alert then states the
    /// count or delivery status it cleared at instead of only `resolved`.
    static func currentFigures(_ plan: Plan, results: [StepExecutor.Result]) -> [AlertCondition: String] {
        var figures = plan.alertFigures
        for result in results {
            let condition = AlertCondition(kind: .deliveryError, subject: OrderKey(result.record).description)
            figures[condition] = result.record.cancellation == nil
                ? AlertEvaluation.deliveryDetail(result.record.delivery) : "order_cancelled"
        }
        return figures
    }
}
