/// The store's settings from `keyship.yaml`. Secrets are never here: channels and alerts name
/// the environment variables that hold them.
public struct StoreConfig: Sendable, Hashable {
    public var seller: Seller
    /// The operator's language for reports and errors, unless `--lang` or the environment sets
    /// another.
    public var language: Language
    /// IANA zone for operator dates and for deciding which calendar day it is when checking
    /// expiry; `Europe/Madrid` unless set.
    public var timeZone: String
    /// age recipients (`age1...`) that every key cell is encrypted to.
    public var recipients: [String]
    public var warehouses: [Warehouse]
    public var channels: [ChannelConfig]
    public var alerts: AlertSettings?
    public var invoices: InvoiceSettings?
    /// The author of the fulfilment run's commits.
    public var bot: CommitIdentity

    public init(
        seller: Seller,
        language: Language = .es,
        timeZone: String = "Europe/Madrid",
        recipients: [String],
        warehouses: [Warehouse],
        channels: [ChannelConfig],
        alerts: AlertSettings? = nil,
        invoices: InvoiceSettings? = nil,
        bot: CommitIdentity = .defaultBot
    ) {
        self.seller = seller
        self.language = language
        self.timeZone = timeZone
        self.recipients = recipients
        self.warehouses = warehouses
        self.channels = channels
        self.alerts = alerts
        self.invoices = invoices
        self.bot = bot
    }

    public func channel(named name: String) -> ChannelConfig? {
        channels.first { $0.name == name }
    }

    public func warehouse(code: String) -> Warehouse? {
        warehouses.first { $0.code == code }
    }
}

public struct Seller: Sendable, Hashable {
    public var name: String
    public var taxID: String?
    public var email: String?

    public init(name: String, taxID: String? = nil, email: String? = nil) {
        self.name = name
        self.taxID = taxID
        self.email = email
    }
}

public struct Warehouse: Sendable, Hashable {
    /// Short code used in key rows and channel settings, such as `MAD`.
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A name and e-mail address that commits are written under.
public struct CommitIdentity: Sendable, Hashable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    public static let defaultBot = CommitIdentity(name: "keyship", email: "keyship@localhost")
}

/// The recipients and mail server of operator alerts.
public struct AlertSettings: Sendable, Hashable {
    /// Addresses that receive alert e-mails.
    public var email: [String]
    /// Keys expiring within this many days raise an "expiring soon" alert.
    public var expiringWithinDays: Int
    public var smtp: SMTPSettings?

    /// The expiry alert window when `keyship.yaml` sets none, or has no `alerts` section.
    public static let defaultExpiringWithinDays = 30

    public init(email: [String], expiringWithinDays: Int = defaultExpiringWithinDays, smtp: SMTPSettings? = nil) {
        self.email = email
        self.expiringWithinDays = expiringWithinDays
        self.smtp = smtp
    }
}

public struct SMTPSettings: Sendable, Hashable {
    public enum Security: String, Sendable, Hashable {
        /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption; accepted only for servers on loopback.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// Sender address; the seller's e-mail when not set.
    public var from: String?
    /// Names of the environment variables holding the credentials, when the server needs them.
    public var userEnv: String?
    public var passwordEnv: String?
    /// A CA bundle to trust for this server, for servers with a private certificate.
    public var caFile: String?

    public init(
        host: String, port: Int, security: Security, from: String? = nil,
        userEnv: String? = nil, passwordEnv: String? = nil, caFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.from = from
        self.userEnv = userEnv
        self.passwordEnv = passwordEnv
        self.caFile = caFile
    }
}

/// The folder the seller's invoicing system leaves invoices in: `<folder>/<channel>/<order id>.pdf`.
public struct InvoiceSettings: Sendable, Hashable {
    /// Folder outside the store (invoices carry buyers' personal data); relative paths resolve
    /// against the store's work tree.
    public var folder: String
    /// How long a delivered order stays open waiting for its invoice before it is closed without
    /// one.
    public var waitDays: Int

    public init(folder: String, waitDays: Int = 14) {
        self.folder = folder
        self.waitDays = waitDays
    }
}
