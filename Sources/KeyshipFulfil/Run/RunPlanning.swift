import Foundation
import KeyshipCore
import KeyshipStore

/// A plan together with what the run needs to carry it out.
struct PlannedRun {
    var definition: StoreDefinition
    var plan: Plan
    /// Step work that can make progress now, with the steps to run (an invoice that is not in
    /// the folder yet cuts the steps short), oldest order first.
    var actionable: [(work: RecordWork, steps: [RecordStep])]
    /// Orders whose record stays open only for the seller's invoice.
    var invoiceWaits: Set<OrderKey>
    /// Records whose keys must be readable before anything is committed: reservations and
    /// records about to be delivered.
    var recordsToDecrypt: [LedgerRecord]
    /// Every row under `keys/` the plan was made from.
    var stock: [StockKey]

    /// Returns the run without the reservations of `orders`, which then get nothing in this run.
    ///
    /// The plan's stock counts still include their keys as reserved, so this run's stock sync
    /// publishes a little less than is there until the next run.
    func withoutReservations(of orders: Set<OrderKey>) -> PlannedRun {
        var copy = self
        copy.plan.reservations.removeAll { orders.contains(OrderKey($0.record)) }
        copy.actionable.removeAll { orders.contains(OrderKey($0.work.record)) }
        copy.recordsToDecrypt.removeAll { orders.contains(OrderKey($0)) }
        return copy
    }
}

/// Reads everything the planner needs from one snapshot and plans.
struct RunPlanner {
    var run: String
    var now: Timestamp
    var pulledChannels: Set<String>
    var orders: [Order]
    var cache: BatchCache
    var invoiceFolder: (StoreConfig) -> URL?
    var logger: Logger
    /// Rows the planner must not assign, by key id (see `PlanInput.blockedKeys`).
    var blockedKeys: [String: ExcludedKey.Reason] = [:]

    /// Plans against `snapshot`. Orders whose ledger record cannot be read are left out (and
    /// reported), because planning them as new could sell their keys a second time.
    func plan(_ snapshot: any StoreSnapshot, problems: inout [Diagnostic]) throws -> PlannedRun {
        let (loaded, diagnostics) = try StoreDefinition.load(from: snapshot)
        guard let definition = loaded, !diagnostics.hasErrors else {
            throw DiagnosticsError(summary: RunMessage.storeInvalid, diagnostics: diagnostics.sorted)
        }
        let config = definition.config

        let stock = try StockLoader.load(from: snapshot, cache: cache)
        for diagnostic in stock.diagnostics.items { problems.append(diagnostic) }

        let ledger = LedgerReader(snapshot: snapshot)
        var records: [OrderKey: LedgerRecord] = [:]
        var damaged: Set<OrderKey> = []
        for channel in config.channels {
            let open = try ledger.openRecords(channel: channel.name)
            for (_, record) in open.records { records[OrderKey(record)] = record }
            for lookup in open.damaged {
                if case .damaged(_, let found) = lookup { problems += found.items }
            }
        }
        for order in orders where records[OrderKey(order)] == nil {
            switch try ledger.record(channel: order.channel, orderID: order.id, createdAt: order.createdAt) {
            case .found(let record, _): records[OrderKey(order)] = record
            case .damaged(_, let found):
                damaged.insert(OrderKey(order))
                problems += found.items
            case .absent: break
            }
        }
        let alerts = try ledger.activeAlerts()
        problems += alerts.diagnostics.items

        let today = Self.today(now, timeZone: config.timeZone)
        let input = PlanInput(
            config: config, catalog: definition.catalog, stock: stock.keys,
            orders: orders.filter { !damaged.contains(OrderKey($0)) }, records: Array(records.values),
            activeAlerts: alerts.alerts, pulledChannels: pulledChannels, run: run, now: now, today: today,
            blockedKeys: blockedKeys)
        let plan = Planner.plan(input)

        let finder = invoiceFolder(config)
        var actionable: [(RecordWork, [RecordStep])] = []
        var invoiceWaits: Set<OrderKey> = []
        for work in plan.stepWork {
            let steps = Self.runnableSteps(work, invoiceExists: { orderID in
                finder.map { InvoiceFinder(folder: $0, channel: work.channel).exists(for: orderID) } ?? false
            })
            if steps.count < work.steps.count { invoiceWaits.insert(OrderKey(work.record)) }
            if !steps.isEmpty { actionable.append((work, steps)) }
        }
        var toDecrypt = plan.reservations.map(\.record)
        for (work, steps) in actionable where steps.contains(where: { if case .deliver = $0 { true } else { false } }) {
            if !toDecrypt.contains(where: { OrderKey($0) == OrderKey(work.record) }) { toDecrypt.append(work.record) }
        }
        return PlannedRun(
            definition: definition, plan: plan, actionable: actionable, invoiceWaits: invoiceWaits,
            recordsToDecrypt: toDecrypt, stock: stock.keys)
    }

    /// The steps that can run now: the list stops before an invoice step whose file is not
    /// there yet and that should wait for it, so such records are not claimed for nothing.
    static func runnableSteps(_ work: RecordWork, invoiceExists: (String) -> Bool) -> [RecordStep] {
        var steps: [RecordStep] = []
        for step in work.steps {
            if case .attachInvoice(.wait) = step, !invoiceExists(work.orderID) { break }
            steps.append(step)
        }
        return steps
    }

    /// Returns the calendar day at `now` in the store's zone, which decides whether a key has
    /// expired.
    static func today(_ now: Timestamp, timeZone identifier: String) -> CivilDate {
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "Europe/Madrid")!
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(now.secondsSinceEpoch)))
        return now.date(offsetSeconds: offset)
    }
}
