public import KeyshipCore
import KeyshipCrypto

/// The findings of `keyship check` that the store's loaders do not already report. Each text
/// names the key, file or order, and the operator's next step. No text contains a licence key.
enum CheckMessage: LocalizedMessage {
    /// The kind of change to a file under `ledger/`.
    enum FileChange: Sendable {
        case added
        case modified
        case deleted
    }

    // Batch files.
    case unknownProduct(product: String)
    case notALicence(product: String)
    case unknownWarehouse(id: String, warehouse: String, known: [String])
    case attachmentNotFound(id: String, path: String)
    case invalidCell(id: String, AgeError)
    case invalidSoldCell(id: String, order: String, AgeError)
    case duplicateID(id: String, first: SourceLocation)
    case duplicateCell(id: String, firstID: String, first: SourceLocation)
    case soldKeyInStock(SoldPlace)
    case soldCellInStock(id: String, sold: SoldPlace)
    case soldTwice(id: String, order: String, first: SoldPlace)
    case soldCellTwice(id: String, order: String, first: SoldPlace)

    // Templates.
    case noTemplate(product: String, language: String)
    case noTemplateForChannel(product: String, channel: String, language: String)
    case previewFailed(product: String, channel: String, language: String, RenderError)

    // Decryption.
    case wrongIdentity(tried: Int, total: Int, recipients: [String], listed: Bool)
    case identityNotRecipient(recipients: [String])
    case cellForAnotherIdentity(id: String)
    case soldCellForAnotherIdentity(id: String)
    case cellNotOpened(id: String, AgeError)
    case samePlaintext(id: String, otherID: String, other: SourceLocation)
    case samePlaintextSold(id: String, sold: SoldPlace)

    // Comparison with a base revision.
    case ledgerChanged(path: String, change: FileChange, base: String)
    case cellChanged(id: String, base: String)
    case editsSoldKey(id: String, sold: SoldPlace, base: String)
    case reAddsSoldKey(id: String, sold: SoldPlace, base: String)
    case reAddsSoldCell(id: String, sold: SoldPlace, base: String)

