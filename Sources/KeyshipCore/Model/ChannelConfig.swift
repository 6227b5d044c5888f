/// One marketplace account: where orders come from and messages go.
public struct ChannelConfig: Sendable, Hashable {
    /// Unique name used in offers, templates and ledger paths, such as `pccomponentes`.
    public var name: String
    /// The warehouse whose keys this channel's sales consume.
    public var warehouse: String
    /// Default language of buyer messages when the buyer's locale has no template.
    public var language: String
    public var settings: ChannelSettings

    public init(name: String, warehouse: String, language: String, settings: ChannelSettings) {
        self.name = name
        self.warehouse = warehouse
        self.language = language
        self.settings = settings
    }

    public var kind: ChannelKind { settings.kind }
}

public enum ChannelKind: String, Sendable, Hashable, CaseIterable {
    case files
    case mirakl
}

/// Settings that depend on the channel's kind.
public enum ChannelSettings: Sendable, Hashable {
    case files(FilesChannelSettings)
    case mirakl(MiraklChannelSettings)

    public var kind: ChannelKind {
        switch self {
        case .files: .files
        case .mirakl: .mirakl
        }
    }
}

/// A channel fed by JSON order files, writing buyer messages as `.eml` files.
public struct FilesChannelSettings: Sendable, Hashable {
    /// Folder of `<order id>.json` files; relative paths resolve against the store's work tree.
    public var inbox: String
    /// Folder the messages and channel actions are written to; it must not be tracked by git.
    public var outbox: String

    public init(inbox: String, outbox: String) {
        self.inbox = inbox
        self.outbox = outbox
    }
}

/// A Mirakl seller account (PcComponentes, Carrefour, Fnac, MediaMarkt, Worten).
public struct MiraklChannelSettings: Sendable, Hashable {
    /// The operator's base URL, such as `https://example.mirakl.net`.
    public var baseURL: String
    /// Name of the environment variable holding the shop API key.
    public var apiKeyEnv: String
    /// Needed when one API key covers several shops.
    public var shopID: String?
    /// Some operators require tracking data (OR23) before shipping, even for digital goods.
    public var tracking: TrackingSettings?
    /// How far back order listings look for changes, in days.
    public var lookbackDays: Int
    /// Warehouse code sent with stock updates, when the operator uses Mirakl warehouses.
    public var stockWarehouseCode: String?

    public init(
        baseURL: String, apiKeyEnv: String, shopID: String? = nil, tracking: TrackingSettings? = nil,
        lookbackDays: Int = 30, stockWarehouseCode: String? = nil
    ) {
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.shopID = shopID
        self.tracking = tracking
        self.lookbackDays = lookbackDays
        self.stockWarehouseCode = stockWarehouseCode
    }
}

/// Tracking data sent before shipment for operators that require it.
public struct TrackingSettings: Sendable, Hashable {
    public var carrierName: String
    public var carrierURL: String?

    public init(carrierName: String, carrierURL: String? = nil) {
        self.carrierName = carrierName
        self.carrierURL = carrierURL
    }
}
