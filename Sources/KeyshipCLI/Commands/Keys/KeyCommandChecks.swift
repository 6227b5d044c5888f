import KeyshipCore
import KeyshipCrypto
import KeyshipStore

/// Checks the key commands make against the store before they change anything.
enum KeyCommandChecks {
    /// Returns the catalogue product `id`, which must be a digital licence to have keys.
    static func licenceProduct(_ id: String, in definition: StoreDefinition) throws(KeyCommandError) -> Product {
        guard let product = definition.catalog.product(id: id) else {
            throw .unknownProduct(id, known: definition.catalog.sortedProducts.map(\.id))
        }
        guard product.digitalLicense else { throw .notALicence(id) }
        return product
    }

    /// Returns `code` when it is one of the store's warehouses.
    static func warehouse(_ code: String, in config: StoreConfig) throws(KeyCommandError) -> String {
        guard config.warehouse(code: code) != nil else {
            throw .unknownWarehouse(code, known: config.warehouses.map(\.code))
        }
        return code
    }

    /// Parses the store's recipients, naming the first invalid one.
    static func recipients(of config: StoreConfig) throws(KeyCommandError) -> [AgeRecipient] {
        var recipients: [AgeRecipient] = []
        for text in config.recipients {
            do {
                recipients.append(try AgeRecipient(parsing: text))
            } catch {
                throw .invalidRecipient(text, reason: error)
            }
        }
        return recipients
    }

    /// Returns the available row with `id`, or the reason it cannot be changed.
    static func availableKey(
        _ id: String, in inventory: KeyInventory, action: KeyCommandError.Action
    ) -> Result<StockKey, KeyCommandError> {
        switch inventory.locate(id) {
        case .available(let key):
            if inventory.damagedBatches.contains(key.batch) {
                return .failure(.damagedBatch(key.batch))
            }
            return .success(key)
        case .availableMoreThanOnce(let keys):
            return .failure(.idOnSeveralRows(id, places: keys.map { "\($0.batch):\($0.line)" }))
        case .sold(let entry):
            return .failure(.sold(id, channel: entry.channel, orderID: entry.orderID, record: entry.recordPath, action: action))
        case .unknown:
            return .failure(.unknownKey(id))
        }
    }
}

/// A key command that cannot go on, with the value at fault and what to do.
enum KeyCommandError: KeyshipError, Equatable {
    /// The change the operator requested for a key.
    enum Action: Sendable, Equatable {
        case edit
        case delete
    }

    case unknownProduct(String, known: [String])
    case notALicence(String)
    case unknownWarehouse(String, known: [String])
    case invalidRecipient(String, reason: AgeError)
    case unreadableFile(String, reason: String)
    case sold(String, channel: String, orderID: String, record: String, action: Action)
    case unknownKey(String)
    case idOnSeveralRows(String, places: [String])
    case damagedBatch(String)

    func text(in language: Language) -> String {
        switch self {
        case .unknownProduct(let id, let known):
            language.pick(
                es: "producto desconocido \"\(id)\"; el catálogo tiene: \(known.joined(separator: ", "))",
                en: "unknown product \"\(id)\"; the catalogue has: \(known.joined(separator: ", "))")
        case .notALicence(let id):
            language.pick(
                es: "el producto \(id) no es una licencia de uso digital (digital_license: false en catalog/\(id).yaml), así que no tiene claves de licencia",
                en: "the product \(id) is not a digital licence (digital_license: false in catalog/\(id).yaml), so it has no licence keys")
        case .unknownWarehouse(let code, let known):
            language.pick(
                es: "almacén desconocido \"\(code)\"; los almacenes de keyship.yaml son \(known.joined(separator: ", "))",
                en: "unknown warehouse \"\(code)\"; the warehouses in keyship.yaml are \(known.joined(separator: ", "))")
        case .invalidRecipient(let value, let reason):
            language.pick(
                es: "el destinatario \"\(value)\" de recipients en keyship.yaml no es válido (\(reason.text(in: language))); corrígelo antes de importar claves",
                en: "the recipient \"\(value)\" in recipients in keyship.yaml is invalid (\(reason.text(in: language))); fix it before importing keys")
        case .unreadableFile(let path, let reason):
            language.pick(
                es: "no se puede leer \(path) (\(reason))",
                en: "cannot read \(path) (\(reason))")
        case .sold(let id, let channel, let orderID, let record, let action):
            language.pick(
                es: "la clave \(id) ya se vendió en el pedido \(orderID) del canal de venta \(channel) (\(record)); "
                    + (action == .edit ? "solo se pueden modificar" : "solo se pueden eliminar") + " las claves disponibles",
                en: "key \(id) was already sold in order \(orderID) on sales channel \(channel) (\(record)); only available keys can be "
                    + (action == .edit ? "edited" : "deleted"))
        case .unknownKey(let id):
            language.pick(
                es: "no hay ninguna clave con id \(id) en la tienda; keyship keys list muestra los ids",
                en: "there is no key with id \(id) in the store; keyship keys list shows the ids")
        case .idOnSeveralRows(let id, let places):
            language.pick(
                es: "el id \(id) está en varias filas (\(places.joined(separator: ", "))); corrige el id repetido a mano (keyship check lo señala) y vuelve a intentarlo",
                en: "the id \(id) is on several rows (\(places.joined(separator: ", "))); fix the duplicate id by hand (keyship check points at it) and try again")
        case .damagedBatch(let path):
            language.pick(
                es: "\(path) tiene filas con errores y reescribirlo las perdería; corrígelo antes (keyship check lista los errores)",
                en: "\(path) has rows with errors that rewriting it would lose; fix it first (keyship check lists the errors)")
        }
    }
}
