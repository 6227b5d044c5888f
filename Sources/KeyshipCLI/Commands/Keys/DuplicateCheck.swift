import KeyshipCore
import KeyshipCrypto
import KeyshipStore

/// The comparison of imported keys with every key already in the store, which needs the
/// identity to read the stored cells.
enum DuplicateCheck {
    /// The result of preparing the check.
    enum Outcome {
        /// The store's keys were decrypted; `index` finds each plaintext.
        case ready(ExistingKeyIndex)
        /// No identity is configured, so only the file itself is checked for repeated keys.
        case skipped
    }

    /// Decrypts every available and sold key of the work tree, with progress on large stores.
    ///
    /// Without `KEYSHIP_IDENTITY` or `KEYSHIP_IDENTITY_FILE` it warns once and returns
    /// `.skipped`; a set but unusable identity is an error.
    static func prepare(store: StoreLocation, context: CommandContext) throws -> Outcome {
        guard let identities = try IdentityLoader.load(environment: context.environment) else {
            context.warn(DuplicateCheckMessage.skipped)
            return .skipped
        }
        let inventory = try KeyInventory.load(from: store.workTree)
        if !inventory.diagnostics.isEmpty {
            context.warn(DuplicateCheckMessage.unreadableRows)
            for diagnostic in inventory.diagnostics.sorted { context.warn(diagnostic) }
        }
        let progress = ProgressLine(
            Text(es: "Buscando claves repetidas en la tienda", en: "Looking for duplicates in the store"),
            total: inventory.available.count + inventory.sold.count, context: context)
        return .ready(try ExistingKeyIndex.build(from: inventory, identities: identities, progress: progress.update))
    }
}

enum DuplicateCheckMessage: LocalizedMessage {
    case skipped
    case unreadableRows

    func text(in language: Language) -> String {
        switch self {
        case .skipped:
            language.pick(
                es: "aviso: no se ha comprobado si las claves ya están en stock o vendidas, porque no hay identidad para descifrarlas (KEYSHIP_IDENTITY_FILE o KEYSHIP_IDENTITY); solo se buscan claves repetidas dentro del fichero",
                en: "warning: the keys were not checked against the keys in stock or sold, because there is no identity to decrypt them (KEYSHIP_IDENTITY_FILE or KEYSHIP_IDENTITY); only repeats inside the file are detected")
        case .unreadableRows:
            language.pick(
                es: "aviso: estas filas de la tienda no se pueden leer y no entran en la comprobación de claves repetidas:",
                en: "warning: these rows of the store cannot be read and are left out of the duplicate check:")
        }
    }
}