    func text(in language: Language) -> String {
        switch self {
        case .unknownProduct(let product):
            language.pick(
                es: "no hay ningún producto \(product) en el catálogo, así que keyship nunca vende estas claves. "
                    + "Añade catalog/\(product).yaml o mueve este fichero a la carpeta de un producto del catálogo",
                en: "there is no product \(product) in the catalogue, so keyship never sells these keys. "
                    + "Add catalog/\(product).yaml, or move this file into the folder of a product in the catalogue")
        case .notALicence(let product):
            language.pick(
                es: "el producto \(product) no es una licencia de uso digital (digital_license: false), así que keyship "
                    + "nunca vende estas claves. Pon digital_license: true en catalog/\(product).yaml o borra este fichero",
                en: "product \(product) is not a digital licence (digital_license: false), so keyship never sells these "
                    + "keys. Set digital_license: true in catalog/\(product).yaml, or delete this file")
        case .unknownWarehouse(let id, let warehouse, let known):
            language.pick(
                es: "clave \(id): el almacén \(warehouse) no está en keyship.yaml. "
                    + (known.isEmpty ? "" : "Usa uno de estos (\(known.joined(separator: ", "))) o ")
                    + (known.isEmpty ? "Añade" : "añade") + " \(warehouse) a warehouses en keyship.yaml",
                en: "key \(id): warehouse \(warehouse) is not in keyship.yaml. "
                    + (known.isEmpty ? "" : "Use one of \(known.joined(separator: ", ")), or ")
                    + (known.isEmpty ? "Add" : "add") + " \(warehouse) to warehouses in keyship.yaml")
        case .attachmentNotFound(let id, let path):
            language.pick(
                es: "clave \(id): el documento adjunto \(path) no está en la tienda. "
                    + "Añade el fichero al repositorio o vacía la columna attachment",
                en: "key \(id): the attachment \(path) is not in the store. "
                    + "Add the file to the repository, or empty the attachment column")
        case .invalidCell(let id, let error):
            language.pick(
                es: "clave \(id): \(Self.clause(error.text(in: language)))",
                en: "key \(id): \(Self.clause(error.text(in: language)))")
        case .invalidSoldCell(let id, let order, let error):
            language.pick(
                es: "clave vendida \(id) del pedido \(order): \(Self.clause(error.text(in: language)))",
                en: "sold key \(id) of order \(order): \(Self.clause(error.text(in: language)))")
        case .duplicateID(let id, let first):
            language.pick(
                es: "el id de clave \(id) ya se usa en \(first). Borra la fila repetida, o vuelve a importar la clave "
                    + "con keyship keys import para que reciba un id nuevo",
                en: "key id \(id) is already used at \(first). Delete the repeated row, or import the key again "
                    + "with keyship keys import so that it gets a new id")
        case .duplicateCell(let id, let firstID, let first):
            language.pick(
                es: "la clave \(id) tiene la misma celda cifrada que la clave \(firstID) en \(first), así que la misma "
                    + "clave de licencia se vendería dos veces. Borra una de las dos filas",
                en: "key \(id) has the same key cell as key \(firstID) at \(first), so one licence key would be "
                    + "sold twice. Delete one of the two rows")
        case .soldKeyInStock(let sold):
            language.pick(
                es: "clave vendida añadida de nuevo: la clave \(sold.id) se vendió en el pedido \(sold.order) "
                    + "(\(sold.recordPath)). Borra esta fila, porque una clave vendida nunca vuelve al stock",
                en: "sold key re-added: key \(sold.id) was sold in order \(sold.order) (\(sold.recordPath)). "
                    + "Delete this row, because a sold key must never return to stock")
        case .soldCellInStock(let id, let sold):
            language.pick(
                es: "clave vendida añadida de nuevo con otro id: la clave \(id) tiene la celda cifrada de la clave "
                    + "\(sold.id), vendida en el pedido \(sold.order) (\(sold.recordPath)). Borra esta fila",
                en: "sold key re-added under a new id: key \(id) has the key cell of key \(sold.id), sold in order "
                    + "\(sold.order) (\(sold.recordPath)). Delete this row")
        case .soldTwice(let id, let order, let first):
            language.pick(
                es: "la clave \(id) consta como vendida en el pedido \(order) y también en el pedido \(first.order) "
                    + "(\(first.recordPath)), así que una clave de licencia llegó a dos clientes. Revisa los dos "
                    + "pedidos y envía a uno de los clientes una clave de sustitución",
                en: "key \(id) is recorded as sold in order \(order) and also in order \(first.order) "
                    + "(\(first.recordPath)), so one licence key went to two buyers. Check both orders and send "
                    + "one of the buyers a replacement key")
        case .soldCellTwice(let id, let order, let first):
            language.pick(
                es: "la clave \(id), vendida en el pedido \(order), tiene la misma celda cifrada que la clave "
                    + "\(first.id), vendida en el pedido \(first.order) (\(first.recordPath)), así que una clave de "
                    + "licencia llegó a dos clientes. Revisa los dos pedidos y envía a uno de los clientes una clave "
                    + "de sustitución",
                en: "key \(id), sold in order \(order), has the same key cell as key \(first.id), sold in order "
                    + "\(first.order) (\(first.recordPath)), so one licence key went to two buyers. Check both "
                    + "orders and send one of the buyers a replacement key")

        case .noTemplate(let product, let templateLanguage):
            language.pick(
                es: "el producto \(product) es una licencia a la venta sin ninguna plantilla de mensaje, así que sus "
                    + "clientes reciben solo las claves, sin instrucciones. Añade templates/\(product)/default.\(templateLanguage).yaml",
                en: "licence product \(product) is on sale but has no message template, so its buyers get only the "
                    + "keys, without instructions. Add templates/\(product)/default.\(templateLanguage).yaml")
        case .noTemplateForChannel(let product, let channel, let templateLanguage):
            language.pick(
                es: "los clientes de \(product) en el canal de venta \(channel) (idioma \(templateLanguage)) reciben "
                    + "solo las claves, sin instrucciones, porque no hay plantilla en ese idioma. Añade "
                    + "templates/\(product)/\(channel).\(templateLanguage).yaml o templates/\(product)/default.\(templateLanguage).yaml",
                en: "buyers of \(product) on channel \(channel) (language \(templateLanguage)) get only the keys, "
                    + "without instructions, because there is no template in that language. Add "
                    + "templates/\(product)/\(channel).\(templateLanguage).yaml or templates/\(product)/default.\(templateLanguage).yaml")
        case .previewFailed(let product, let channel, let templateLanguage, let error):
            language.pick(
                es: "el mensaje de ejemplo de \(product) en el canal de venta \(channel) (idioma \(templateLanguage)) "
                    + "no se puede generar: \(Self.clause(error.text(in: language)))",
                en: "the sample message of \(product) on channel \(channel) (language \(templateLanguage)) cannot be "
                    + "rendered: \(Self.clause(error.text(in: language)))")

        case .wrongIdentity(let tried, let total, let recipients, let listed):
            Self.wrongIdentityText(tried: tried, total: total, recipients: recipients, listed: listed, language: language)
        case .identityNotRecipient(let recipients):
            language.pick(
                es: "la identidad abre las celdas cifradas, pero su destinatario \(recipients.joined(separator: ", ")) "
                    + "no está en recipients de keyship.yaml, así que las claves que se importen a partir de ahora no "
                    + "se cifrarán para ella. Añade el destinatario a recipients en keyship.yaml",
                en: "the identity opens the key cells, but its recipient \(recipients.joined(separator: ", ")) is not "
                    + "in recipients in keyship.yaml, so keys imported from now on will not be encrypted to it. Add "
                    + "the recipient to recipients in keyship.yaml")
        case .cellForAnotherIdentity(let id):
            language.pick(
                es: "la clave \(id) no se cifró para esta identidad, aunque la identidad abre otras celdas. Borra la "
                    + "fila y vuelve a importar la clave con keyship keys import, que cifra para los destinatarios de keyship.yaml",
                en: "key \(id) was not encrypted to this identity, although the identity opens other cells. Delete "
                    + "the row and import the key again with keyship keys import, which encrypts to the recipients in keyship.yaml")
        case .soldCellForAnotherIdentity(let id):
            language.pick(
                es: "la clave vendida \(id) no se cifró para esta identidad, aunque la identidad abre otras celdas, "
                    + "así que keyship no podrá reenviarla. Conserva la identidad para la que se cifró",
                en: "sold key \(id) was not encrypted to this identity, although the identity opens other cells, so "
                    + "keyship cannot send it again. Keep the identity it was encrypted to")
        case .cellNotOpened(let id, let error):
            language.pick(
                es: "la clave \(id) no se puede descifrar: \(Self.clause(error.text(in: language)))",
                en: "key \(id) cannot be decrypted: \(Self.clause(error.text(in: language)))")
        case .samePlaintext(let id, let otherID, let other):
            language.pick(
                es: "la clave \(id) es la misma clave de licencia que la clave \(otherID) en \(other), cifrada dos "
                    + "veces, así que se vendería dos veces. Borra una de las dos filas",
                en: "key \(id) is the same licence key as key \(otherID) at \(other), encrypted twice, so it would "
                    + "be sold twice. Delete one of the two rows")
        case .samePlaintextSold(let id, let sold):
            language.pick(
                es: "la clave \(id) es la misma clave de licencia que la clave \(sold.id), vendida en el pedido "
                    + "\(sold.order) (\(sold.recordPath)). Borra esta fila, porque una clave vendida nunca vuelve al stock",
                en: "key \(id) is the same licence key as key \(sold.id), sold in order \(sold.order) "
                    + "(\(sold.recordPath)). Delete this row, because a sold key must never return to stock")

        case .ledgerChanged(let path, let change, let base):
            Self.ledgerChangedText(path: path, change: change, base: base, language: language)
        case .cellChanged(let id, let base):
            language.pick(
                es: "la clave \(id) tiene otra celda cifrada que en \(base), lo que pone otra clave de licencia bajo el "
                    + "mismo id. Deja la celda como estaba e importa la clave nueva con keyship keys import",
                en: "key \(id) has a different key cell than in \(base), which puts another licence key under the "
                    + "same id. Restore the key cell, and add the new key with keyship keys import")
        case .editsSoldKey(let id, let sold, let base):
            language.pick(
                es: "el cambio edita una clave vendida: la clave \(id) se vendió en el pedido \(sold.order) "
                    + "(\(base), \(sold.recordPath)), así que su fila ya no puede cambiar. Actualiza la rama desde "
                    + "\(base) y descarta el cambio de esta fila",
                en: "edits a sold key: key \(id) was sold in order \(sold.order) (\(base), \(sold.recordPath)), so "
                    + "its row can no longer change. Update the branch from \(base) and drop the change to this row")
        case .reAddsSoldKey(let id, let sold, let base):
            language.pick(
                es: "el cambio añade de nuevo una clave vendida: la clave \(id) se vendió en el pedido "
                    + "\(sold.order) (\(base), \(sold.recordPath)). Borra esta fila, porque una clave vendida nunca "
                    + "vuelve al stock",
                en: "re-adds a sold key: key \(id) was sold in order \(sold.order) (\(base), \(sold.recordPath)). "
                    + "Delete this row, because a sold key must never return to stock")
        case .reAddsSoldCell(let id, let sold, let base):
            language.pick(
                es: "el cambio añade de nuevo una clave vendida con otro id: la clave \(id) tiene la celda cifrada "
                    + "de la clave \(sold.id), vendida en el pedido \(sold.order) (\(base), \(sold.recordPath)). "
                    + "Borra esta fila",
                en: "re-adds a sold key under a new id: key \(id) has the key cell of key \(sold.id), sold in order "
                    + "\(sold.order) (\(base), \(sold.recordPath)). Delete this row")
        }
    }

