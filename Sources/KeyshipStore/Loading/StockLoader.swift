public import KeyshipCore
import Synchronization

/// Reads the available stock: every row of every batch file under `keys/`.
public enum StockLoader {
    /// Loads the batch files of `products` (all products when nil), sorted by path.
    ///
    /// Files whose content id the cache has seen are not parsed again: a batch file's rows
    /// depend only on its bytes, so git's blob id is a safe key.
    public static func load(
        from snapshot: any StoreSnapshot, products: Set<String>? = nil, cache: BatchCache? = nil
    ) throws -> (keys: [StockKey], diagnostics: DiagnosticList) {
        var keys: [StockKey] = []
        var diagnostics = DiagnosticList()
        for productFolder in try snapshot.entries(in: StoreLayout.keysFolder) {
            let folder = "\(StoreLayout.keysFolder)/\(productFolder.name)"
            guard productFolder.kind == .folder else {
                diagnostics.error(at: SourceLocation(path: folder), StockLoadMessage.fileOutsideProductFolder)
                continue
            }
            if let products, !products.contains(productFolder.name) { continue }
            for entry in try snapshot.entries(in: folder) {
                let path = "\(folder)/\(entry.name)"
                guard entry.kind == .file, entry.name.hasSuffix(".csv") else {
                    if entry.name != ".gitkeep" {
                        diagnostics.error(at: SourceLocation(path: path), StockLoadMessage.notABatchFile)
                    }
                    continue
                }
                if let id = entry.contentID, let cached = cache?.batch(id: id, path: path) {
                    keys += cached
                    continue
                }
                guard let bytes = try snapshot.read(path) else { continue }
                let decoded = BatchFile.decode(bytes, path: path)
                diagnostics.append(contentsOf: decoded.diagnostics)
                if let id = entry.contentID, decoded.diagnostics.isEmpty {
                    cache?.store(decoded.keys, id: id, path: path)
                }
                keys += decoded.keys
            }
        }
        return (keys, diagnostics)
    }
}

/// Parsed batch files by git blob id, shared across the snapshots of one process (a run reads
/// the store again after every rejected push).
public final class BatchCache: Sendable {
    private struct Key: Hashable {
        var id: String
        var path: String
    }

    private let storage = Mutex<[Key: [StockKey]]>([:])

    public init() {}

    func batch(id: String, path: String) -> [StockKey]? {
        storage.withLock { $0[Key(id: id, path: path)] }
    }

    func store(_ keys: [StockKey], id: String, path: String) {
        storage.withLock { $0[Key(id: id, path: path)] = keys }
    }
}

public enum StockLoadMessage: LocalizedMessage, Hashable {
    case fileOutsideProductFolder
    case notABatchFile

    public func text(in language: Language) -> String {
        switch self {
        case .fileOutsideProductFolder:
            language.pick(
                es: "los ficheros de claves van en keys/<producto>/<lote>.csv; mueve este fichero a la carpeta de su producto",
                en: "key files belong in keys/<product>/<batch>.csv; move this file into its product's folder")
        case .notABatchFile:
            language.pick(
                es: "en keys/<producto>/ solo puede haber ficheros .csv de lotes de claves; quita este fichero",
                en: "keys/<product>/ may contain only .csv key batch files; remove this file")
        }
    }
}
