/// The ledger record of one order: the keys keyship assigned and the outcome of every step.
///
/// Written only by keyship, one file per order: `ledger/<channel>/open/<order>.yaml` while work
/// remains, moved to `ledger/<channel>/<yyyy-mm>/<order>.yaml` (month of the order's creation)
/// once closed. No buyer's personal data is stored.
public struct LedgerRecord: Sendable, Hashable {
    public var channel: String
    public var orderID: String
    public var orderCreatedAt: Timestamp
    /// The run that reserved the keys.
    public var run: String
    public var reservedAt: Timestamp
    public var lines: [LedgerLine]
    public var acceptedAt: Timestamp?
    public var delivery: DeliveryRecord
    public var shipment: ShipmentRecord?
    public var invoice: InvoiceRecord?
    public var cancellation: CancellationRecord?
    /// The run working on the order's marketplace steps, so concurrent runs leave it alone.
    public var claim: RunClaim?
    /// Set when no work remains; the record then lives under its month folder.
    public var closedAt: Timestamp?

    public init(
        channel: String, orderID: String, orderCreatedAt: Timestamp, run: String, reservedAt: Timestamp,
        lines: [LedgerLine], acceptedAt: Timestamp? = nil, delivery: DeliveryRecord = DeliveryRecord(),
        shipment: ShipmentRecord? = nil, invoice: InvoiceRecord? = nil,
        cancellation: CancellationRecord? = nil, claim: RunClaim? = nil, closedAt: Timestamp? = nil
    ) {
        self.channel = channel
        self.orderID = orderID
        self.orderCreatedAt = orderCreatedAt
        self.run = run
        self.reservedAt = reservedAt
        self.lines = lines
        self.acceptedAt = acceptedAt
        self.delivery = delivery
        self.shipment = shipment
        self.invoice = invoice
        self.cancellation = cancellation
        self.claim = claim
        self.closedAt = closedAt
    }

    /// Every key assigned to the order, in line order.
    public var keys: [SoldKey] { lines.flatMap(\.keys) }

    public var isClosed: Bool { closedAt != nil }
}

public struct LedgerLine: Sendable, Hashable {
    public var lineID: String
    public var sku: String
    public var product: String
    public var quantity: Int
    public var keys: [SoldKey]

    public init(lineID: String, sku: String, product: String, quantity: Int, keys: [SoldKey]) {
        self.lineID = lineID
        self.sku = sku
        self.product = product
        self.quantity = quantity
        self.keys = keys
    }
}

/// A key row moved out of `keys/` into an order, still encrypted.
public struct SoldKey: Sendable, Hashable {
    public var row: KeyRow
    /// The batch file the row came from, so a cancellation can return it there.
    public var batch: String
    public var soldAt: Timestamp

    public init(row: KeyRow, batch: String, soldAt: Timestamp) {
        self.row = row
        self.batch = batch
        self.soldAt = soldAt
    }
}

/// The state of sending the keys to the buyer.
public struct DeliveryRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Keys reserved; the message is not sent yet (waiting for payment or for this run).
        case inProgress = "in_progress"
        /// The last attempt failed; the next run retries with the same keys.
        case error
        /// The buyer has the keys.
        case done
    }

    public var status: Status
    public var attempts: Int
    /// The last failure's reason, in English, with no key or personal data.
    public var lastError: String?
    public var lastAttemptAt: Timestamp?
    public var sentAt: Timestamp?
    /// The marketplace's id of the message (thread id, file name).
    public var messageID: String?
    /// The template language used, such as `es`; nil when no template was found.
    public var language: String?

    /// The time a failed delivery may be tried again: 1 minute after the first failure,
    /// doubling with each attempt up to one hour. A marketplace that is down is then not called,
    /// and committed to, on every run. Nil when the last attempt did not fail.
    public var nextRetry: Timestamp? {
        guard status == .error, let lastAttemptAt else { return nil }
        let doublings = min(max(attempts - 1, 0), 6)
        let delay = min(Int64(60) << Int64(doublings), 3600)
        return lastAttemptAt.adding(seconds: delay)
    }

    public init(
        status: Status = .inProgress, attempts: Int = 0, lastError: String? = nil,
        lastAttemptAt: Timestamp? = nil, sentAt: Timestamp? = nil, messageID: String? = nil,
        language: String? = nil
    ) {
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.lastAttemptAt = lastAttemptAt
        self.sentAt = sentAt
        self.messageID = messageID
        self.language = language
    }
}

public struct ShipmentRecord: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// keyship confirmed the shipment.
        case confirmed
        /// The order also has lines keyship does not fulfil, so the seller ships it.
        case leftToSeller = "left_to_seller"
        /// The marketplace reported the order shipped before keyship confirmed it.
        case alreadyShipped = "already_shipped"
    }

    public var outcome: Outcome
    public var at: Timestamp

    public init(outcome: Outcome, at: Timestamp) {
        self.outcome = outcome
        self.at = at
    }
}

public struct InvoiceRecord: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case attached
        /// No invoice appeared within the wait; the order was closed without one.
        case notFound = "not_found"
    }

    public var outcome: Outcome
    public var at: Timestamp
    /// The invoice's file name as uploaded (never its content).
    public var document: String?

    public init(outcome: Outcome, at: Timestamp, document: String? = nil) {
        self.outcome = outcome
        self.at = at
        self.document = document
    }
}

public struct CancellationRecord: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// Cancelled before delivery: the keys went back to stock.
        case returned
        /// Cancelled after delivery: the keys were seen by the buyer and are burned.
        case burned
    }

    public var outcome: Outcome
    public var at: Timestamp
    public var marketplaceState: String

    public init(outcome: Outcome, at: Timestamp, marketplaceState: String) {
        self.outcome = outcome
        self.at = at
        self.marketplaceState = marketplaceState
    }
}

/// A run's claim on an order's marketplace steps, written and pushed before any of them runs.
///
/// Push is the lock: of two runs that plan the same order, only one publishes its claim. The
/// other finds the claim after fetching and leaves the order alone until the claim expires, so
/// a later run can take over from a run that crashed.
public struct RunClaim: Sendable, Hashable {
    public var run: String
    public var at: Timestamp

    public init(run: String, at: Timestamp) {
        self.run = run
        self.at = at
    }

    /// How long a claim keeps other runs away: long enough for one run's deliveries, short enough
    /// that a crashed run's orders are picked up again within the quarter hour.
    public static let lease: Int64 = 15 * 60

    /// Returns true when the claim still keeps runs other than its own away at `now`.
    public func isActive(at now: Timestamp) -> Bool {
        now.secondsSinceEpoch < at.secondsSinceEpoch + Self.lease
    }
}
