/// Everything the planner reads: the store tree at the run's commit, the orders pulled this run,
/// and the clock. The planner does no I/O, so the same input always gives the same plan.
public struct PlanInput: Sendable {
    public var config: StoreConfig
    public var catalog: Catalog
    /// Every row under `keys/`: all products and warehouses, expired rows included.
    public var stock: [StockKey]
    /// The orders pulled this run from every channel, in the order they were seen. The same
    /// order may appear more than once; see `OrderDeduplication`.
    public var orders: [Order]
    /// The ledger records of the pulled orders and every open record. At most one record per
    /// channel and order id is expected; when two are given, a closed one wins.
    public var records: [LedgerRecord]
    /// The alert conditions in effect before this run, from `ledger/alerts.yaml`.
    public var activeAlerts: [ActiveAlert]
    /// The channels whose orders this run pulled; nil means every configured channel.
    ///
    /// A run that serves only some channels (one CI job per channel) leaves the other channels'
    /// open records and unmapped-product alerts as they are.
    public var pulledChannels: Set<String>?
    /// The run id written into new ledger records, such as `2026-12-04T10-20-00Z-4821`.
    public var run: String
    public var now: Timestamp
    /// The calendar day of `now` in the store's time zone, which decides key expiry.
    public var today: CivilDate
    /// Rows under `keys/` that must not be assigned, by key id, with the reason to report. The
    /// fulfilment run fills this with keys whose licence key was sold before or is in stock twice,
    /// which only the decrypted keys can show.
    public var blockedKeys: [String: ExcludedKey.Reason]

    public init(
        config: StoreConfig, catalog: Catalog, stock: [StockKey], orders: [Order], records: [LedgerRecord],
        activeAlerts: [ActiveAlert], pulledChannels: Set<String>? = nil, run: String, now: Timestamp,
        today: CivilDate, blockedKeys: [String: ExcludedKey.Reason] = [:]
    ) {
        self.config = config
        self.catalog = catalog
        self.stock = stock
        self.orders = orders
        self.records = records
        self.activeAlerts = activeAlerts
        self.pulledChannels = pulledChannels
        self.run = run
        self.now = now
        self.today = today
        self.blockedKeys = blockedKeys
    }

    /// Returns whether this run pulled the channel's orders.
    func pulled(channel: String) -> Bool {
        pulledChannels?.contains(channel) ?? true
    }
}