    private static func wrongIdentityText(
        tried: Int, total: Int, recipients: [String], listed: Bool, language: Language
    ) -> String {
        let recipientList = recipients.joined(separator: ", ")
        let opens: String
        switch (tried, total) {
        case (1, 1):
            opens = language.pick(es: "no abre la única celda cifrada", en: "does not open the only key cell")
        case (_, _) where tried == total:
            opens = language.pick(
                es: "no abre ninguna de las \(total) celdas cifradas", en: "opens none of the \(total) key cells")
        case (1, _):
            opens = language.pick(
                es: "no abre la primera celda cifrada (de \(total))", en: "does not open the first key cell (of \(total))")
        default:
            opens = language.pick(
                es: "no abre ninguna de las primeras \(tried) celdas cifradas (de \(total))",
                en: "opens none of the first \(tried) key cells (of \(total))")
        }
        if listed {
            return language.pick(
                es: "la identidad \(opens), aunque su destinatario \(recipientList) está en keyship.yaml, así "
                    + "que las claves se cifraron para otros destinatarios. Usa la identidad para la que se cifraron, "
                    + "o vuelve a cifrar las claves para los destinatarios de keyship.yaml",
                en: "the identity \(opens), although its recipient \(recipientList) is in keyship.yaml, so the "
                    + "keys were encrypted to other recipients. Use the identity they were encrypted to, or encrypt "
                    + "the keys again to the recipients in keyship.yaml")
        }
        return language.pick(
            es: "la identidad \(opens), así que no es la identidad de esta tienda. Su destinatario "
                + "\(recipientList) no está en recipients de keyship.yaml. Pon en KEYSHIP_IDENTITY o "
                + "KEYSHIP_IDENTITY_FILE la identidad de uno de los destinatarios de la tienda",
            en: "the identity \(opens), so it is not this store's identity. Its recipient \(recipientList) is "
                + "not in recipients in keyship.yaml. Set KEYSHIP_IDENTITY or KEYSHIP_IDENTITY_FILE to the identity "
                + "of one of the store's recipients")
    }

