/// Names for import batches and the key ids inside them.
///
/// An import of up to `ImportBatches.maximumKeysPerFile` keys is one file
/// `keys/<product>/<yyyymmdd>-<hhmmss>-<token>.csv`. A larger import is split into files
/// `<yyyymmdd>-<hhmmss>-<token>-<part>.csv` that share the token, with the part number
/// zero-padded so the file names sort in import order.
///
/// Every key of one import gets the id `<token>-<n>`. The number `n` counts rows across all the
/// import's files and is zero-padded to one width, so sorting ids keeps the spreadsheet's order
/// within each file and across the files. Keys imported in the same second are therefore
/// assigned in spreadsheet order.
public struct BatchName: Sendable, Hashable {
    /// Eight Crockford base32 characters (40 random bits): two imports picking the same token is
    /// unlikely, and `keyship check` reports duplicate ids if it ever happens.
    public var token: String
    public var createdAt: Timestamp
    /// The file's place among the files of one import; nil when the import is one file.
    public var part: Part?

    /// A file's 1-based number among the `count` files of one import.
    public struct Part: Sendable, Hashable {
        public var number: Int
        public var count: Int

        public init(number: Int, count: Int) {
            self.number = number
            self.count = count
        }
    }

    /// Lower-case Crockford base32: no i, l, o or u, so ids read aloud without confusion.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    public init(createdAt: Timestamp, using generator: inout some RandomNumberGenerator) {
        self.init(token: String((0..<8).map { _ in Self.alphabet[Int.random(in: 0..<32, using: &generator)] }),
                  createdAt: createdAt)
    }

    public init(token: String, createdAt: Timestamp, part: Part? = nil) {
        self.token = token
        self.createdAt = createdAt
        self.part = part
    }

    /// The file name without `.csv`.
    public var name: String {
        let date = createdAt.utcDate
        let secondOfDay = Int(createdAt.secondsSinceEpoch - Int64(date.daysSinceEpoch) * 86_400)
        let compactDate = CivilDate.pad(date.year, 4) + CivilDate.pad(date.month, 2) + CivilDate.pad(date.day, 2)
        let time = CivilDate.pad(secondOfDay / 3600, 2) + CivilDate.pad(secondOfDay / 60 % 60, 2)
            + CivilDate.pad(secondOfDay % 60, 2)
        var name = "\(compactDate)-\(time)-\(token)"
        if let part {
            name += "-" + CivilDate.pad(part.number, max(2, String(part.count).count))
        }
        return name
    }

    /// Returns the store path of this batch for `product`.
    public func path(product: String) -> String {
        StoreLayout.batchFile(product: product, batch: name)
    }
}

/// The batch files one import is split into, and the ids of its keys.
public struct ImportBatches: Sendable, Hashable {
    /// The maximum number of keys in one batch file.
    ///
    /// Every sale rewrites the batch files it takes keys from, and git stores each rewrite as a
    /// new zlib-compressed object holding the whole file. A row takes about 350 bytes, or about
    /// 190 bytes compressed (measured on a 1,000-key import of 23-character keys), so a sale from
    /// a 20,000-key file adds about 4 MB to the repository and a sale from a 1,000-key file about
    /// 190 KB. Smaller files would mean more files per product folder for little gain.
    public static let maximumKeysPerFile = 1_000

    /// The token every file and key id of the import shares.
    public var token: String
    public var createdAt: Timestamp
    public var keyCount: Int

    /// Picks a random token for an import of `keyCount` keys.
    public init(keyCount: Int, createdAt: Timestamp, using generator: inout some RandomNumberGenerator) {
        let token = BatchName(createdAt: createdAt, using: &generator).token
        self.init(token: token, createdAt: createdAt, keyCount: keyCount)
    }

    public init(token: String, createdAt: Timestamp, keyCount: Int) {
        self.token = token
        self.createdAt = createdAt
        self.keyCount = keyCount
    }

    /// Returns how many files an import of `keyCount` keys is split into.
    public static func fileCount(keyCount: Int) -> Int {
        (keyCount + maximumKeysPerFile - 1) / maximumKeysPerFile
    }

    /// The import's files in order, each with the range of row positions (0-based, in
    /// spreadsheet order) it holds. An import of no key has no file.
    public var files: [(batch: BatchName, rows: Range<Int>)] {
        let size = Self.maximumKeysPerFile
        let count = Self.fileCount(keyCount: keyCount)
        return (0..<count).map { index in
            let part = count == 1 ? nil : BatchName.Part(number: index + 1, count: count)
            let rows = (index * size)..<min(keyCount, (index + 1) * size)
            return (BatchName(token: token, createdAt: createdAt, part: part), rows)
        }
    }

    /// Returns the store paths of the import's files for `product`, in order.
    public func paths(product: String) -> [String] {
        files.map { $0.batch.path(product: product) }
    }

    /// The ids of the import's keys in row order: `<token>-<n>` with `n` from 1, zero-padded to
    /// at least four digits and to the width of the largest number.
    public var keyIDs: [String] {
        let width = max(4, String(keyCount).count)
        return (0..<keyCount).map { "\(token)-\(CivilDate.pad($0 + 1, width))" }
    }
}
