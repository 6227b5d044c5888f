/// One sales channel's API, as the fulfilment run uses it. Each channel kind implements it
/// (`files`, `mirakl`); fakes on loopback stand in for the real services in tests.
///
/// Methods are `async` because channels speak HTTP. Every method either succeeds or throws a
/// `KeyshipError`. A throwing step is recorded on the order and retried on the next run, so
/// implementations must make each call safe to repeat or check first (see `findSentMessage`).
public protocol Marketplace: AnyObject {
    var channel: ChannelConfig { get }

    /// Lists orders that need work: new orders awaiting acceptance or payment, paid orders, and
    /// the current state of `openOrders` (orders with an open ledger record), so cancellations
    /// are seen. An order the channel cannot read is reported in the batch's problems, not thrown,
    /// so one bad order never stops the others.
    func pullOrders(openOrders: [OpenOrderReference]) async throws -> OrderBatch

    /// Accepts every line of the order.
    func accept(_ order: Order) async throws

    /// Returns the message keyship already sent for this order, if the channel can tell; used
    /// before any re-send so a buyer gets one message.
    func findSentMessage(for order: Order, subject: String) async throws -> SentMessage?

    /// Sends the keys to the buyer.
    func send(_ message: BuyerMessage, for order: Order) async throws -> SentMessage

    /// Confirms shipment of the whole order.
    func confirmShipment(of order: Order) async throws

    /// Uploads the seller's invoice for the order.
    func attachInvoice(_ invoice: InvoiceDocument, to order: Order) async throws

    /// Publishes available stock per offer SKU.
    func pushStock(_ levels: [StockLevel]) async throws -> StockSyncResult

    /// Lists the channel's offers, for finding those mapped to no product.
    func listOffers() async throws -> [Offer]
}

/// A channel whose buyer messages are written to a folder on this machine. The folder contains
/// plaintext keys, so the run checks that git does not track it.
public protocol OutboxChannel {
    var outboxPath: String { get }
}

/// The orders a channel listed, and the ones it could not read.
public struct OrderBatch: Sendable {
    public var orders: [Order]
    /// Orders skipped because their data is invalid, each naming the order or file and the
    /// problem.
    public var problems: [Diagnostic]

    public init(orders: [Order], problems: [Diagnostic] = []) {
        self.orders = orders
        self.problems = problems
    }
}

/// An order keyship has an open ledger record for.
public struct OpenOrderReference: Sendable, Hashable {
    public var id: String
    public var createdAt: Timestamp

    public init(id: String, createdAt: Timestamp) {
        self.id = id
        self.createdAt = createdAt
    }
}

/// A rendered message for a buyer. Its body contains plaintext keys, so it is never logged or
/// printed; its description leaves the body out.
public struct BuyerMessage: Sendable, CustomStringConvertible {
    public var subject: String
    public var body: String
    public var attachments: [MessageAttachment]
    /// The template language used, or nil when no template was found.
    public var language: String?

    public init(subject: String, body: String, attachments: [MessageAttachment], language: String?) {
        self.subject = subject
        self.body = body
        self.attachments = attachments
        self.language = language
    }

    public var description: String {
        "BuyerMessage(subject: \(subject), attachments: \(attachments.map(\.fileName)), body: <redacted>)"
    }
}

public struct MessageAttachment: Sendable, Hashable {
    public var fileName: String
    public var contentType: String
    public var data: [UInt8]

    public init(fileName: String, contentType: String, data: [UInt8]) {
        self.fileName = fileName
        self.contentType = contentType
        self.data = data
    }
}

public struct SentMessage: Sendable, Hashable {
    /// The channel's id for the message (Mirakl thread id, `.eml` file name).
    public var id: String
    public var sentAt: Timestamp?

    public init(id: String, sentAt: Timestamp? = nil) {
        self.id = id
        self.sentAt = sentAt
    }
}

public struct InvoiceDocument: Sendable, Hashable {
    public var fileName: String
    public var data: [UInt8]

    public init(fileName: String, data: [UInt8]) {
        self.fileName = fileName
        self.data = data
    }
}

/// Available, unexpired keys for one offer.
public struct StockLevel: Sendable, Hashable {
    public var sku: String
    public var product: String
    public var quantity: Int

    public init(sku: String, product: String, quantity: Int) {
        self.sku = sku
        self.product = product
        self.quantity = quantity
    }
}

public struct StockSyncResult: Sendable, Hashable {
    /// The channel's id for the update (Mirakl import id, file name).
    public var reference: String?
    /// Offers the channel rejected, with its reason.
    public var rejected: [String: String]

    public init(reference: String? = nil, rejected: [String: String] = [:]) {
        self.reference = reference
        self.rejected = rejected
    }
}

public struct Offer: Sendable, Hashable {
    public var sku: String
    public var title: String?
    public var quantity: Int?
    public var active: Bool

    public init(sku: String, title: String? = nil, quantity: Int? = nil, active: Bool = true) {
        self.sku = sku
        self.title = title
        self.quantity = quantity
        self.active = active
    }
}
