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
    case duplicateID(id: String, first: SourceLocation)
    case duplicateCell(id: String, firstID: String, first: SourceLocation)
    case soldKeyInStock(SoldPlace)
    case soldCellInStock(id: String, sold: SoldPlace)
    case soldCellTwice(id: String, order: String, first: SoldPlace)

    // Ledger records.
    /// A sold key's cell is not a valid age file; `path` is the record.
    case damagedSoldCell(id: String, order: String, path: String, AgeError)
    /// A key id in two records, or twice in one; `path` is the record of the repeat.
    case soldTwice(id: String, order: String, path: String, first: SoldPlace, firstLocation: SourceLocation)
    case quantityMismatch(order: String, lineID: String, quantity: Int, keys: Int, path: String)
    /// A record away from the two paths keyship looks it up at.
    case recordMisplaced(order: String, openPath: String, closedPath: String, path: String)

    // Templates.
    case noTemplate(product: String, language: String)
    case noTemplateForChannel(product: String, channel: String, language: String)
    case previewFailed(product: String, channel: String, language: String, RenderError)

    // Settings.
    /// A files channel's `inbox` or `outbox` (`field`) that git would track. `ignoreEntry` is the
    /// `.gitignore` line that ignores it, nil when the folder is the repository itself.
    case channelFolderTracked(channel: String, field: String, folder: String, ignoreEntry: String?)

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
        case .soldCellTwice(let id, let order, let first):
            language.pick(
                es: "la clave \(id), vendida en el pedido \(order), tiene la misma celda cifrada que la clave "
                    + "\(first.id), vendida en el pedido \(first.order) (\(first.recordPath)), así que una clave de "
                    + "licencia llegó a dos clientes. Revisa los dos pedidos y envía a uno de los clientes una clave "
                    + "de sustitución",
                en: "key \(id), sold in order \(order), has the same key cell as key \(first.id), sold in order "
                    + "\(first.order) (\(first.recordPath)), so one licence key went to two buyers. Check both "
                    + "orders and send one of the buyers a replacement key")

        case .damagedSoldCell(let id, let order, let path, let error):
            language.pick(
                es: "la celda cifrada de la clave vendida \(id) del pedido \(order) está dañada (\(Self.damage(error, in: language))). "
                    + "Solo keyship escribe en ledger/, así que restaura este registro del historial de git: "
                    + Self.earlierVersions([path], in: language),
                en: "the key cell of sold key \(id) of order \(order) is damaged (\(Self.damage(error, in: language))). "
                    + "Only keyship writes under ledger/, so restore this record from git history: "
                    + Self.earlierVersions([path], in: language))
        case .soldTwice(let id, let order, let path, let first, let firstLocation):
            Self.soldTwiceText(id: id, order: order, path: path, first: first, firstLocation: firstLocation, language: language)
        case .quantityMismatch(let order, let lineID, let quantity, let keys, let path):
            language.pick(
                es: "la línea de pedido \(lineID) del pedido \(order) tiene cantidad \(quantity) pero "
                    + (keys == 1 ? "1 clave asignada" : "\(keys) claves asignadas")
                    + ". keyship asigna exactamente la cantidad de cada línea, así que este registro se editó a mano. "
                    + "Restáuralo del historial de git: " + Self.earlierVersions([path], in: language),
                en: "order line \(lineID) of order \(order) has quantity \(quantity) but "
                    + (keys == 1 ? "1 key assigned" : "\(keys) keys assigned")
                    + ". keyship assigns exactly each line's quantity, so this record was edited by hand. "
                    + "Restore it from git history: " + Self.earlierVersions([path], in: language))
        case .recordMisplaced(let order, let openPath, let closedPath, let path):
            language.pick(
                es: "este registro es del pedido \(order), que keyship solo busca en \(openPath) o \(closedPath), "
                    + "así que no lo encuentra aquí y podría volver a servir el pedido. El registro o su ruta se "
                    + "cambiaron a mano. Restáuralo del historial de git: " + Self.earlierVersions([path], in: language),
                en: "this record is for order \(order), which keyship looks up only at \(openPath) or \(closedPath), "
                    + "so it does not find it here and could serve the order again. The record or its path was "
                    + "changed by hand. Restore it from git history: " + Self.earlierVersions([path], in: language))

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

        case .channelFolderTracked(let channel, let field, let folder, let ignoreEntry):
            Self.channelFolderText(channel: channel, field: field, folder: folder, ignoreEntry: ignoreEntry, language: language)

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

    private static func channelFolderText(
        channel: String, field: String, folder: String, ignoreEntry: String?, language: Language
    ) -> String {
        let isOutbox = field == "outbox"
        let risk = isOutbox
            ? language.pick(
                es: "las claves de licencia sin cifrar que keyship escribe en ella podrían acabar en un commit, y "
                    + "keyship fulfil no usará este canal",
                en: "the plaintext licence keys keyship writes there could be committed, and keyship fulfil will "
                    + "not use this channel")
            : language.pick(
                es: "los datos personales de los clientes que traen los pedidos podrían acabar en un commit",
                en: "the buyers' personal data in the orders could be committed")
        let fix = ignoreEntry.map { entry in
            language.pick(
                es: "Añade \(entry) a .gitignore o mueve la carpeta fuera del repositorio",
                en: "Add \(entry) to .gitignore, or move the folder outside the repository")
        } ?? language.pick(
            es: "Pon la carpeta fuera del repositorio", en: "Move the folder outside the repository")
        return language.pick(
            es: "la carpeta \(field) del canal de venta \(channel) (\(folder)) está dentro del repositorio y git no la "
                + "ignora, así que \(risk). \(fix)",
            en: "the \(field) folder of sales channel \(channel) (\(folder)) is inside the repository and git does not "
                + "ignore it, so \(risk). \(fix)")
    }

    private static func soldTwiceText(
        id: String, order: String, path: String, first: SoldPlace, firstLocation: SourceLocation, language: Language
    ) -> String {
        if first.recordPath == path {
            return language.pick(
                es: "la clave \(id) aparece dos veces en el registro del pedido \(order) (también en \(firstLocation)). "
                    + "keyship nunca asigna una clave dos veces, así que este registro se editó a mano. Restáuralo "
                    + "del historial de git: " + earlierVersions([path], in: language),
                en: "key \(id) appears twice in the record of order \(order) (also at \(firstLocation)). keyship "
                    + "never assigns a key twice, so this record was edited by hand. Restore it from git history: "
                    + earlierVersions([path], in: language))
        }
        let paths = [first.recordPath, path]
        return language.pick(
            es: "la clave \(id) está en el registro del pedido \(order) y también en el del pedido \(first.order) "
                + "(\(firstLocation)). keyship nunca asigna una clave dos veces, así que uno de los registros se "
                + "editó a mano. Restáuralo del historial de git: " + earlierVersions(paths, in: language)
                + ". Si los dos clientes recibieron la clave, envía a uno de ellos una clave de sustitución",
            en: "key \(id) is in the record of order \(order) and also in that of order \(first.order) "
                + "(\(firstLocation)). keyship never assigns a key twice, so one of the records was edited by hand. "
                + "Restore it from git history: " + earlierVersions(paths, in: language)
                + ". If both buyers received the key, send one of them a replacement key")
    }

    /// The command that lists the earlier versions of ledger records, to restore the version
    /// keyship wrote.
    private static func earlierVersions(_ paths: [String], in language: Language) -> String {
        let command = "git log -p -- " + paths.joined(separator: " ")
        return language.pick(
            es: "\(command) muestra sus versiones anteriores",
            en: "\(command) shows " + (paths.count == 1 ? "its" : "their") + " earlier versions")
    }

    /// Describes what is wrong with a damaged cell, without the advice of `AgeError`'s own text,
    /// which is written for cells in stock.
    static func damage(_ error: AgeError, in language: Language) -> String {
        switch error {
        case .invalidHeader(let problem):
            language.pick(es: "la cabecera del fichero age no es válida: ", en: "the age file header is invalid: ")
                + problem.text(in: language)
        case .invalidArmor(let problem):
            language.pick(es: "la armadura ASCII no es válida: ", en: "the ASCII armor is invalid: ")
                + problem.text(in: language)
        case .invalidPayload(let problem):
            language.pick(es: "el contenido cifrado no es válido: ", en: "the encrypted payload is invalid: ")
                + problem.text(in: language)
        case .headerMACMismatch:
            language.pick(
                es: "el MAC de la cabecera no coincide: la cabecera se modificó después de cifrar",
                en: "the header MAC does not match: the header was changed after encryption")
        case .invalidCell(let problem):
            language.pick(es: "la celda no es válida: ", en: "the cell is invalid: ") + problem.text(in: language)
        default:
            clause(error.text(in: language))
        }
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
