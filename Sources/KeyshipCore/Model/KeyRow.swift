/// One licence key as stored in a batch file's row: metadata in clear, the key itself an age
/// file in base64.
public struct KeyRow: Sendable, Hashable {
    /// Stable, unique, non-secret id assigned at import.
    public var id: String
    /// When the key entered the store; keys are assigned oldest first, ties broken by id.
    public var createdAt: Timestamp
    /// The owner of the licence.
    public var company: String
    /// Warehouse code; a channel's sales consume only its own warehouse's keys.
    public var warehouse: String
    /// Last day the key may be sold; nil when it does not expire.
    public var expiresOn: CivilDate?
    /// Path of a document inside the store that travels with this key.
    public var attachment: String?
    /// The key's age file, single-line standard base64. Never plaintext.
    public var cell: String

    public init(
        id: String, createdAt: Timestamp, company: String, warehouse: String,
        expiresOn: CivilDate? = nil, attachment: String? = nil, cell: String
    ) {
        self.id = id
        self.createdAt = createdAt
        self.company = company
        self.warehouse = warehouse
        self.expiresOn = expiresOn
        self.attachment = attachment
        self.cell = cell
    }

    /// True when the key may still be sold on `today` (the expiry day itself included).
    public func isValid(on today: CivilDate) -> Bool {
        guard let expiresOn else { return true }
        return expiresOn >= today
    }

    /// The assignment order: oldest first, ties broken by id.
    public static func assignmentOrder(_ lhs: KeyRow, _ rhs: KeyRow) -> Bool {
        lhs.createdAt == rhs.createdAt ? lhs.id < rhs.id : lhs.createdAt < rhs.createdAt
    }

    /// Batch files' header row, in column order.
    public static let columns = ["id", "created_at", "company", "warehouse", "expires_on", "attachment", "key"]
}

/// A key available in stock, with the product and batch file it belongs to.
public struct StockKey: Sendable, Hashable {
    public var product: String
    /// Store path of the batch file, such as `keys/office-2021-pro/20261204-a7k2qm.csv`.
    public var batch: String
    /// 1-based line of the row in the batch file.
    public var line: Int
    public var row: KeyRow

    public init(product: String, batch: String, line: Int, row: KeyRow) {
        self.product = product
        self.batch = batch
        self.line = line
        self.row = row
    }
}
