import KeyshipCore
import KeyshipStore

/// `keyship keys list [PRODUCT]`: the table of keys, available and sold, without decrypting any.
enum KeysListCommand: Command {
    static let spec = CommandSpec(
        path: ["keys", "list"],
        summary: Text(
            es: "lista las claves de licencia con su disponibilidad y su envío (sin mostrar las claves)",
            en: "list licence keys with their availability and delivery (never the keys themselves)"),
        discussion: Text(
            es: "Las disponibles salen de keys/ y las vendidas del registro de pedidos (ledger/). Las horas están en la zona horaria de keyship.yaml.",
            en: "Available keys come from keys/, sold ones from the order ledger (ledger/). Times are in the time zone of keyship.yaml."),
        options: [
            .flag("available", Text(es: "solo las claves disponibles", en: "only available keys")),
            .flag("sold", Text(es: "solo las claves vendidas", en: "only sold keys")),
            .flag("json", Text(
                es: "salida JSON para scripts, con fechas ISO 8601 en UTC",
                en: "JSON output for scripts, with ISO 8601 dates in UTC")),
        ],
        positionals: [PositionalSpec(
            name: "PRODUCT", help: Text(es: "producto (por defecto: todos)", en: "product (default: all)"),
            isOptional: true)])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        if arguments.flag("available") && arguments.flag("sold") {
            throw UsageError.conflictingOptions("--available", "--sold")
        }
        let availability: KeyListing.Availability? =
            arguments.flag("available") ? .available : arguments.flag("sold") ? .sold : nil

        let store = StoreLocation(arguments: arguments, context: context)
        return try store.run(context) { definition, context in
            try list(availability, arguments: arguments, store: store, definition: definition, context: context)
        }
    }

    private static func list(
        _ availability: KeyListing.Availability?, arguments: ParsedArguments, store: StoreLocation,
        definition: StoreDefinition, context: CommandContext
    ) throws -> ExitCode {
        let zone = try StoreTimeZone(identifier: definition.config.timeZone)
        let inventory = try KeyInventory.load(from: store.workTree)
        for diagnostic in inventory.diagnostics.sorted { context.warn(diagnostic) }

        let product = arguments.positionals.first
        if let product, definition.catalog.product(id: product) == nil,
           !inventory.available.contains(where: { $0.product == product }),
           !inventory.sold.contains(where: { $0.product == product }) {
            throw KeyCommandError.unknownProduct(product, known: definition.catalog.sortedProducts.map(\.id))
        }

        let listings = KeyListing.listings(of: inventory, product: product, availability: availability)
        let table = KeyTable(listings: listings, zone: zone, showsProduct: product == nil)
        if arguments.flag("json") {
            context.console.write(try table.json())
        } else if listings.isEmpty {
            context.say(KeyTableMessage.empty(product: product))
        } else {
            context.console.write(table.text(in: context.language))
        }
        return .success
    }
}
