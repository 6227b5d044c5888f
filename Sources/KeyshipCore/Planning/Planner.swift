/// Decides what a fulfilment run does: a pure, deterministic function of the store, the pulled
/// orders, the ledger and the clock.
///
/// The rules for orders without a ledger record:
/// - Orders are first reduced to one sighting each (`OrderDeduplication`).
/// - Orders awaiting acceptance, awaiting payment or paid are candidates. Others are ignored.
/// - A candidate with an unmapped SKU, a licence line whose quantity is below 1, or an unknown
///   channel is held: no key is reserved for any of its lines. A candidate with no licence line
///   is ignored.
/// - Candidates are served oldest first (creation time, then channel, then order id), across
///   all channels. An order is served in full or not at all: every licence line gets exactly
///   its quantity of distinct keys from its channel's warehouse, oldest keys first, expired
///   keys skipped (`StockPool`).
/// - An order that cannot be served in full waits, and it sets aside the keys it can see for
///   every product it needs. Younger orders get only what is left, so they never overtake an
///   older waiting order: when keys arrive, the oldest waiting order is served first. The
///   price is that one large order stops younger orders for the same product and warehouse
///   until its stock arrives or it is cancelled. The stock-out alert shows the missing keys.
/// - An order with a ledger record, open or closed, is never reserved again. Open records get
///   their next steps from `RecordSteps`.
///
/// Keys returned by this run's cancellations go back to stock in the run's commit and become
/// assignable on the next run.
///
/// NOTE: Only pulled orders set keys aside. A run that pulls some channels (one CI job per
/// channel) cannot see the other channels' waiting orders, so its younger orders may take keys
/// that an older order on another channel sharing the warehouse waits for.
public enum Planner {
    /// The states in which an order without a record gets keys reserved.
    public static let servableStates: Set<OrderState> = [.awaitingAcceptance, .awaitingPayment, .paid]

    public static func plan(_ input: PlanInput) -> Plan {
        let records = recordsByOrder(input.records)
        let orders = OrderDeduplication.latest(input.orders)
        var pool = StockPool(stock: input.stock, records: input.records, today: input.today, blocked: input.blockedKeys)
        var plan = Plan(now: input.now, today: input.today)
        var ordersByKey: [OrderKey: Order] = [:]

        for order in orders {
            let key = OrderKey(order)
            ordersByKey[key] = order
            if let record = records[key] {
                if record.isClosed, record.cancellation != nil, servableStates.contains(order.state) {
                    // The order was cancelled and its record closed, and now it asks for keys
                    // again: serving it would need a second record for one order id.
                    plan.held.append(HeldOrder(order: order, reasons: [.cancelledEarlier]))
                } else if record.isClosed {
                    plan.ignored.append(IgnoredOrder(
                        channel: order.channel, orderID: order.id, marketplaceState: order.marketplaceState,
                        reason: .alreadyRecorded))
                }
                continue
            }
            guard servableStates.contains(order.state) else {
                plan.ignored.append(IgnoredOrder(
                    channel: order.channel, orderID: order.id, marketplaceState: order.marketplaceState,
                    reason: .notServable(order.state)))
                continue
            }
            serve(order, input: input, pool: &pool, plan: &plan)
        }

        plan.recordWork = records.values
            .filter { !$0.isClosed }
            .sorted { ($0.orderCreatedAt, OrderKey($0)) < ($1.orderCreatedAt, OrderKey($1)) }
            .map { record in
                RecordSteps.work(
                    for: record, order: ordersByKey[OrderKey(record)], channelPulled: input.pulled(channel: record.channel),
                    catalog: input.catalog, config: input.config, run: input.run, now: input.now)
            }
        plan.excludedKeys = pool.excluded
        plan.stock = stockCounts(input: input, pool: pool, waiting: plan.waiting)
        plan.stockLevels = stockLevels(input: input, counts: plan.stock)
        evaluateAlerts(input: input, plan: &plan)
        return plan
    }

