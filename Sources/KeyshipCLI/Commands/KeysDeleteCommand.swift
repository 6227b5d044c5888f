import KeyshipCore
import KeyshipStore

/// `keyship keys delete ID...` or `--product P --all-available`: removes available keys from
/// their batch files (bulk delete), all or nothing.
enum KeysDeleteCommand: Command {
    static let spec = CommandSpec(
        path: ["keys", "delete"],
        summary: Text(
            es: "elimina claves disponibles, una o varias (eliminación masiva)",
            en: "delete available keys, one or many (bulk delete)"),
        discussion: Text(
            es: "Solo se eliminan claves disponibles. Si algún id está vendido o no existe, no se elimina ninguna. Un lote que se queda sin filas se borra.",
            en: "Only available keys are deleted. If any id is sold or unknown, none is deleted. A batch file left without rows is removed."),
        options: [
            .value("product", "P", Text(es: "producto, con --all-available", en: "product, with --all-available")),
            .flag("all-available", Text(
                es: "elimina todas las claves disponibles del producto", en: "delete every available key of the product")),
            CommitOption.spec,
        ],
        positionals: [PositionalSpec(
            name: "ID", help: Text(es: "ids de las claves", en: "key ids"), isOptional: true, isVariadic: true)])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let ids = arguments.positionals
        let allAvailable = arguments.flag("all-available")
        if allAvailable && !ids.isEmpty { throw UsageError.conflictingOptions("ID", "--all-available") }
        if !allAvailable && arguments.value("product") != nil {
            throw UsageError.missingOption("--all-available", command: spec.name)
        }
        if allAvailable && arguments.value("product") == nil {
            throw UsageError.missingOption("--product", command: spec.name)
        }
        if !allAvailable && ids.isEmpty { throw UsageError.missingArgument("ID", command: spec.name) }

        let store = StoreLocation(arguments: arguments, context: context)
        return try store.run(context) { definition, context in
            try delete(ids, arguments: arguments, store: store, definition: definition, context: context)
        }
    }

    private static func delete(
        _ ids: [String], arguments: ParsedArguments, store: StoreLocation, definition: StoreDefinition,
        context: CommandContext
    ) throws -> ExitCode {
        let committer = try CommitOption.committer(arguments, store: store, context: context)
        let inventory = try KeyInventory.load(from: store.workTree)

        let keys: [StockKey]
        if let product = arguments.value("product") {
            keys = inventory.available.filter { $0.product == product }
            // Keys left behind by a product removed from the catalogue can still be deleted.
            if definition.catalog.product(id: product) != nil || keys.isEmpty {
                _ = try KeyCommandChecks.licenceProduct(product, in: definition)
            }
            if let damaged = Set(keys.map(\.batch)).intersection(inventory.damagedBatches).sorted().first {
                throw KeyCommandError.damagedBatch(damaged)
            }
            guard !keys.isEmpty else {
                context.say(KeysDeleteMessage.noneAvailable(product: product))
                return .success
            }
        } else {
            keys = try selectKeys(ids, in: inventory)
        }

        try CommitOption.apply(
            BatchRewrite.removing(Set(keys.map(\.row.id)), from: inventory.available),
            message: commitMessage(keys), outcome: KeysDeleteMessage.deleted(count: keys.count, products: Self.products(of: keys)),
            committer: committer, store: store, context: context)
        return .success
    }

    /// Finds every id, reporting all the refusals at once so nothing is deleted by halves.
    private static func selectKeys(_ ids: [String], in inventory: KeyInventory) throws -> [StockKey] {
        var keys: [StockKey] = []
        var problems: [KeyCommandError] = []
        var seen: Set<String> = []
        for id in ids where seen.insert(id).inserted {
            switch KeyCommandChecks.availableKey(id, in: inventory, action: .delete) {
            case .success(let key): keys.append(key)
            case .failure(let problem): problems.append(problem)
            }
        }
        if problems.count == 1 { throw problems[0] }
        if problems.count > 1 {
            throw DiagnosticsError(
                summary: KeysDeleteMessage.refused(problems: problems.count),
                diagnostics: problems.map { Diagnostic(at: nil, $0) })
        }
        return keys
    }

    private static func products(of keys: [StockKey]) -> [String] {
        Set(keys.map(\.product)).sorted()
    }

    private static func commitMessage(_ keys: [StockKey]) -> CommitMessage {
        let products = products(of: keys)
        let count = keys.count == 1 ? "1 key" : "\(keys.count) keys"
        let batches = Set(keys.map(\.batch)).sorted()
        return CommitMessage(
            subject: "Delete \(count) of \(products.joined(separator: ", "))",
            body: "Deleted with keyship keys delete from \(batches.joined(separator: ", ")).",
            trailers: products.map { CommitMessage.Trailer("Product", $0) } + keys.map { CommitMessage.Trailer("Key-Id", $0.row.id) })
    }
}

enum KeysDeleteMessage: LocalizedMessage {
    case deleted(count: Int, products: [String])
    case noneAvailable(product: String)
    case refused(problems: Int)

    func text(in language: Language) -> String {
        switch self {
        case .deleted(let count, let products):
            language.pick(
                es: ((count == 1 ? "1 clave de licencia eliminada" : "\(count) claves de licencia eliminadas")
                    + " de \(products.joined(separator: ", "))").withFinalPeriod,
                en: (count == 1 ? "1 licence key" : "\(count) licence keys") + " of \(products.joined(separator: ", ")) deleted.")
        case .noneAvailable(let product):
            language.pick(
                es: "No hay claves disponibles de \(product); no se ha eliminado nada.",
                en: "There are no available keys of \(product); nothing was deleted.")
        case .refused(let problems):
            language.pick(
                es: "\(problems) de las claves no se \(problems == 1 ? "puede" : "pueden") eliminar, así que no se ha "
                    + "eliminado ninguna:",
                en: "\(problems) of the keys cannot be deleted, so none was deleted:")
        }
    }
}