    private static func ledgerChangedText(path: String, change: FileChange, base: String, language: Language) -> String {
        let restore = "git checkout \(base) -- \(path)"
        switch change {
        case .added:
            return language.pick(
                es: "solo keyship escribe en ledger/, y este cambio añade este fichero. Quítalo del cambio con git rm \(path)",
                en: "only keyship writes under ledger/, and this change adds this file. Remove it with git rm \(path)")
        case .modified:
            return language.pick(
                es: "solo keyship escribe en ledger/, y este cambio edita este fichero. Restáuralo con \(restore)",
                en: "only keyship writes under ledger/, and this change edits this file. Restore it with \(restore)")
        case .deleted:
            return language.pick(
                es: "solo keyship escribe en ledger/, y este cambio borra este fichero. Restáuralo con \(restore)",
                en: "only keyship writes under ledger/, and this change deletes this file. Restore it with \(restore)")
        }
    }

    /// Turns a complete message (capital first letter, final period) into a clause that can
    /// follow a colon.
    static func clause(_ text: String) -> String {
        var clause = text
        if clause.hasSuffix(".") { clause.removeLast() }
        guard let first = clause.first else { return clause }
        return first.lowercased() + clause.dropFirst()
    }
}

/// Reasons `keyship check` cannot check the store at all.
public enum CheckError: KeyshipError, Equatable {
    /// The folder given as the store has no `keyship.yaml`.
    case missingConfig(place: String)
    case storeNotAtRepositoryTop(store: String, workTree: String)
    case noCommit(base: String)
    case unrelatedHistory(base: String)

    public func text(in language: Language) -> String {
        switch self {
        case .missingConfig(let place):
            StoreLoadMessage.missingConfig(place).text(in: language)
        case .storeNotAtRepositoryTop(let store, let workTree):
            language.pick(
                es: "--base necesita la tienda en la carpeta principal de su repositorio git, pero \(store) está "
                    + "dentro de \(workTree). Ejecuta keyship check --base en un clon del repositorio de la tienda",
                en: "--base needs the store at the top folder of its git repository, but \(store) is inside "
                    + "\(workTree). Run keyship check --base in a clone of the store repository")
        case .noCommit(let base):
            language.pick(
                es: "el repositorio de la tienda aún no tiene ningún commit, así que no hay cambios que comparar con "
                    + "\(base). Haz commit de la tienda primero",
                en: "the store repository has no commit yet, so there is no change to compare with \(base). "
                    + "Commit the store first")
        case .unrelatedHistory(let base):
            language.pick(
                es: "HEAD y \(base) no tienen ningún commit en común, así que no se puede saber qué cambia. "
                    + "Comprueba que --base nombra la rama principal de la tienda",
                en: "HEAD and \(base) share no commit, so the change cannot be worked out. "
                    + "Check that --base names the store's main branch")
        }
    }
}
