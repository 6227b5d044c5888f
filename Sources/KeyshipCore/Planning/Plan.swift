/// The decisions of one fulfilment run, made by `Planner.plan(_:)` before anything is written or
/// sent. The orchestrator executes it; `--dry-run` prints it with `formatted(in:)`.
///
/// Every list is sorted, so equal inputs give equal plans.
public struct Plan: Sendable, Hashable {
    public var now: Timestamp
    public var today: CivilDate
    /// Orders served in full by this run: their keys leave `keys/` in the reservation commit.
    /// Oldest order first.
    public var reservations: [Reservation]
    /// Orders that cannot be served in full yet. Oldest first, which is also the order in which
    /// they will be served.
    public var waiting: [WaitingOrder]
    /// Orders that need a person before keyship can serve them.
    public var held: [HeldOrder]
    /// Orders that need nothing from keyship in this run.
    public var ignored: [IgnoredOrder]
    /// The next steps for orders that already have an open ledger record.
    public var recordWork: [RecordWork]
    /// Rows under `keys/` that the planner refused to assign.
    public var excludedKeys: [ExcludedKey]
    /// Stock per product and warehouse after this plan's reservations.
    public var stock: [StockCount]
    /// Per channel, the available count of every licence offer, for stock sync.
    public var stockLevels: [String: [StockLevel]]
    /// The alert conditions in effect after this plan, with their figures.
    public var alerts: [AlertFinding]
    /// Conditions that start or clear compared with the active ones before the run.
    public var alertChanges: [AlertChange]
    /// The active conditions to store for the next run.
    public var activeAlerts: [ActiveAlert]
    /// The present figures of every condition that may clear (such as `available=12
    /// threshold=5`), so a cleared alert states the count it cleared at.
    public var alertFigures: [AlertCondition: String] = [:]

    public init(
        now: Timestamp, today: CivilDate, reservations: [Reservation] = [], waiting: [WaitingOrder] = [],
        held: [HeldOrder] = [], ignored: [IgnoredOrder] = [], recordWork: [RecordWork] = [],
        excludedKeys: [ExcludedKey] = [], stock: [StockCount] = [], stockLevels: [String: [StockLevel]] = [:],
        alerts: [AlertFinding] = [], alertChanges: [AlertChange] = [], activeAlerts: [ActiveAlert] = []
    ) {
        self.now = now
        self.today = today
        self.reservations = reservations
        self.waiting = waiting
        self.held = held
        self.ignored = ignored
        self.recordWork = recordWork
        self.excludedKeys = excludedKeys
        self.stock = stock
        self.stockLevels = stockLevels
        self.alerts = alerts
        self.alertChanges = alertChanges
        self.activeAlerts = activeAlerts
    }

    /// The steps to run after the reservation commit is on the remote: this run's reservations
    /// and the existing open records, oldest order first.
    public var stepWork: [RecordWork] {
        (reservations.map(\.work) + recordWork).sorted { lhs, rhs in
            (lhs.record.orderCreatedAt, OrderKey(lhs.record)) < (rhs.record.orderCreatedAt, OrderKey(rhs.record))
        }
    }

    /// Keys going back to their batch files because their orders were cancelled before delivery.
    public var returns: [KeyReturn] {
        recordWork.flatMap { work in
            work.steps.flatMap { step -> [KeyReturn] in
                if case .returnKeys(let returns) = step { return returns }
                return []
            }
        }
    }

    /// Ids of keys burned because their orders were cancelled after the buyer may have seen them.
    public var burnedKeyIDs: [String] {
        recordWork.flatMap { work in
            work.steps.flatMap { step -> [String] in
                if case .burnKeys(let ids) = step { return ids }
                return []
            }
        }
    }

    /// True when a person should look at the run's outcome: orders waiting or held, delivery
    /// errors, records stuck in an unexpected state, or keys excluded from assignment.
    public var needsAttention: Bool {
        !waiting.isEmpty || !held.isEmpty || !excludedKeys.isEmpty
            || alerts.contains { $0.condition.kind == .deliveryError }
            || recordWork.contains { $0.wait?.needsAttention ?? false }
    }

    /// Returns the stock count of one product in one warehouse, when the plan has one.
    public func stockCount(product: String, warehouse: String) -> StockCount? {
        stock.first { $0.product == product && $0.warehouse == warehouse }
    }
}

/// A product in a warehouse: the unit stock is counted, assigned and alerted in.
public struct StockPair: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var product: String
    public var warehouse: String

    public init(product: String, warehouse: String) {
        self.product = product
        self.warehouse = warehouse
    }

    /// `<product>@<warehouse>`, the subject of stock alerts.
    public var description: String { "\(product)@\(warehouse)" }

    public static func < (lhs: StockPair, rhs: StockPair) -> Bool {
        (lhs.product, lhs.warehouse) < (rhs.product, rhs.warehouse)
    }
}

/// An order served in full by this run.
public struct Reservation: Sendable, Hashable {
    /// The order as pulled; it carries buyer details, so it is never written to the store.
    public var order: Order
    /// The record to write under `ledger/<channel>/open/`: every licence line with its keys, the
    /// delivery "in progress".
    public var record: LedgerRecord
    /// The steps to run once the reservation is on the remote, as for any open record.
    public var steps: [RecordStep]
    /// The reason the record stays open after those steps, if it does.
    public var wait: RecordWait?

    public init(order: Order, record: LedgerRecord, steps: [RecordStep], wait: RecordWait?) {
        self.order = order
        self.record = record
        self.steps = steps
        self.wait = wait
    }