    /// Reserves keys for a candidate, or records why it waits or is held.
    private static func serve(_ order: Order, input: PlanInput, pool: inout StockPool, plan: inout Plan) {
        let classified = ClassifiedOrder(order, catalog: input.catalog, config: input.config)
        if classified.hasNothingToFulfil {
            plan.ignored.append(IgnoredOrder(
                channel: order.channel, orderID: order.id, marketplaceState: order.marketplaceState,
                reason: .noLicenceLine))
            return
        }
        guard classified.holdReasons.isEmpty, let channel = input.config.channel(named: order.channel) else {
            plan.held.append(HeldOrder(order: order, reasons: classified.holdReasons))
            return
        }

        let demand = classified.demand(warehouse: channel.warehouse)
        let shortfalls = demand
            .filter { pool.remaining($0.pair) < $0.quantity }
            .map { Shortfall(product: $0.pair.product, warehouse: $0.pair.warehouse, needed: $0.quantity, available: pool.remaining($0.pair)) }
        guard shortfalls.isEmpty else {
            for (pair, quantity) in demand {
                _ = pool.setAside(quantity, of: pair)
            }
            plan.waiting.append(WaitingOrder(order: order, shortfalls: shortfalls.sorted { ($0.product, $0.warehouse) < ($1.product, $1.warehouse) }))
            return
        }

        let lines = classified.licenceLines.map { licenceLine in
            let pair = StockPair(product: licenceLine.product.id, warehouse: channel.warehouse)
            let keys = pool.take(licenceLine.line.quantity, of: pair)
            return LedgerLine(
                lineID: licenceLine.line.id, sku: licenceLine.line.sku, product: licenceLine.product.id,
                quantity: licenceLine.line.quantity,
                keys: keys.map { SoldKey(row: $0.row, batch: $0.batch, soldAt: input.now) })
        }
        let record = LedgerRecord(
            channel: order.channel, orderID: order.id, orderCreatedAt: order.createdAt, run: input.run,
            reservedAt: input.now, lines: lines)
        let work = RecordSteps.work(
            for: record, order: order, channelPulled: true, catalog: input.catalog, config: input.config,
            run: input.run, now: input.now)
        plan.reservations.append(Reservation(order: order, record: record, steps: work.steps, wait: work.wait))
    }

    /// Indexes the records by order. A closed record wins over an open one, because records move
    /// from `open/` to their month folder when they close and a reader may see both mid-move.
    private static func recordsByOrder(_ records: [LedgerRecord]) -> [OrderKey: LedgerRecord] {
        var byOrder: [OrderKey: LedgerRecord] = [:]
        for record in records {
            let key = OrderKey(record)
            if let existing = byOrder[key], existing.isClosed, !record.isClosed { continue }
            byOrder[key] = record
        }
        return byOrder
    }

    /// Pairs that a channel sells: each licence product with an offer on a configured channel,
    /// in that channel's warehouse.
    static func soldPairs(config: StoreConfig, catalog: Catalog) -> Set<StockPair> {
        var pairs: Set<StockPair> = []
        for product in catalog.sortedProducts where product.digitalLicense {
            for channelName in product.offers.keys {
                guard let channel = config.channel(named: channelName) else { continue }
                pairs.insert(StockPair(product: product.id, warehouse: channel.warehouse))
            }
        }
        return pairs
    }

