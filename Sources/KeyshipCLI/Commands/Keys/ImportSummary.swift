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

    /// How many batch files the import writes.
    var fileCount: Int { ImportBatches.fileCount(keyCount: total) }

    /// `MAD: 20, BCN: 5`.
    var warehouseCounts: String {
        perWarehouse.map { "\($0.code): \($0.count)" }.joined(separator: ", ")
    }

    /// Returns the commit message, in English because engineers and scripts read git history.
    /// It has one `Batch` trailer per file.
    func commitMessage(batches: ImportBatches) -> CommitMessage {
        let keys = total == 1 ? "1 key" : "\(total) keys"
        let files = batches.files
        let fileCount = files.count == 1 ? "1 batch file" : "\(files.count) batch files"
        let warehouses = perWarehouse.map(\.code).joined(separator: ", ")
        let sourceName = source.split(separator: "/").last.map(String.init) ?? source
        let check = comparedWith.map { "Duplicate check: compared with the \($0 == 1 ? "1 key" : "\($0) keys") already in the store." }
            ?? "Duplicate check against the store's keys: skipped, no identity was available."
        var split = ""
        if files.count > 1 {
            split = " Split into files of at most \(ImportBatches.maximumKeysPerFile) keys, because every sale"
                + " rewrites the file its keys come from."
        }
        return CommitMessage(
            subject: "Add \(keys) of \(product) to \(warehouses)" + (files.count > 1 ? " in \(fileCount)" : ""),
            body: "Imported with keyship keys import from \(sourceName): \(keys) (\(warehouseCounts)) in \(fileCount)."
                + split + "\n\(check)",
            trailers: [.init("Product", product)] + files.map { .init("Batch", $0.batch.name) })
    }
}

enum ImportMessage: LocalizedMessage {
    case rejected(source: String, errors: Int)
    case dryRun(ImportSummary)
    /// The keys were encrypted into the batch files `paths`, in order.
    case imported(ImportSummary, paths: [String])

    func text(in language: Language) -> String {
        switch self {
        case .rejected(let source, let errors):
            return language.pick(
                es: "\(source) tiene \(errors) \(errors == 1 ? "error" : "errores"); no se ha importado ninguna clave. Corrige el fichero y vuelve a importarlo entero:",
                en: "\(source) has \(errors) \(errors == 1 ? "error" : "errors"); no key was imported. Fix the file and import all of it again:")
        case .dryRun(let summary):
            return language.pick(
                es: "Prueba sin cambios: se \(summary.total == 1 ? "importaría" : "importarían") \(Self.keys(summary.total, language)) de \(summary.product) (\(summary.warehouseCounts)) en \(Self.files(summary.fileCount, language)). No se ha escrito nada.",
                en: "Dry run: \(Self.keys(summary.total, language)) of \(summary.product) would be imported (\(summary.warehouseCounts)) into \(Self.files(summary.fileCount, language)). Nothing was written.")
        case .imported(let summary, let paths):
            let encrypted = language.pick(
                es: "\(Self.keys(summary.total, language)) de \(summary.product) \(summary.total == 1 ? "cifrada" : "cifradas") en",
                en: "\(Self.keys(summary.total, language)) of \(summary.product) encrypted into")
            guard let first = paths.first, let last = paths.last, paths.count > 1 else {
                return "\(encrypted) \(paths.first ?? "") (\(summary.warehouseCounts))."
            }
            return encrypted + language.pick(
                es: " \(paths.count) ficheros, de \(first) a \(last) (\(summary.warehouseCounts)).",
                en: " \(paths.count) files, \(first) to \(last) (\(summary.warehouseCounts)).")
        }
    }

    private static func keys(_ count: Int, _ language: Language) -> String {
        language.pick(
            es: count == 1 ? "1 clave de licencia" : "\(count) claves de licencia",
            en: count == 1 ? "1 licence key" : "\(count) licence keys")
    }

    private static func files(_ count: Int, _ language: Language) -> String {
        language.pick(
            es: count == 1 ? "1 fichero" : "\(count) ficheros",
            en: count == 1 ? "1 file" : "\(count) files")
    }
}
