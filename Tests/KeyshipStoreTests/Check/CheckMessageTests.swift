import KeyshipCore
import KeyshipCrypto
import Testing
@testable import KeyshipStore

/// The texts of findings that the scenario tests do not reach in Spanish, or at all.
@Suite struct CheckMessageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var message: any LocalizedMessage
        var spanish: String
        /// The English text, when no scenario test already checks it.
        var english: String?

        var testDescription: String { name }
    }

    private static let sold = SoldPlace(
        id: "S1", channel: "tienda", orderID: "T-1", recordPath: "ledger/tienda/2026-12/T-1.yaml")
    private static let first = SourceLocation(path: "keys/office/b1.csv", line: 2)

    static let cases: [Case] = [
        Case(
            name: "unknown product", message: CheckMessage.unknownProduct(product: "photoshop"),
            spanish: "no hay ningún producto photoshop en el catálogo, así que keyship nunca vende estas claves. "
                + "Añade catalog/photoshop.yaml o mueve este fichero a la carpeta de un producto del catálogo"),
        Case(
            name: "no warehouses declared",
            message: CheckMessage.unknownWarehouse(id: "K1", warehouse: "LIS", known: []),
            spanish: "clave K1: el almacén LIS no está en keyship.yaml. Añade LIS a warehouses en keyship.yaml",
            english: "key K1: warehouse LIS is not in keyship.yaml. Add LIS to warehouses in keyship.yaml"),
        Case(
            name: "attachment not found", message: CheckMessage.attachmentNotFound(id: "K1", path: "attachments/a.pdf"),
            spanish: "clave K1: el documento adjunto attachments/a.pdf no está en la tienda. Añade el fichero al "
                + "repositorio o vacía la columna attachment"),
        Case(
            name: "cell not base64", message: CheckMessage.invalidCell(id: "K1", .invalidCell(.notBase64)),
            spanish: "clave K1: la celda cifrada no es válida: no es una sola línea de base64 estándar (sin espacios "
                + "ni saltos de línea). Recupérala del historial de git o vuelve a importar la clave con keyship keys import"),
        Case(
            name: "duplicate cell", message: CheckMessage.duplicateCell(id: "K2", firstID: "K1", first: first),
            spanish: "la clave K2 tiene la misma celda cifrada que la clave K1 en keys/office/b1.csv:2, así que la "
                + "misma clave de licencia se vendería dos veces. Borra una de las dos filas"),
        Case(
            name: "sold key in stock", message: CheckMessage.soldKeyInStock(sold),
            spanish: "clave vendida añadida de nuevo: la clave S1 se vendió en el pedido tienda/T-1 "
                + "(ledger/tienda/2026-12/T-1.yaml). Borra esta fila, porque una clave vendida nunca vuelve al stock"),
        Case(
            name: "sold cell in stock", message: CheckMessage.soldCellInStock(id: "K9", sold: sold),
            spanish: "clave vendida añadida de nuevo con otro id: la clave K9 tiene la celda cifrada de la clave S1, "
                + "vendida en el pedido tienda/T-1 (ledger/tienda/2026-12/T-1.yaml). Borra esta fila"),
        Case(
            name: "sold cell twice", message: CheckMessage.soldCellTwice(id: "S2", order: "tienda/T-2", first: sold),
            spanish: "la clave S2, vendida en el pedido tienda/T-2, tiene la misma celda cifrada que la clave S1, "
                + "vendida en el pedido tienda/T-1 (ledger/tienda/2026-12/T-1.yaml), así que una clave de licencia "
                + "llegó a dos clientes. Revisa los dos pedidos y envía a uno de los clientes una clave de sustitución",
            english: "key S2, sold in order tienda/T-2, has the same key cell as key S1, sold in order tienda/T-1 "
                + "(ledger/tienda/2026-12/T-1.yaml), so one licence key went to two buyers. Check both orders and "
                + "send one of the buyers a replacement key"),
        Case(
            name: "no template", message: CheckMessage.noTemplate(product: "office", language: "es"),
            spanish: "el producto office es una licencia a la venta sin ninguna plantilla de mensaje, así que sus "
                + "clientes reciben solo las claves, sin instrucciones. Añade templates/office/default.es.yaml"),
        Case(
            name: "preview failed",
            message: CheckMessage.previewFailed(
                product: "office", channel: "amazon", language: "es",
                .keysExceedLimit(order: "amazon/SAMPLE-0001", length: 500, limit: 400)),
            spanish: "el mensaje de ejemplo de office en el canal de venta amazon (idioma es) no se puede generar: "
                + "pedido amazon/SAMPLE-0001: sus claves ocupan 500 caracteres, más que el límite de 400 del canal, y "
                + "una clave nunca se corta. Envía las claves de este pedido a mano desde el marketplace",
            english: "the sample message of office on channel amazon (language es) cannot be rendered: order "
                + "amazon/SAMPLE-0001: its keys take 500 characters, more than the channel's limit of 400, and a key "
                + "is never cut. Send this order's keys by hand through the marketplace"),
        Case(
            name: "listed identity opens nothing",
            message: CheckMessage.wrongIdentity(tried: 3, total: 3, recipients: ["age1abc"], listed: true),
            spanish: "la identidad no abre ninguna de las 3 celdas cifradas, aunque su destinatario age1abc está en "
                + "keyship.yaml, así que las claves se cifraron para otros destinatarios. Usa la identidad para la que "
                + "se cifraron, o vuelve a cifrar las claves para los destinatarios de keyship.yaml",
            english: "the identity opens none of the 3 key cells, although its recipient age1abc is in keyship.yaml, "
                + "so the keys were encrypted to other recipients. Use the identity they were encrypted to, or "
                + "encrypt the keys again to the recipients in keyship.yaml"),
        Case(
            name: "identity opens the only cell",
            message: CheckMessage.wrongIdentity(tried: 1, total: 1, recipients: ["age1abc"], listed: false),
            spanish: "la identidad no abre la única celda cifrada, así que no es la identidad de esta tienda. Su "
                + "destinatario age1abc no está en recipients de keyship.yaml. Pon en KEYSHIP_IDENTITY o "
                + "KEYSHIP_IDENTITY_FILE la identidad de uno de los destinatarios de la tienda",
            english: "the identity does not open the only key cell, so it is not this store's identity. Its "
                + "recipient age1abc is not in recipients in keyship.yaml. Set KEYSHIP_IDENTITY or "
                + "KEYSHIP_IDENTITY_FILE to the identity of one of the store's recipients"),
        Case(
            name: "identity opens first of several",
            message: CheckMessage.wrongIdentity(tried: 1, total: 5, recipients: ["age1abc"], listed: true),
            spanish: "la identidad no abre la primera celda cifrada (de 5), aunque su destinatario age1abc está en "
                + "keyship.yaml, así que las claves se cifraron para otros destinatarios. Usa la identidad para la que "
                + "se cifraron, o vuelve a cifrar las claves para los destinatarios de keyship.yaml",
            english: "the identity does not open the first key cell (of 5), although its recipient age1abc is in "
                + "keyship.yaml, so the keys were encrypted to other recipients. Use the identity they were encrypted "
                + "to, or encrypt the keys again to the recipients in keyship.yaml"),
        Case(
            name: "identity opens none of the first",
            message: CheckMessage.wrongIdentity(tried: 100, total: 250, recipients: ["age1abc"], listed: false),
            spanish: "la identidad no abre ninguna de las primeras 100 celdas cifradas (de 250), así que no es la "
                + "identidad de esta tienda. Su destinatario age1abc no está en recipients de keyship.yaml. Pon en "
                + "KEYSHIP_IDENTITY o KEYSHIP_IDENTITY_FILE la identidad de uno de los destinatarios de la tienda"),
        Case(
            name: "identity not a recipient", message: CheckMessage.identityNotRecipient(recipients: ["age1abc"]),
            spanish: "la identidad abre las celdas cifradas, pero su destinatario age1abc no está en recipients de "
                + "keyship.yaml, así que las claves que se importen a partir de ahora no se cifrarán para ella. Añade "
                + "el destinatario a recipients en keyship.yaml"),
        Case(
            name: "cell for another identity", message: CheckMessage.cellForAnotherIdentity(id: "K1"),
            spanish: "la clave K1 no se cifró para esta identidad, aunque la identidad abre otras celdas. Borra la "
                + "fila y vuelve a importar la clave con keyship keys import, que cifra para los destinatarios de keyship.yaml"),
        Case(
            name: "sold cell for another identity", message: CheckMessage.soldCellForAnotherIdentity(id: "S1"),
            spanish: "la clave vendida S1 no se cifró para esta identidad, aunque la identidad abre otras celdas, así "
                + "que keyship no podrá reenviarla. Conserva la identidad para la que se cifró"),
        Case(
            name: "cell not opened", message: CheckMessage.cellNotOpened(id: "K1", .headerMACMismatch),
            spanish: "la clave K1 no se puede descifrar: el MAC de la cabecera del fichero age no coincide: la "
                + "cabecera se modificó después de cifrar. Recupera la celda del historial de git o vuelve a importar la clave",
            english: "key K1 cannot be decrypted: the age file's header MAC does not match: the header was changed "
                + "after encryption. Restore the cell from git history or import the key again"),
        Case(
            name: "same plaintext", message: CheckMessage.samePlaintext(id: "K2", otherID: "K1", other: first),
            spanish: "la clave K2 es la misma clave de licencia que la clave K1 en keys/office/b1.csv:2, cifrada dos "
                + "veces, así que se vendería dos veces. Borra una de las dos filas"),
        Case(
            name: "same plaintext as sold", message: CheckMessage.samePlaintextSold(id: "K2", sold: sold),
            spanish: "la clave K2 es la misma clave de licencia que la clave S1, vendida en el pedido tienda/T-1 "
                + "(ledger/tienda/2026-12/T-1.yaml). Borra esta fila, porque una clave vendida nunca vuelve al stock"),
        Case(
            name: "ledger edited",
            message: CheckMessage.ledgerChanged(path: "ledger/a.yaml", change: .modified, base: "origin/main"),
            spanish: "solo keyship escribe en ledger/, y este cambio edita este fichero. Restáuralo con git checkout "
                + "origin/main -- ledger/a.yaml"),
        Case(
            name: "cell changed", message: CheckMessage.cellChanged(id: "K1", base: "origin/main"),
            spanish: "la clave K1 tiene otra celda cifrada que en origin/main, lo que pone otra clave de licencia bajo "
                + "el mismo id. Deja la celda como estaba e importa la clave nueva con keyship keys import"),
        Case(
            name: "re-adds sold key", message: CheckMessage.reAddsSoldKey(id: "S1", sold: sold, base: "origin/main"),
            spanish: "el cambio añade de nuevo una clave vendida: la clave S1 se vendió en el pedido tienda/T-1 "
                + "(origin/main, ledger/tienda/2026-12/T-1.yaml). Borra esta fila, porque una clave vendida nunca "
                + "vuelve al stock"),
        Case(
            name: "re-adds sold cell", message: CheckMessage.reAddsSoldCell(id: "K9", sold: sold, base: "origin/main"),
            spanish: "el cambio añade de nuevo una clave vendida con otro id: la clave K9 tiene la celda cifrada "
                + "de la clave S1, vendida en el pedido tienda/T-1 (origin/main, ledger/tienda/2026-12/T-1.yaml). Borra esta fila"),
        Case(
            name: "store below repository top",
            message: CheckError.storeNotAtRepositoryTop(store: "/srv/repo/store", workTree: "/srv/repo"),
            spanish: "--base necesita la tienda en la carpeta principal de su repositorio git, pero /srv/repo/store "
                + "está dentro de /srv/repo. Ejecuta keyship check --base en un clon del repositorio de la tienda",
            english: "--base needs the store at the top folder of its git repository, but /srv/repo/store is inside "
                + "/srv/repo. Run keyship check --base in a clone of the store repository"),
        Case(
            name: "no commit", message: CheckError.noCommit(base: "origin/main"),
            spanish: "el repositorio de la tienda aún no tiene ningún commit, así que no hay cambios que comparar con "
                + "origin/main. Haz commit de la tienda primero",
            english: "the store repository has no commit yet, so there is no change to compare with origin/main. "
                + "Commit the store first"),
        Case(
            name: "unrelated history", message: CheckError.unrelatedHistory(base: "origin/main"),
            spanish: "HEAD y origin/main no tienen ningún commit en común, así que no se puede saber qué cambia. "
                + "Comprueba que --base nombra la rama principal de la tienda",
            english: "HEAD and origin/main share no commit, so the change cannot be worked out. Check that --base "
                + "names the store's main branch"),
    ]

    @Test(arguments: cases)
    func messageTexts(_ testCase: Case) {
        #expect(testCase.message.text(in: .es) == testCase.spanish)
        if let english = testCase.english {
            #expect(testCase.message.text(in: .en) == english)
        }
    }
}
