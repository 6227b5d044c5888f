/// A condition operators are alerted about: sent once when it starts and once when it clears.
public struct AlertCondition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        /// No available, unexpired key of a product in a warehouse while orders wait for it.
        case stockOut = "stock_out"
        /// A product's available count in a warehouse is at or below its `low_stock` threshold.
        case lowStock = "low_stock"
        /// Available keys that expire within the configured number of days.
        case expiringSoon = "expiring_soon"
        /// An order whose delivery failed and will be retried.
        case deliveryError = "delivery_error"
        /// An order line whose offer SKU maps to no catalogue product ("producto sin relación").
        case unmappedProduct = "unmapped_product"

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var kind: Kind
    /// The thing the condition concerns, in a fixed form per kind: `<product>@<warehouse>` for stock
    /// and expiry, `<channel>/<order id>` for delivery errors, `<channel>/<sku>` for unmapped
    /// products.
    public var subject: String

    public init(kind: Kind, subject: String) {
        self.kind = kind
        self.subject = subject
    }

    public static func stock(_ kind: Kind, product: String, warehouse: String) -> AlertCondition {
        AlertCondition(kind: kind, subject: "\(product)@\(warehouse)")
    }

    public var description: String { "\(kind.rawValue) \(subject)" }

    public static func < (lhs: AlertCondition, rhs: AlertCondition) -> Bool {
        (lhs.kind, lhs.subject) < (rhs.kind, rhs.subject)
    }
}

/// A condition in effect, as kept in `ledger/alerts.yaml`.
public struct ActiveAlert: Sendable, Hashable {
    public var condition: AlertCondition
    public var since: Timestamp

    public init(condition: AlertCondition, since: Timestamp) {
        self.condition = condition
        self.since = since
    }
}

/// One alert that started or cleared in a run, with the figures behind it.
public struct AlertChange: Sendable, Hashable {
    public enum Event: String, Sendable, Hashable {
        case started
        case cleared
    }

    public var event: Event
    public var condition: AlertCondition
    /// The figures in English, such as `available=0 waiting_orders=3`; no key and no personal
    /// data.
    public var detail: String

    public init(event: Event, condition: AlertCondition, detail: String) {
        self.event = event
        self.condition = condition
        self.detail = detail
    }
}

/// The alerts a run sent to operators, kept under `ledger/notifications/`.
public struct NotificationRecord: Sendable, Hashable {
    public enum EmailStatus: String, Sendable, Hashable {
        case sent
        case failed
        /// The store has no alert e-mail settings.
        case notConfigured = "not_configured"
    }

    public var at: Timestamp
    public var run: String
    public var changes: [AlertChange]
    public var recipients: [String]
    public var emailStatus: EmailStatus
    /// The reason sending failed, when it did.
    public var emailError: String?

    public init(
        at: Timestamp, run: String, changes: [AlertChange], recipients: [String],
        emailStatus: EmailStatus, emailError: String? = nil
    ) {
        self.at = at
        self.run = run
        self.changes = changes
        self.recipients = recipients
        self.emailStatus = emailStatus
        self.emailError = emailError
    }
}
