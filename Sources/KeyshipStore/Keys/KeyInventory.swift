public import KeyshipCore

/// Every licence key in a snapshot of the store: the available rows under `keys/` and the keys
/// sold in ledger records. Cells stay encrypted.
public struct KeyInventory: Sendable {
    /// Rows of every batch file, in path and line order.
    public let available: [StockKey]
    /// Keys in ledger records, except those a cancellation returned to stock (they are rows
    /// under `keys/` again).
    public let sold: [SoldKeyEntry]
    /// Problems found while reading batch files and ledger records.
    public let diagnostics: DiagnosticList
    /// Batch files with at least one problem: rewriting one of them would drop its bad rows.
    public let damagedBatches: Set<String>

    /// Rows by key id, and the first sold entry of each id, so looking up many ids stays fast.
    private let availableByID: [String: [StockKey]]
    private let soldByID: [String: SoldKeyEntry]

    public init(available: [StockKey], sold: [SoldKeyEntry], diagnostics: DiagnosticList = DiagnosticList()) {
        self.available = available
        self.sold = sold
        self.diagnostics = diagnostics
        damagedBatches = Set(diagnostics.errors.compactMap { diagnostic in
            diagnostic.location.flatMap { BatchFile.productID(fromBatchPath: $0.path) == nil ? nil : $0.path }
        })
        availableByID = Dictionary(grouping: available, by: \.row.id)
        soldByID = Dictionary(sold.map { ($0.key.row.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads every batch file and ledger record of `snapshot`.
    public static func load(from snapshot: any StoreSnapshot) throws -> KeyInventory {
        let stock = try StockLoader.load(from: snapshot)
        let ledger = try LedgerReader(snapshot: snapshot).allRecords()
        var sold: [SoldKeyEntry] = []
        for (path, record) in ledger.records where record.cancellation?.outcome != .returned {
            for line in record.lines {
                for key in line.keys {
                    sold.append(SoldKeyEntry(
                        product: line.product, channel: record.channel, orderID: record.orderID, key: key,
                        delivery: record.delivery, recordPath: path))
                }
            }
        }
        var diagnostics = stock.diagnostics
        diagnostics.append(contentsOf: ledger.diagnostics)
        return KeyInventory(available: stock.keys, sold: sold, diagnostics: diagnostics)
    }


    /// Finds a key by id: available rows first, because `keys/` contains exactly what may still be
    /// edited or deleted, then the ledger.
    public func locate(_ id: String) -> KeyLocation {
        let rows = availableByID[id] ?? []
        if rows.count == 1 { return .available(rows[0]) }
        if rows.count > 1 { return .availableMoreThanOnce(rows) }
        if let entry = soldByID[id] { return .sold(entry) }
        return .unknown
    }
}

/// The place a key id was found.
public enum KeyLocation: Sendable {
    case available(StockKey)
    /// The id is on several rows under `keys/`, which `keyship check` reports; none may be
    /// changed until only one is left.
    case availableMoreThanOnce([StockKey])
    case sold(SoldKeyEntry)
    case unknown
}

/// A key in an order's ledger record, with the order it went to.
public struct SoldKeyEntry: Sendable, Hashable {
    public var product: String
    public var channel: String
    public var orderID: String
    /// The row as it left `keys/`, with its batch and sale time.
    public var key: SoldKey
    /// The order's delivery state: one message carries every key of the order.
    public var delivery: DeliveryRecord
    public var recordPath: String

    public init(
        product: String, channel: String, orderID: String, key: SoldKey, delivery: DeliveryRecord, recordPath: String
    ) {
        self.product = product
        self.channel = channel
        self.orderID = orderID
        self.key = key
        self.delivery = delivery
        self.recordPath = recordPath
    }
}
