/// Where the fingerprint index of sold keys lives in the store.
///
/// The index lets the fulfilment run find out whether a licence key was sold before, even when
/// it came back into `keys/` under a new id and a new cell. Every sold key's fingerprint (see
/// `FingerprintKey` in KeyshipCrypto) is listed in one small shard file, chosen by the first
/// four hex digits of the fingerprint, so a lookup reads one file whatever the size of history.
///
/// - `ledger/fingerprint-key.age`: the secret the fingerprints are computed with, as one line of
///   base64 (an age file sealed to the store's recipients, like a key cell).
/// - `ledger/fingerprints/<hex[0..2]>/<hex[2..4]>.txt`: one line per sold key, sorted:
///   `<fingerprint> <channel>/<order id> <key id>`.
public enum FingerprintLayout {
    public static let keyFile = "ledger/fingerprint-key.age"
    public static let indexFolder = "ledger/fingerprints"

    /// The number of hex digits in a fingerprint (HMAC-SHA-256 is 32 bytes).
    public static let fingerprintLength = 64

    /// Returns the shard file that lists `fingerprint`.
    public static func shardPath(for fingerprint: String) -> String {
        let digits = Array(fingerprint.utf8)
        precondition(digits.count >= 4, "a fingerprint has \(fingerprintLength) hex digits")
        let folder = String(decoding: digits[0..<2], as: UTF8.self)
        let file = String(decoding: digits[2..<4], as: UTF8.self)
        return "\(indexFolder)/\(folder)/\(file).txt"
    }

    /// Returns true for a path of the form `ledger/fingerprints/<hh>/<hh>.txt`.
    ///
    /// Only such files belong to the index. A channel may be named `fingerprints`, and its
    /// records (`ledger/fingerprints/open/...`) must never be taken for shards.
    public static func isShardPath(_ path: String) -> Bool {
        let prefix = indexFolder + "/"
        guard path.hasPrefix(prefix) else { return false }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].hasSuffix(".txt") else { return false }
        return isLowerHex(parts[0]) && parts[0].count == 2 && isLowerHex(parts[1].dropLast(4)) && parts[1].count == 6
    }

    /// Returns true for 64 lower-case hex digits.
    public static func isFingerprint(_ text: some StringProtocol) -> Bool {
        text.utf8.count == fingerprintLength && isLowerHex(text)
    }

    private static func isLowerHex(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// One line of the index: a sold key's fingerprint, the order it was sold in, and its id.
///
/// The order id and the key id are written in the form `StoreLayout.fileName(forOrderID:)`
/// gives them, so every line has exactly three space-separated fields whatever characters the
/// ids contain. Channel names cannot contain `/` or spaces.
public struct FingerprintEntry: Sendable, Hashable, Comparable {
    public var fingerprint: String
    public var channel: String
    public var orderID: String
    public var keyID: String

    public init(fingerprint: String, channel: String, orderID: String, keyID: String) {
        self.fingerprint = fingerprint
        self.channel = channel
        self.orderID = orderID
        self.keyID = keyID
    }

    /// Parses one line; returns nil when it does not have the index's form.
    public init?(line: some StringProtocol) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3, FingerprintLayout.isFingerprint(fields[0]),
              let slash = fields[1].firstIndex(of: "/"),
              case let channel = fields[1][..<slash], !channel.isEmpty,
              let orderID = StoreLayout.orderID(fromFileName: String(fields[1][fields[1].index(after: slash)...])),
              !orderID.isEmpty,
              let keyID = StoreLayout.orderID(fromFileName: String(fields[2])), !keyID.isEmpty
        else { return nil }
        self.init(fingerprint: String(fields[0]), channel: String(channel), orderID: orderID, keyID: keyID)
    }

    /// The line as written in a shard file, without the line break.
    public var line: String {
        "\(fingerprint) \(channel)/\(StoreLayout.fileName(forOrderID: orderID)) \(StoreLayout.fileName(forOrderID: keyID))"
    }

    /// `channel/order`, as operators name an order.
    public var order: String { "\(channel)/\(orderID)" }

    public static func < (lhs: FingerprintEntry, rhs: FingerprintEntry) -> Bool {
        lhs.line < rhs.line
    }
}

/// Reads and writes one shard file of the index.
public enum FingerprintShard {
    /// Decodes a shard file. Lines that do not have the index's form are reported, never skipped
    /// silently, because a lost line could let a sold key be sold again.
    public static func decode(_ bytes: [UInt8], path: String) -> (entries: [FingerprintEntry], diagnostics: DiagnosticList) {
        var entries: [FingerprintEntry] = []
        var diagnostics = DiagnosticList()
        let text = String(decoding: bytes, as: UTF8.self)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            if let entry = FingerprintEntry(line: line), FingerprintLayout.shardPath(for: entry.fingerprint) == path {
                entries.append(entry)
            } else {
                diagnostics.error(at: SourceLocation(path: path, line: index + 1), FingerprintIndexMessage.invalidLine)
            }
        }
        return (entries, diagnostics)
    }

    /// Encodes entries as a shard file: sorted, without repeats, one line each.
    public static func encode(_ entries: [FingerprintEntry]) -> String {
        Set(entries).sorted().map { $0.line + "\n" }.joined()
    }
}

/// Lines to add to and remove from the index, grouped by shard file.
public struct FingerprintIndexEdit: Sendable {
    private var additions: [String: [FingerprintEntry]] = [:]
    private var removals: [String: Set<FingerprintEntry>] = [:]

    public init() {}

    public var isEmpty: Bool { additions.isEmpty && removals.isEmpty }

    /// The shard files the edit touches, sorted.
    public var shardPaths: [String] { Set(additions.keys).union(removals.keys).sorted() }

    public mutating func add(_ entry: FingerprintEntry) {
        additions[FingerprintLayout.shardPath(for: entry.fingerprint), default: []].append(entry)
    }

    /// Removes the line that matches `entry` in every field; other lines with the same
    /// fingerprint (the same key sold in another order) stay.
    public mutating func remove(_ entry: FingerprintEntry) {
        removals[FingerprintLayout.shardPath(for: entry.fingerprint), default: []].insert(entry)
    }

    /// Returns the shard's entries after the edit; removals apply before additions.
    public func applied(to existing: [FingerprintEntry], shard path: String) -> [FingerprintEntry] {
        let removed = removals[path] ?? []
        return Array(Set(existing.filter { !removed.contains($0) } + (additions[path] ?? []))).sorted()
    }
}

/// Findings about the index's files.
public enum FingerprintIndexMessage: LocalizedMessage, Hashable {
    case invalidLine

    public func text(in language: Language) -> String {
        switch self {
        case .invalidLine:
            language.pick(
                es: "línea no válida en el índice de huellas de claves vendidas, que solo escribe keyship; "
                    + "recupera el fichero del historial de git",
                en: "invalid line in the fingerprint index of sold keys, which only keyship writes; "
                    + "restore the file from git history")
        }
    }
}
