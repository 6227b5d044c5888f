import KeyshipCore
import KeyshipStore

/// `keyship keys edit ID`: changes the metadata of one available key; the key itself stays
/// encrypted and untouched.
enum KeysEditCommand: Command {
    static let spec = CommandSpec(
        path: ["keys", "edit"],
        summary: Text(
            es: "modifica la empresa, el almacén, la fecha de expiración o el documento de una clave disponible",
            en: "change the company, warehouse, expiry date or attachment of an available key"),
        discussion: Text(
            es: "Solo se pueden modificar claves disponibles: una clave vendida ya está en el registro de su pedido.",
            en: "Only available keys can be edited: a sold key already belongs to its order's record."),
        options: [
            .value("company", "C", Text(es: "empresa nueva", en: "new company")),
            .value("warehouse", "W", Text(es: "almacén nuevo", en: "new warehouse")),
            .value("expires", "DATE", Text(
                es: "fecha de expiración nueva (dd/mm/aaaa o aaaa-mm-dd)", en: "new expiry date (dd/mm/yyyy or yyyy-mm-dd)")),
            .flag("no-expiry", Text(es: "quita la fecha de expiración", en: "remove the expiry date")),
            .value("attachment", "PATH", Text(
                es: "documento adjunto nuevo, ruta dentro de la tienda", en: "new attachment, a path inside the store")),
            .flag("no-attachment", Text(es: "quita el documento adjunto", en: "remove the attachment")),
            CommitOption.spec,
        ],
        positionals: [PositionalSpec(name: "ID", help: Text(es: "id de la clave", en: "key id"))])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let store = StoreLocation(arguments: arguments, context: context)
        return try store.run(context) { definition, context in
            try edit(arguments, store: store, definition: definition, context: context)
        }
    }

    private static func edit(
        _ arguments: ParsedArguments, store: StoreLocation, definition: StoreDefinition, context: CommandContext
    ) throws -> ExitCode {
        let zone = try StoreTimeZone(identifier: definition.config.timeZone)
        let edit = try KeyRowEdit(
            arguments, config: definition.config, today: zone.date(at: context.now()), storeRoot: store.root)
        let committer = try CommitOption.committer(arguments, store: store, context: context)

        let id = arguments.positionals[0]
        let inventory = try KeyInventory.load(from: store.workTree)
        let key = try KeyCommandChecks.availableKey(id, in: inventory, action: .edit).get()
        let edited = edit.applied(to: key.row)
        let changes = KeyFieldChange.differences(from: key.row, to: edited)
        guard !changes.isEmpty else {
            context.say(KeysEditMessage.unchanged(id: id))
            return .success
        }

        let message = CommitMessage(
            subject: "Edit key \(id): " + changes.map { "\($0.field.commitName) \($0.new ?? "none")" }
                .joined(separator: ", "),
            body: "Edited with keyship keys edit in \(key.batch):\n" + changes.map { "- \($0.commitText)" }
                .joined(separator: "\n"),
            trailers: [.init("Key-Id", id), .init("Product", key.product)])
        try CommitOption.apply(
            BatchRewrite.replacing(key, with: edited, in: inventory.available), message: message,
            outcome: KeysEditMessage.edited(id: id, changes: changes), committer: committer, store: store,
            context: context)
        return .success
    }
}

enum KeysEditMessage: LocalizedMessage {
    case unchanged(id: String)
    case edited(id: String, changes: [KeyFieldChange])

    func text(in language: Language) -> String {
        switch self {
        case .unchanged(let id):
            language.pick(
                es: "La clave \(id) ya tiene esos valores; no se ha cambiado nada.",
                en: "Key \(id) already has those values; nothing was changed.")
        case .edited(let id, let changes):
            (language.pick(es: "Clave \(id) modificada: ", en: "Key \(id) edited: ")
                + changes.map { $0.operatorText(in: language) }.joined(separator: "; ")).withFinalPeriod
        }
    }
}