    private static func stockCounts(input: PlanInput, pool: StockPool, waiting: [WaitingOrder]) -> [StockCount] {
        let sold = soldPairs(config: input.config, catalog: input.catalog)
        var waitingOrders: [StockPair: Int] = [:]
        var missing: [StockPair: Int] = [:]
        for order in waiting {
            for shortfall in order.shortfalls {
                let pair = StockPair(product: shortfall.product, warehouse: shortfall.warehouse)
                waitingOrders[pair, default: 0] += 1
                missing[pair] = saturatingSum(missing[pair, default: 0], shortfall.missing)
            }
        }

        let windowDays = input.config.alerts?.expiringWithinDays ?? AlertSettings.defaultExpiringWithinDays
        let windowEnd = input.today.adding(days: windowDays)
        let pairs = sold.union(pool.pairs).union(waitingOrders.keys).sorted()
        return pairs.map { pair in
            let expiring = pool.keysLeft(pair).compactMap(\.row.expiresOn).filter { $0 <= windowEnd }
            return StockCount(
                product: pair.product, warehouse: pair.warehouse, available: pool.remaining(pair),
                setAside: pool.setAside(pair), reserved: pool.taken(pair), expired: pool.expired(pair),
                expiringSoon: expiring.count, firstExpiry: expiring.min(), waitingOrders: waitingOrders[pair, default: 0],
                missing: missing[pair, default: 0], isSold: sold.contains(pair))
        }
    }

    /// Per configured channel, each licence offer's available count, sorted by SKU.
    private static func stockLevels(input: PlanInput, counts: [StockCount]) -> [String: [StockLevel]] {
        var available: [StockPair: Int] = [:]
        for count in counts {
            available[count.pair] = count.available
        }
        var levels: [String: [StockLevel]] = [:]
        for channel in input.config.channels {
            levels[channel.name] = input.catalog.sortedProducts
                .filter(\.digitalLicense)
                .compactMap { product in
                    guard let sku = product.offers[channel.name] else { return nil }
                    let pair = StockPair(product: product.id, warehouse: channel.warehouse)
                    return StockLevel(sku: sku, product: product.id, quantity: available[pair, default: 0])
                }
                .sorted { $0.sku < $1.sku }
        }
        return levels
    }

    private static func evaluateAlerts(input: PlanInput, plan: inout Plan) {
        let cancelled = Set(plan.recordWork.filter { work in
            work.steps.contains { step in
                switch step {
                case .returnKeys, .burnKeys: true
                default: false
                }
            }
        }.map { OrderKey($0.record) })
        let openRecords = plan.recordWork.map(\.record).filter { !cancelled.contains(OrderKey($0)) }

        var findings = AlertEvaluation.stockFindings(plan.stock, catalog: input.catalog)
        findings += AlertEvaluation.deliveryErrorFindings(openRecords)
        findings += AlertEvaluation.unmappedFindings(plan.held)
        // A run that did not pull a channel cannot tell whether its unmapped products were
        // fixed, so those conditions stay as they were.
        for alert in input.activeAlerts where alert.condition.kind == .unmappedProduct {
            let channel = alert.condition.subject.prefix { $0 != "/" }
            if !input.pulled(channel: String(channel)) {
                findings.append(AlertFinding(condition: alert.condition, detail: "not_checked"))
            }
        }
        findings.sort()

        var figures: [AlertCondition: String] = [:]
        for count in plan.stock {
            let threshold = input.catalog.product(id: count.product)?.lowStock ?? 0
            figures[.stock(.stockOut, product: count.product, warehouse: count.warehouse)] = AlertEvaluation.stockOutDetail(count)
            figures[.stock(.lowStock, product: count.product, warehouse: count.warehouse)] =
                AlertEvaluation.lowStockDetail(count, threshold: threshold)
            figures[.stock(.expiringSoon, product: count.product, warehouse: count.warehouse)] = AlertEvaluation.expiringDetail(count)
        }
        for record in input.records {
            let condition = AlertCondition(kind: .deliveryError, subject: OrderKey(record).description)
            figures[condition] = cancelled.contains(OrderKey(record)) ? "order_cancelled" : AlertEvaluation.deliveryDetail(record.delivery)
        }
        for alert in input.activeAlerts where alert.condition.kind == .unmappedProduct {
            figures[alert.condition] = "orders=0"
        }

        plan.alerts = findings
        plan.alertFigures = figures
        plan.alertChanges = AlertEvaluation.changes(active: input.activeAlerts, current: findings, currentFigures: figures)
        plan.activeAlerts = AlertEvaluation.nextActive(active: input.activeAlerts, current: findings, now: input.now)
    }
}
