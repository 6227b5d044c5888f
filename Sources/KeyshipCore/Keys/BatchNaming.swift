/// Names for import batches and the key ids inside them.
///
/// A batch file is `keys/<product>/<yyyymmdd>-<hhmmss>-<token>.csv`, and its keys are
/// `<token>-<n>` with `n` zero-padded to the same width, so sorting ids keeps file order and
/// keys imported in the same second are assigned in the order of the spreadsheet.
public struct BatchName: Sendable, Hashable {
    /// Eight Crockford base32 characters (40 random bits): two imports picking the same token is
    /// unlikely, and `keyship check` reports duplicate ids if it ever happens.
    public var token: String
    public var createdAt: Timestamp

    /// Lower-case Crockford base32: no i, l, o or u, so ids read aloud without confusion.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    public init(createdAt: Timestamp, using generator: inout some RandomNumberGenerator) {
        self.createdAt = createdAt
        token = String((0..<8).map { _ in Self.alphabet[Int.random(in: 0..<32, using: &generator)] })
    }

    /// The file name without `.csv`.
    public var name: String {
        let date = createdAt.utcDate
        let secondOfDay = Int(createdAt.secondsSinceEpoch - Int64(date.daysSinceEpoch) * 86_400)
        let compactDate = CivilDate.pad(date.year, 4) + CivilDate.pad(date.month, 2) + CivilDate.pad(date.day, 2)
        let time = CivilDate.pad(secondOfDay / 3600, 2) + CivilDate.pad(secondOfDay / 60 % 60, 2)
            + CivilDate.pad(secondOfDay % 60, 2)
        return "\(compactDate)-\(time)-\(token)"
    }

    /// Returns the store path of this batch for `product`.
    public func path(product: String) -> String {
        StoreLayout.batchFile(product: product, batch: name)
    }

    /// Returns the ids of a batch of `count` keys, in row order.
    public func keyIDs(count: Int) -> [String] {
        let width = max(4, String(count).count)
        return (1...max(count, 1)).prefix(count).map { "\(token)-\(CivilDate.pad($0, width))" }
    }
}
