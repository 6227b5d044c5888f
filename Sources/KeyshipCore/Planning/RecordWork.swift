/// The next steps for one order that has an open ledger record.
///
/// The orchestrator runs `steps` in order and stops at the first step that fails or cannot
/// finish yet (an invoice that is not there while `.attachInvoice(ifMissing: .wait)`), so
/// `.close` runs only when every step before it finished. A failed step is recorded on the
/// order and planned again by the next run.
public struct RecordWork: Sendable, Hashable {
    public var record: LedgerRecord
    /// The order's current state from this run's pull; nil when the channel did not list it.
    public var order: Order?
    public var steps: [RecordStep]
    /// The reason the record stays open with no further step in this run, if it does.
    public var wait: RecordWait?

    public init(record: LedgerRecord, order: Order?, steps: [RecordStep], wait: RecordWait?) {
        self.record = record
        self.order = order
        self.steps = steps
        self.wait = wait
    }

    public var channel: String { record.channel }
    public var orderID: String { record.orderID }
}

/// One thing to do for an order with an open record. Steps that call the marketplace need the
/// pulled `Order`, so they are planned only when the channel listed it this run.
public enum RecordStep: Sendable, Hashable {
    /// Accept every line of the order on the marketplace, then record `acceptedAt`.
    case accept
    /// Send the record's keys to the buyer: always the same keys, never new ones.
    ///
    /// `attempt` counts from 1. When `checkSentFirst` is true an earlier attempt may have
    /// reached the buyer (an error or a crash after sending), so the orchestrator queries the
    /// channel for a message already sent before sending again.
    case deliver(attempt: Int, checkSentFirst: Bool)
    /// Confirm shipment on the marketplace, then record it as confirmed.
    case confirmShipment
    /// Record a shipment outcome that needs no marketplace call.
    case recordShipment(ShipmentRecord.Outcome)
    /// Upload the seller's invoice when the invoicing system has left it in the invoice folder.
    case attachInvoice(ifMissing: MissingInvoice)
    /// Write the keys back to the batch files they came from (cancelled before delivery), and
    /// record the cancellation as `returned`.
    case returnKeys([KeyReturn])
    /// Record the cancellation as `burned`: the buyer may have seen these keys, so they never
    /// return to stock. Holds the key ids.
    case burnKeys([String])
    /// Set `closedAt` and move the record to its month folder.
    case close

    /// The action when the invoice is not in the invoice folder.
    public enum MissingInvoice: Sendable, Hashable {
        /// Keep the record open and look again on the next run.
        case wait
        /// The wait (`invoices.wait_days` after delivery) is over: record `not_found` and go on.
        case recordNotFound
    }
}

/// Keys that go back to one batch file.
public struct KeyReturn: Sendable, Hashable {
    public var product: String
    /// Store path of the batch file the rows came from.
    public var batch: String
    /// The rows, still encrypted, in assignment order.
    public var rows: [KeyRow]

    public init(product: String, batch: String, rows: [KeyRow]) {
        self.product = product
        self.batch = batch
        self.rows = rows
    }
}

/// The reason an open record has nothing more to do in this run.
public enum RecordWait: Sendable, Hashable {
    /// Keys go out only once the marketplace reports the order paid.
    case payment
    /// The order also has lines keyship does not fulfil, so the seller accepts it.
    case sellerAcceptance
    /// The channel did not list the order this run.
    case orderNotListed
    /// This run did not pull the order's channel.
    case channelNotPulled
    /// The marketplace reports the order shipped, but keyship never delivered its keys.

    /// The order's licence lines changed after keys were reserved for it (a quantity, a line
    /// added or removed): a person must cancel and recreate it, or restore its lines.
    case orderChanged
    /// The order is in a state keyship does not act on (the marketplace's name for it).
    case unexpectedState(String)
    /// The order is delivered; it stays open until the seller's invoice appears in the invoice
    /// folder (or `invoices.wait_days` pass).
    case invoice
    /// Another run claimed the order's steps and its claim has not expired.
    case claimed(run: String)
    /// The last delivery failed; the next attempt waits until this time (see
    /// `DeliveryRecord.nextRetry`).
    case retryAt(Timestamp)

    /// True for waits a person should look at; the others resolve by themselves.
    public var needsAttention: Bool {
        switch self {
        case .payment, .sellerAcceptance, .channelNotPulled, .invoice, .claimed, .retryAt: false
        case .orderNotListed, .orderChanged, .unexpectedState: true
        }
    }
}
