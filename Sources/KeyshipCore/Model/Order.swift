/// A marketplace order as a channel reports it. Buyer details live only in memory: they are
/// used to render a message and never written to the store.
public struct Order: Sendable, Hashable {
    public var channel: String
    public var id: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp?
    public var state: OrderState
    /// The state exactly as the marketplace named it (`SHIPPING`, `paid`), for reports and logs.
    public var marketplaceState: String
    public var buyer: Buyer
    public var lines: [OrderLine]

    public init(
        channel: String, id: String, createdAt: Timestamp, updatedAt: Timestamp? = nil,
        state: OrderState, marketplaceState: String, buyer: Buyer = Buyer(), lines: [OrderLine]
    ) {
        self.channel = channel
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.state = state
        self.marketplaceState = marketplaceState
        self.buyer = buyer
        self.lines = lines
    }
}

/// Where an order stands, in keyship's terms; channels map their own states onto these.
public enum OrderState: Sendable, Hashable {
    /// The seller must accept or refuse it (Mirakl WAITING_ACCEPTANCE).
    case awaitingAcceptance
    /// Accepted, the buyer is not charged yet (Mirakl WAITING_DEBIT, WAITING_DEBIT_PAYMENT).
    case awaitingPayment
    /// Paid and waiting for the seller to ship: keys may be sent (Mirakl SHIPPING).
    case paid
    /// The seller confirmed shipment, or the order went further (SHIPPED, RECEIVED, CLOSED).
    case shipped
    /// Cancelled or refused before completion.
    case cancelled
    /// Any other state (STAGING, refunds, states added later): nothing is done.
    case other

    /// Keys may be sent only for paid orders: those waiting for shipment, and those the seller
    /// already shipped.
    public var isPaid: Bool { self == .paid || self == .shipped }
}

/// The buyer's details for one message; never stored.
public struct Buyer: Sendable, Hashable {
    /// Locale as the marketplace gives it, such as `es_ES` or `de-DE`.
    public var locale: String?
    public var name: String?
    public var email: String?

    public init(locale: String? = nil, name: String? = nil, email: String? = nil) {
        self.locale = locale
        self.name = name
        self.email = email
    }

    /// The language part of the locale, lower-cased (`es` for `es_ES`), when there is one.
    public var language: String? {
        guard let locale else { return nil }
        let code = locale.prefix { $0.isLetter }.lowercased()
        return code.isEmpty ? nil : code
    }
}

public struct OrderLine: Sendable, Hashable {
    /// The marketplace's line id, used when accepting line by line.
    public var id: String
    /// The seller's offer SKU, mapped to a product through the catalogue.
    public var sku: String
    public var quantity: Int
    public var title: String?

    public init(id: String, sku: String, quantity: Int, title: String? = nil) {
        self.id = id
        self.sku = sku
        self.quantity = quantity
        self.title = title
    }
}

/// Buyer details are personal data: printing a buyer, or an order that contains one, shows only
/// the locale.
extension Buyer: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "Buyer(locale: \(locale ?? "nil"), name: <redacted>, email: <redacted>)"
    }

    public var debugDescription: String { description }
}
