import KeyshipCore
import KeyshipStore

/// The counts of an import: how many keys of which product go to which warehouses, for the
/// operator's message and the commit message.
struct ImportSummary {
    var product: String
    /// The file the keys came from, as the operator named it.
    var source: String
    /// Keys per warehouse, in the order of `keyship.yaml`.
    var perWarehouse: [(code: String, count: Int)]
    /// How many stored keys the import was compared with; nil when the check was skipped.
    var comparedWith: Int?

    init(product: String, source: String, rows: [KeyImport.Row], config: StoreConfig, comparedWith: Int?) {
        self.product = product
        self.source = source
        var counts: [String: Int] = [:]
        for row in rows { counts[row.warehouse, default: 0] += 1 }
        perWarehouse = config.warehouses.compactMap { warehouse in
            counts[warehouse.code].map { (warehouse.code, $0) }
        }
        self.comparedWith = comparedWith
    }

    var total: Int { perWarehouse.reduce(0) { $0 + $1.count } }

    /// `MAD: 20, BCN: 5`.
    var warehouseCounts: String {
        perWarehouse.map { "\($0.code): \($0.count)" }.joined(separator: ", ")
    }

    /// Returns the commit message, in English because engineers and scripts read git history.
    func commitMessage(batch: BatchName) -> CommitMessage {
        let keys = total == 1 ? "1 key" : "\(total) keys"
        let warehouses = perWarehouse.map(\.code).joined(separator: ", ")
        let sourceName = source.split(separator: "/").last.map(String.init) ?? source
        let check = comparedWith.map { "Duplicate check: compared with the \($0) keys already in the store." }
            ?? "Duplicate check against the store's keys: skipped, no identity was available."
        return CommitMessage(
            subject: "Add \(keys) of \(product) to \(warehouses)",
            body: "Imported with keyship keys import from \(sourceName): \(keys) (\(warehouseCounts)).\n\(check)",
            trailers: [.init("Product", product), .init("Batch", batch.name)])
    }
}

enum ImportMessage: LocalizedMessage {
    case rejected(source: String, errors: Int)
    case dryRun(ImportSummary)
    case imported(ImportSummary, path: String)

    func text(in language: Language) -> String {
        switch self {
        case .rejected(let source, let errors):
            return language.pick(
                es: "\(source) tiene \(errors) \(errors == 1 ? "error" : "errores"); no se ha importado ninguna clave. Corrige el fichero y vuelve a importarlo entero:",
                en: "\(source) has \(errors) \(errors == 1 ? "error" : "errors"); no key was imported. Fix the file and import all of it again:")
        case .dryRun(let summary):
            return language.pick(
                es: "Prueba sin cambios: se importarían \(Self.keys(summary.total, language)) de \(summary.product) (\(summary.warehouseCounts)). No se ha escrito nada.",
                en: "Dry run: \(Self.keys(summary.total, language)) of \(summary.product) would be imported (\(summary.warehouseCounts)). Nothing was written.")
        case .imported(let summary, let path):
            return language.pick(
                es: "\(Self.keys(summary.total, language)) de \(summary.product) \(summary.total == 1 ? "cifrada" : "cifradas") en \(path) (\(summary.warehouseCounts)).",
                en: "\(Self.keys(summary.total, language)) of \(summary.product) encrypted into \(path) (\(summary.warehouseCounts)).")
        }
    }

    private static func keys(_ count: Int, _ language: Language) -> String {
        language.pick(
            es: count == 1 ? "1 clave de licencia" : "\(count) claves de licencia",
            en: count == 1 ? "1 licence key" : "\(count) licence keys")
    }
}
