import KeyshipCore
import KeyshipCrypto

/// Compares the fingerprint index of sold keys with the ledger (`check --decrypt`).
///
/// Every sold key needs its line, because a missing line lets a copy of the key be sold again.
/// Every line needs a sold key, because a stray line keeps a returned key from being sold.
///
/// The fingerprints of sold keys come from `CellDecryption`, which opens every cell anyway, so
/// the added cost is reading the shard files once.
struct FingerprintIndexCheck {
    var tree: VisibleWorkTree

    /// Opens `ledger/fingerprint-key.age`; nil when the store has no index yet or the key does
    /// not open, which is reported.
    static func openKey(in tree: VisibleWorkTree, identities: [AgeIdentity], into diagnostics: inout DiagnosticList) throws -> FingerprintKey? {
        guard let text = try FingerprintIndexReader(snapshot: tree).keyFileText() else { return nil }
        do {
            return try FingerprintKey.open(text, with: identities)
        } catch {
            diagnostics.error(at: SourceLocation(path: FingerprintLayout.keyFile), FingerprintCheckMessage.keyNotOpened(error))
            return nil
        }
    }

    /// Appends a finding for every sold key without its line and every line without its sold
    /// key. `fingerprints` maps the cells of sold keys to their fingerprints; keys whose cell did
    /// not open are left out, because `CellDecryption` reports them.
    func run(ledger: SoldKeys, fingerprints: [String: String], into diagnostics: inout DiagnosticList) throws {
        var expected: [FingerprintEntry: SoldPlace] = [:]
        for (place, cell) in ledger.sold {
            guard let fingerprint = fingerprints[cell] else { continue }
            let entry = FingerprintEntry(fingerprint: fingerprint, channel: place.channel, orderID: place.orderID, keyID: place.id)
            if expected[entry] == nil { expected[entry] = place }
        }

        var listed: Set<FingerprintEntry> = []
        let reader = FingerprintIndexReader(snapshot: tree)
        for path in try reader.shardPaths() {
            guard let bytes = try tree.read(path) else { continue }
            diagnostics.append(contentsOf: FingerprintShard.decode(bytes, path: path).diagnostics)
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() {
                guard let entry = FingerprintEntry(line: line), FingerprintLayout.shardPath(for: entry.fingerprint) == path else { continue }
                listed.insert(entry)
                if expected[entry] == nil {
                    diagnostics.error(
                        at: SourceLocation(path: path, line: index + 1),
                        FingerprintCheckMessage.notSold(id: entry.keyID, order: entry.order))
                }
            }
        }

        var ledgerLines = LedgerLines(tree: tree)
        for (entry, place) in expected where !listed.contains(entry) {
            diagnostics.error(
                at: SourceLocation(path: place.recordPath, line: ledgerLines.line(ofKey: place.id, in: place.recordPath)),
                FingerprintCheckMessage.notListed(id: place.id, order: place.order))
        }
    }
}

/// Findings about the fingerprint index.
enum FingerprintCheckMessage: LocalizedMessage {
    case keyNotOpened(FingerprintKeyError)
    case notListed(id: String, order: String)
    case notSold(id: String, order: String)

    private static let rebuild = (
        es: "Para reconstruir el índice, borra ledger/fingerprint-key.age y ledger/fingerprints/ en un commit de la rama "
            + "de la tienda; la próxima ejecución que reserve claves vuelve a indexar todas las claves vendidas",
        en: "To rebuild the index, delete ledger/fingerprint-key.age and ledger/fingerprints/ in one commit on the "
            + "store's branch; the next run that reserves keys indexes every sold key again")

    func text(in language: Language) -> String {
        switch self {
        case .keyNotOpened(let error):
            language.pick(
                es: "el índice de claves vendidas no se puede comprobar: \(error.text(in: .es))",
                en: "the index of sold keys cannot be checked: \(error.text(in: .en))")
        case .notListed(let id, let order):
            language.pick(
                es: "la clave \(id), vendida en el pedido \(order), no está en el índice de huellas, así que una copia "
                    + "suya se podría volver a vender. \(Self.rebuild.es)",
                en: "the key \(id), sold in order \(order), is not in the fingerprint index, so a copy of it could be "
                    + "sold again. \(Self.rebuild.en)")
        case .notSold(let id, let order):
            language.pick(
                es: "esta línea del índice de huellas es de la clave \(id) del pedido \(order), que el registro no da "
                    + "por vendida, así que esa clave no se puede vender. \(Self.rebuild.es)",
                en: "this line of the fingerprint index is for the key \(id) of order \(order), which the ledger does "
                    + "not show as sold, so that key cannot be sold. \(Self.rebuild.en)")
        }
    }
}
