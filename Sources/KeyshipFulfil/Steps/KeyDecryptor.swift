import KeyshipCore
import KeyshipCrypto

/// Decrypts the key cells a run sends, once each, keeping the plaintexts in memory only.
final class KeyDecryptor {
    private let identities: [AgeIdentity]
    private var plaintexts: [String: String] = [:]

    init(identities: [AgeIdentity]) {
        self.identities = identities
    }

    /// Decrypts every key of `records` now, so a wrong identity or a damaged cell stops the run
    /// before anything is assigned or sent.
    func prepare(_ records: [LedgerRecord]) throws {
        for record in records {
            for key in record.keys { _ = try plaintext(key) }
        }
    }

    func plaintext(_ key: SoldKey) throws -> String {
        if let known = plaintexts[key.row.cell] { return known }
        do {
            let secret = try KeyCell.open(key.row.cell, with: identities)
            guard let text = secret.utf8String() else {
                throw RunMessage.keyNotDecryptable(keyID: key.row.id, batch: key.batch, reason: KeyTextMessage.notUTF8)
            }
            plaintexts[key.row.cell] = text
            return text
        } catch let error as AgeError {
            throw RunMessage.keyNotDecryptable(keyID: key.row.id, batch: key.batch, reason: error)
        }
    }
}

enum KeyTextMessage: LocalizedMessage {
    case notUTF8

    func text(in language: Language) -> String {
        language.pick(es: "la clave descifrada no es texto UTF-8", en: "the decrypted key is not UTF-8 text")
    }
}