    /// The reservation as step work for the orchestrator.
    public var work: RecordWork {
        RecordWork(record: record, order: order, steps: steps, wait: wait)
    }
}

/// An order that waits for stock: it gets no key until every licence line can be served.
public struct WaitingOrder: Sendable, Hashable {
    public var order: Order
    /// The products and warehouses short of keys for this order, sorted.
    public var shortfalls: [Shortfall]

    public init(order: Order, shortfalls: [Shortfall]) {
        self.order = order
        self.shortfalls = shortfalls
    }
}

/// How many keys of a product one waiting order lacks in its channel's warehouse.
public struct Shortfall: Sendable, Hashable {
    public var product: String
    public var warehouse: String
    /// Keys the order needs of this product, over all its lines.
    public var needed: Int
    /// Keys left for this order after older orders were served or set keys aside.
    public var available: Int

    public init(product: String, warehouse: String, needed: Int, available: Int) {
        self.product = product
        self.warehouse = warehouse
        self.needed = needed
        self.available = available
    }

    public var missing: Int { needed - available }
}

/// An order that keyship will not serve until a person fixes its cause.
public struct HeldOrder: Sendable, Hashable {
    public var order: Order
    /// Every cause found, in line order.
    public var reasons: [HoldReason]

    public init(order: Order, reasons: [HoldReason]) {
        self.order = order
        self.reasons = reasons
    }
}

public enum HoldReason: Sendable, Hashable {
    /// The line's offer SKU maps to no catalogue product ("producto sin relación").
    case unmappedProduct(lineID: String, sku: String)
    /// A licence line's quantity is zero or negative.
    case invalidQuantity(lineID: String, sku: String, quantity: Int)
    /// The order's channel is not in `keyship.yaml`.
    case unknownChannel(String)
    /// The licence lines ask for more keys in total than one order may.
    case tooManyKeys(total: Int)
    /// The order was cancelled and its record closed, and now it is awaiting or paid again.
    case cancelledEarlier
}

/// An order keyship leaves alone in this run.
public struct IgnoredOrder: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// No line maps to a product with `digital_license: true`.
        case noLicenceLine
        /// No record exists and the order is not awaiting acceptance, awaiting payment or paid.
        case notServable(OrderState)
        /// A closed ledger record exists: the order was served (or cancelled) before.
        case alreadyRecorded
    }

    public var channel: String
    public var orderID: String
    public var marketplaceState: String
    public var reason: Reason

    public init(channel: String, orderID: String, marketplaceState: String, reason: Reason) {
        self.channel = channel
        self.orderID = orderID
        self.marketplaceState = marketplaceState
        self.reason = reason
    }
}

/// A row under `keys/` that the planner will not assign, with why.
public struct ExcludedKey: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// Another row under `keys/` has the same key id.
        case duplicateID
        /// A ledger record already contains a key with this id.
        case alreadySold(channel: String, orderID: String)
        /// The row contains the same licence key as the key `keyID` sold in `channel`/`orderID`,
        /// under another id or cell (a sold key imported again).
        case duplicateOfSold(channel: String, orderID: String, keyID: String)
        /// The row contains the same licence key as the row `keyID` under `keys/`, which is kept
        /// (the same key imported twice).
        case duplicateInStock(keyID: String)
    }

    public var product: String
    public var batch: String
    public var line: Int
    public var keyID: String
    public var reason: Reason

    public init(product: String, batch: String, line: Int, keyID: String, reason: Reason) {
        self.product = product
        self.batch = batch
        self.line = line
        self.keyID = keyID
        self.reason = reason
    }
}

/// Stock of one product in one warehouse after the plan's reservations.
///
/// `inStock` counts unexpired rows still under `keys/`. Part of it may be set aside for orders
/// that wait, and the rest is `available` to new orders. Stock sync
/// publishes `available`, so marketplaces do not sell keys that waiting orders will take.
public struct StockCount: Sendable, Hashable {
    public var product: String
    public var warehouse: String
    /// Unexpired keys that new orders can get.
    public var available: Int
    /// Unexpired keys kept for orders that wait (they are served first when stock arrives).
    public var setAside: Int
    /// Keys this plan reserves.
    public var reserved: Int
    /// Rows past their expiry date; never assigned and never counted as stock.
    public var expired: Int
    /// Unexpired rows that expire within the alert window (`alerts.expiring_within_days`).
    public var expiringSoon: Int
    /// The earliest expiry date among `expiringSoon` keys.
    public var firstExpiry: CivilDate?
    /// Orders that wait because this product lacks keys in this warehouse.
    public var waitingOrders: Int
    /// Keys those orders lack in total.
    public var missing: Int
    /// Whether a channel sells this product from this warehouse; stock alerts cover only these.
    public var isSold: Bool

    public init(
        product: String, warehouse: String, available: Int, setAside: Int = 0, reserved: Int = 0, expired: Int = 0,
        expiringSoon: Int = 0, firstExpiry: CivilDate? = nil, waitingOrders: Int = 0, missing: Int = 0,
        isSold: Bool
    ) {
        self.product = product
        self.warehouse = warehouse
        self.available = available
        self.setAside = setAside
        self.reserved = reserved
        self.expired = expired
        self.expiringSoon = expiringSoon
        self.firstExpiry = firstExpiry
        self.waitingOrders = waitingOrders
        self.missing = missing
        self.isSold = isSold
    }

    /// Unexpired rows still under `keys/` after the reservations.
    public var inStock: Int { available + setAside }

    public var pair: StockPair { StockPair(product: product, warehouse: warehouse) }
}
