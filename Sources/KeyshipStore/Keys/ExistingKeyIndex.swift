public import KeyshipCore
public import KeyshipCrypto

/// The plaintext of every key in the store, mapped to where it is, so an import can reject a
/// key that is already in stock or was already sold, in any product.
///
/// The plaintexts live only in this value's memory; nothing here logs or prints them.
public struct ExistingKeyIndex: Sendable {
    private var places: [String: KeyImport.ExistingKey]

    /// How many keys were decrypted.
    public var count: Int { places.count }

    /// Decrypts every available and sold key of `inventory` with `identities`.
    ///
    /// A cell that `identities` cannot open fails the whole build, because a check that skips
    /// keys would let a duplicate through unnoticed. `progress` receives the number of cells
    /// done after each one.
    public static func build(
        from inventory: KeyInventory, identities: [AgeIdentity], progress: (Int) -> Void = { _ in }
    ) throws(ExistingKeyError) -> ExistingKeyIndex {
        var places: [String: KeyImport.ExistingKey] = [:]
        places.reserveCapacity(inventory.available.count + inventory.sold.count)
        var done = 0
        for key in inventory.available {
            let plaintext = try open(key.row, identities: identities, place: .stock(batch: key.batch))
            if places[plaintext] == nil { places[plaintext] = .inStock(id: key.row.id, batch: key.batch) }
            done += 1
            progress(done)
        }
        for entry in inventory.sold {
            let place = ExistingKeyError.Place.order(channel: entry.channel, orderID: entry.orderID)
            let plaintext = try open(entry.key.row, identities: identities, place: place)
            if places[plaintext] == nil {
                places[plaintext] = .sold(id: entry.key.row.id, channel: entry.channel, order: entry.orderID)
            }
            done += 1
            progress(done)
        }
        return ExistingKeyIndex(places: places)
    }

    /// Returns where `key` (a plaintext, compared exactly) already is, or nil.
    public func lookup(_ key: String) -> KeyImport.ExistingKey? {
        places[key]
    }

    private static func open(
        _ row: KeyRow, identities: [AgeIdentity], place: ExistingKeyError.Place
    ) throws(ExistingKeyError) -> String {
        let secret: SecretBytes
        do {
            secret = try KeyCell.open(row.cell, with: identities)
        } catch {
            throw .cannotOpen(id: row.id, place: place, reason: error)
        }
        guard let text = secret.utf8String() else { throw .notUTF8(id: row.id, place: place) }
        return text
    }
}

/// A stored key the duplicate check could not read.
public enum ExistingKeyError: KeyshipError, Equatable {
    /// The place of a stored key.
    public enum Place: Sendable, Equatable {
        case stock(batch: String)
        case order(channel: String, orderID: String)

        func text(in language: Language) -> String {
            switch self {
            case .stock(let batch): batch
            case .order(let channel, let orderID):
                language.pick(es: "pedido \(orderID) de \(channel)", en: "order \(orderID) on \(channel)")
            }
        }
    }

    case cannotOpen(id: String, place: Place, reason: AgeError)
    case notUTF8(id: String, place: Place)

    public func text(in language: Language) -> String {
        switch self {
        case .cannotOpen(let id, let place, .noMatchingIdentity):
            language.pick(
                es: "la identidad de KEYSHIP_IDENTITY o KEYSHIP_IDENTITY_FILE no abre la clave \(id) (\(place.text(in: language))), así que no se puede comprobar si hay claves repetidas; usa la identidad de la tienda, o quita esas variables para importar sin esa comprobación",
                en: "the identity in KEYSHIP_IDENTITY or KEYSHIP_IDENTITY_FILE does not open key \(id) (\(place.text(in: language))), so duplicates cannot be checked; use the store's identity, or unset those variables to import without that check")
        case .cannotOpen(let id, let place, let reason):
            language.pick(
                es: "no se puede descifrar la clave \(id) (\(place.text(in: language))) para buscar claves repetidas: \(reason.text(in: language))",
                en: "cannot decrypt key \(id) (\(place.text(in: language))) to look for duplicates: \(reason.text(in: language))")
        case .notUTF8(let id, let place):
            language.pick(
                es: "la clave \(id) (\(place.text(in: language))) no es texto UTF-8 una vez descifrada; vuelve a importarla",
                en: "key \(id) (\(place.text(in: language))) is not UTF-8 text once decrypted; import it again")
        }
    }
}
