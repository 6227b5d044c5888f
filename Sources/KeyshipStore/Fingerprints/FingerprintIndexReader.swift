public import KeyshipCore

/// Reads the fingerprint index of sold keys (`FingerprintLayout`) from one snapshot, parsing
/// each shard file once.
public final class FingerprintIndexReader {
    public let snapshot: any StoreSnapshot
    private var shards: [String: [FingerprintEntry]] = [:]

    public init(snapshot: any StoreSnapshot) {
        self.snapshot = snapshot
    }

    /// Returns the text of `ledger/fingerprint-key.age`, or nil when the store has no index yet.
    public func keyFileText() throws -> String? {
        try snapshot.read(FingerprintLayout.keyFile).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Returns the entries of one shard file; none when the file does not exist.
    ///
    /// Throws `DiagnosticsError` when a line is damaged, because a lost line could let a sold key
    /// be sold again.
    public func shard(_ path: String) throws -> [FingerprintEntry] {
        if let known = shards[path] { return known }
        var entries: [FingerprintEntry] = []
        if let bytes = try snapshot.read(path) {
            let decoded = FingerprintShard.decode(bytes, path: path)
            guard !decoded.diagnostics.hasErrors else {
                throw DiagnosticsError(summary: FingerprintStoreMessage.indexDamaged(path), diagnostics: decoded.diagnostics.sorted)
            }
            entries = decoded.entries
        }
        shards[path] = entries
        return entries
    }

    /// Returns the sold keys with this fingerprint, sorted; usually none or one.
    public func entries(for fingerprint: String) throws -> [FingerprintEntry] {
        try shard(FingerprintLayout.shardPath(for: fingerprint)).filter { $0.fingerprint == fingerprint }
    }

    /// Returns the path of every shard file in the snapshot, sorted. Other files under
    /// `ledger/fingerprints/` (a channel of that name) are left out.
    public func shardPaths() throws -> [String] {
        var paths: [String] = []
        for folder in try snapshot.entries(in: FingerprintLayout.indexFolder) where folder.kind == .folder {
            let folderPath = "\(FingerprintLayout.indexFolder)/\(folder.name)"
            for file in try snapshot.entries(in: folderPath) where file.kind == .file {
                let path = "\(folderPath)/\(file.name)"
                if FingerprintLayout.isShardPath(path) { paths.append(path) }
            }
        }
        return paths
    }
}

extension FingerprintIndexEdit {
    /// Adds the edited shard files to `changes`, each read once from `reader`'s snapshot. A shard
    /// left empty is deleted.
    public func write(into changes: inout StoreChanges, reading reader: FingerprintIndexReader) throws {
        for path in shardPaths {
            let existing = try reader.shard(path)
            let entries = applied(to: existing, shard: path)
            if entries.isEmpty {
                if try reader.snapshot.read(path) != nil { changes.delete(path) }
            } else {
                changes.write(path, FingerprintShard.encode(entries))
            }
        }
    }
}

/// Builds a whole index at once, replacing every shard file the snapshot has.
public enum FingerprintIndexBuilder {
    /// Adds to `changes` one shard file per fingerprint prefix in `entries`, and deletes every
    /// other shard file of `reader`'s snapshot, which was computed with another key or is stale.
    public static func replace(with entries: [FingerprintEntry], reading reader: FingerprintIndexReader, into changes: inout StoreChanges) throws {
        var byShard: [String: [FingerprintEntry]] = [:]
        for entry in entries {
            byShard[FingerprintLayout.shardPath(for: entry.fingerprint), default: []].append(entry)
        }
        for path in try reader.shardPaths() where byShard[path] == nil {
            changes.delete(path)
        }
        for (path, shardEntries) in byShard {
            changes.write(path, FingerprintShard.encode(shardEntries))
        }
    }
}

/// Failures of the fingerprint index that reach the operator.
public enum FingerprintStoreMessage: LocalizedMessage, Hashable {
    case indexDamaged(String)

    public func text(in language: Language) -> String {
        switch self {
        case .indexDamaged(let path):
            language.pick(
                es: "el fichero \(path) del índice de huellas está dañado, así que no se puede comprobar qué claves se "
                    + "vendieron ya y no se ha asignado nada; recupéralo del historial de git:",
                en: "the fingerprint index file \(path) is damaged, so keyship cannot tell which keys were sold "
                    + "before and assigned nothing; restore it from git history:")
        }
    }
}
