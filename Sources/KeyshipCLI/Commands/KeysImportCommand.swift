import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipStore

/// `keyship keys import --product P FILE.csv`: encrypts a spreadsheet of licence keys into new
/// batch files of at most `ImportBatches.maximumKeysPerFile` keys each, all or nothing.
enum KeysImportCommand: Command {
    static let spec = CommandSpec(
        path: ["keys", "import"],
        summary: Text(
            es: "importa claves de licencia desde un CSV (importación masiva)",
            en: "import licence keys from a CSV file (bulk import)"),
        discussion: Text(
            es: """
                Columnas: Nº licencia;Empresa;Almacén;Fecha de expiración;Documento (o key,company,warehouse,
                expires_on,attachment). Acepta el CSV de una hoja de cálculo: separador ; o ,, BOM, CRLF y fechas
                dd/mm/aaaa. Si una fila tiene errores no se importa nada y se listan todas las filas con su línea.
                Las claves se cifran para los destinatarios de keyship.yaml en ficheros keys/<producto>/<lote>.csv de
                \(ImportBatches.maximumKeysPerFile) claves como máximo, porque cada venta reescribe el fichero del que salen sus claves.
                """,
            en: """
                Columns: key,company,warehouse,expires_on,attachment (or the Spanish headers). Accepts a
                spreadsheet's CSV: ; or , separators, BOM, CRLF and dd/mm/yyyy dates. If any row has errors nothing
                is imported and every bad row is listed with its line. Keys are encrypted to the recipients in
                keyship.yaml into files keys/<product>/<batch>.csv of at most \(ImportBatches.maximumKeysPerFile) keys, because every
                sale rewrites the file its keys come from.
                """),
        options: [
            .value("product", "P", Text(es: "producto del catálogo (obligatorio)", en: "catalogue product (required)")),
            .value("warehouse", "W", Text(
                es: "almacén de las filas sin columna Almacén", en: "warehouse for rows without a warehouse column")),
            .value("company", "C", Text(
                es: "empresa de las filas sin columna Empresa", en: "company for rows without a company column")),
            CommitOption.spec,
            .flag("dry-run", Text(
                es: "comprueba el fichero y muestra qué se importaría, sin escribir nada",
                en: "check the file and show what would be imported, without writing anything")),
        ],
        positionals: [PositionalSpec(name: "FILE.csv", help: Text(
            es: "hoja de cálculo guardada como CSV", en: "spreadsheet saved as CSV"))])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard let productID = arguments.value("product") else {
            throw UsageError.missingOption("--product", command: spec.name)
        }
        let dryRun = arguments.flag("dry-run")
        if dryRun && arguments.flag("commit") { throw UsageError.conflictingOptions("--dry-run", "--commit") }

        let store = StoreLocation(arguments: arguments, context: context)
        return try store.run(context) { definition, context in
            try importKeys(
                of: productID, dryRun: dryRun, arguments: arguments, store: store, definition: definition,
                context: context)
        }
    }

    private static func importKeys(
        of productID: String, dryRun: Bool, arguments: ParsedArguments, store: StoreLocation,
        definition: StoreDefinition, context: CommandContext
    ) throws -> ExitCode {
        let config = definition.config
        _ = try KeyCommandChecks.licenceProduct(productID, in: definition)
        let defaultWarehouse = try arguments.value("warehouse").map { code throws(KeyCommandError) in
            try KeyCommandChecks.warehouse(code, in: config)
        }
        let recipients = try KeyCommandChecks.recipients(of: config)
        let zone = try StoreTimeZone(identifier: config.timeZone)
        let committer = dryRun ? nil : try CommitOption.committer(arguments, store: store, context: context)

        let source = arguments.positionals[0]
        let bytes = try readFile(context.absolutePath(source))
        let duplicates = try DuplicateCheck.prepare(store: store, context: context)
        let now = context.now()
        let parsed = KeyImport.parse(bytes, context: importContext(
            source: source, store: store, config: config, defaultWarehouse: defaultWarehouse,
            defaultCompany: arguments.value("company"), today: zone.date(at: now), duplicates: duplicates))
        guard !parsed.diagnostics.hasErrors else {
            throw DiagnosticsError(
                summary: ImportMessage.rejected(source: source, errors: parsed.diagnostics.errors.count),
                diagnostics: parsed.diagnostics.sorted)
        }
        for warning in parsed.diagnostics.sorted { context.warn(warning) }

        var comparedWith: Int?
        if case .ready(let index) = duplicates { comparedWith = index.count }
        let summary = ImportSummary(
            product: productID, source: source, rows: parsed.rows, config: config, comparedWith: comparedWith)
        if dryRun {
            context.say(ImportMessage.dryRun(summary))
            return .success
        }

        let batches = try newImportBatches(keyCount: parsed.rows.count, product: productID, at: now, store: store)
        let rows = try seal(parsed.rows, ids: batches.keyIDs, createdAt: now, recipients: recipients, context: context)
        var changes = StoreChanges()
        for file in batches.files {
            changes.write(file.batch.path(product: productID), BatchFile.encode(Array(rows[file.rows])))
        }
        try CommitOption.apply(
            changes, message: summary.commitMessage(batches: batches),
            outcome: ImportMessage.imported(summary, paths: batches.paths(product: productID)), committer: committer,
            store: store, context: context)
        return .success
    }

    private static func importContext(
        source: String, store: StoreLocation, config: StoreConfig, defaultWarehouse: String?,
        defaultCompany: String?, today: CivilDate, duplicates: DuplicateCheck.Outcome
    ) -> KeyImport.Context {
        let root = store.root
        var existingKey: (@Sendable (String) -> KeyImport.ExistingKey?)?
        if case .ready(let index) = duplicates { existingKey = { index.lookup($0) } }
        return KeyImport.Context(
            source: source, warehouses: Set(config.warehouses.map(\.code)), defaultWarehouse: defaultWarehouse,
            defaultCompany: defaultCompany, today: today,
            fileExists: { path in
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
                return exists && !isDirectory.boolValue
            },
            existingKey: existingKey)
    }

    private static func readFile(_ path: String) throws(KeyCommandError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadableFile(path, reason: error.localizedDescription)
        }
    }

    /// Picks a token whose batch files do not exist yet; with 40 random bits a second try is
    /// already unlikely.
    private static func newImportBatches(
        keyCount: Int, product: String, at now: Timestamp, store: StoreLocation
    ) throws -> ImportBatches {
        var generator = SystemRandomNumberGenerator()
        let workTree = store.workTree
        while true {
            let batches = ImportBatches(keyCount: keyCount, createdAt: now, using: &generator)
            if try batches.paths(product: product).allSatisfy({ try !workTree.fileExists($0) }) { return batches }
        }
    }

    /// Encrypts each key into its row, showing progress on large files.
    private static func seal(
        _ rows: [KeyImport.Row], ids: [String], createdAt: Timestamp, recipients: [AgeRecipient],
        context: CommandContext
    ) throws -> [KeyRow] {
        let progress = ProgressLine(
            Text(es: "Cifrando claves de licencia", en: "Encrypting licence keys"), total: rows.count, context: context)
        var sealed: [KeyRow] = []
        sealed.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            sealed.append(KeyRow(
                id: ids[index], createdAt: createdAt, company: row.company, warehouse: row.warehouse,
                expiresOn: row.expiresOn, attachment: row.attachment, cell: try KeyCell.seal(row.key, to: recipients)))
            progress.update(index + 1)
        }
        return sealed
    }
}
