import KeyshipCore
import KeyshipCrypto

/// Opens every key cell in stock and in the ledger with the operator's identity (`check
/// --decrypt`), and finds licence keys that appear twice under different cells.
///
/// Each distinct cell is opened once, because identical cells are `StockCheck`'s findings.
/// Plaintexts are compared through a per-process keyed hash (Swift's `Hasher`) of the key with
/// surrounding whitespace removed, and a hash match is confirmed by opening the earlier cell
/// again, so no plaintext is kept after its cell is done. Findings name key ids and locations,
/// never a key.
///
/// A wrong identity is reported once, when no cell opens. An identity whose recipient is not in
/// `keyship.yaml` is given up on early, after `probeSize` cells that are not encrypted to it and
/// none that is, so a wrong identity does not cost a failed decryption per cell.
struct CellDecryption {
    var identities: [AgeIdentity]
    /// The recipients in `keyship.yaml`, when it could be read.
    var recipients: [String]?
    /// The work tree, to find the line of a sold key in its record when one is reported.
    var tree: VisibleWorkTree
    /// The key of the store's fingerprint index, to fingerprint sold keys while they are open.
    var fingerprintKey: FingerprintKey? = nil

    static let probeSize = 100
    static let progressInterval = 1000

    /// One cell to open and where it is.
    private enum Place {
        case stock(StockKey)
        case sold(SoldPlace, cell: String)
        /// A key whose order was cancelled and returned it to stock.
        case returned(SoldPlace, cell: String)

        var cell: String {
            switch self {
            case .stock(let key): key.row.cell
            case .sold(_, let cell), .returned(_, let cell): cell
            }
        }

        var id: String {
            switch self {
            case .stock(let key): key.row.id
            case .sold(let place, _), .returned(let place, _): place.id
            }
        }
    }

    /// Opens the cells, appends the findings and returns how many distinct cells opened.
    ///
    /// `progress` receives the distinct cells handled so far and their total, every
    /// `progressInterval` cells. With a `fingerprintKey`, `fingerprinted` receives each opened
    /// cell of a sold key with its fingerprint.
    func run(
        stock: [StockKey], ledger: SoldKeys, progress: (_ done: Int, _ total: Int) -> Void,
        into diagnostics: inout DiagnosticList, fingerprinted: (_ cell: String, _ fingerprint: String) -> Void = { _, _ in }
    ) -> Int {
        let places = stock.map(Place.stock) + ledger.sold.map { Place.sold($0.place, cell: $0.cell) }
            + ledger.returned.map { Place.returned($0.place, cell: $0.cell) }
        var seenCells: Set<String> = []
        seenCells.reserveCapacity(places.count)
        let distinct = places.indices.filter { seenCells.insert(places[$0].cell).inserted }
        var lines = LedgerLines(tree: tree)
        // Places of opened keys by plaintext hash. Returned keys are left out, because they are in stock again.
        var byDigest: [Int: [Int]] = [:]
        var opened = 0
        var unmatched: [Int] = []

        for (done, index) in distinct.enumerated() {
            if done % Self.progressInterval == 0 { progress(done, distinct.count) }
            let place = places[index]
            let secret: SecretBytes
            do {
                secret = try KeyCell.open(place.cell, with: identities)
            } catch .noMatchingIdentity where opened == 0 {
                // Until one cell opens, the identity itself may be wrong: hold these back.
                unmatched.append(index)
                if unmatched.count >= Self.probeSize, !isListedRecipient {
                    diagnostics.error(at: nil, CheckMessage.wrongIdentity(
                        tried: unmatched.count, total: distinct.count, recipients: identityRecipients,
                        listed: isListedRecipient))
                    return 0
                }
                continue
            } catch {
                diagnostics.error(at: location(of: place, lines: &lines), message(for: place, error))
                continue
            }

            if opened == 0 {
                for earlier in unmatched {
                    let place = places[earlier]
                    diagnostics.error(at: location(of: place, lines: &lines), message(for: place, .noMatchingIdentity))
                }
                unmatched = []
            }
            opened += 1
            if case .returned = place { continue }
            if case .sold = place, let fingerprintKey { fingerprinted(place.cell, fingerprintKey.fingerprint(of: secret)) }

            let digest = Self.digest(secret)
            for earlier in byDigest[digest, default: []] where isSameKey(secret, as: places[earlier]) {
                report(place, duplicates: places[earlier], lines: &lines, into: &diagnostics)
            }
            byDigest[digest, default: []].append(index)
        }
        progress(distinct.count, distinct.count)

        if opened == 0, !unmatched.isEmpty {
            diagnostics.error(at: nil, CheckMessage.wrongIdentity(
                tried: unmatched.count, total: distinct.count, recipients: identityRecipients, listed: isListedRecipient))
        } else if opened > 0, !isListedRecipient {
            diagnostics.error(
                at: SourceLocation(path: StoreLayout.configFile),
                CheckMessage.identityNotRecipient(recipients: identityRecipients))
        }
        return opened
    }

    private var identityRecipients: [String] { identities.map(\.recipient.encoded) }

    /// True when one of the identities is a recipient in `keyship.yaml`, or the settings are unknown.
    private var isListedRecipient: Bool {
        guard let recipients else { return true }
        return identityRecipients.contains { recipients.contains($0) }
    }

    /// Reports a key found again: at the stock row, naming the other place. Two sold keys with the
    /// same licence key are history, and no pull request can change them, so they are not reported.
    private func report(_ place: Place, duplicates earlier: Place, lines: inout LedgerLines, into diagnostics: inout DiagnosticList) {
        switch (earlier, place) {
        case (.stock(let first), .stock(let second)):
            diagnostics.error(at: StockCheck.location(of: second), CheckMessage.samePlaintext(
                id: second.row.id, otherID: first.row.id, other: StockCheck.location(of: first)))
        case (.stock(let key), .sold(let sold, _)), (.sold(let sold, _), .stock(let key)):
            diagnostics.error(at: StockCheck.location(of: key), CheckMessage.samePlaintextSold(id: key.row.id, sold: sold))
        default:
            break
        }
    }

    private func location(of place: Place, lines: inout LedgerLines) -> SourceLocation {
        switch place {
        case .stock(let key):
            StockCheck.location(of: key)
        case .sold(let sold, _), .returned(let sold, _):
            SourceLocation(path: sold.recordPath, line: lines.line(ofKey: sold.id, in: sold.recordPath))
        }
    }

    private func message(for place: Place, _ error: AgeError) -> CheckMessage {
        switch (place, error) {
        case (.stock, .noMatchingIdentity):
            return .cellForAnotherIdentity(id: place.id)
        case (.sold, .noMatchingIdentity), (.returned, .noMatchingIdentity):
            return .soldCellForAnotherIdentity(id: place.id)
        case (.stock, _):
            return .cellNotOpened(id: place.id, error)
        case (.sold(let sold, _), _), (.returned(let sold, _), _):
            // The advice is to restore the record, because importing a sold key again would put it back in stock.
            return .damagedSoldCell(id: sold.id, order: sold.order, path: sold.recordPath, error)
        }
    }

    /// Opens `place`'s cell again and compares the keys.
    private func isSameKey(_ secret: SecretBytes, as place: Place) -> Bool {
        guard let other = try? KeyCell.open(place.cell, with: identities) else { return false }
        return secret.withUnsafeBytes { left in
            other.withUnsafeBytes { right in
                Self.trimmed(left).elementsEqual(Self.trimmed(right))
            }
        }
    }

    private static func digest(_ secret: SecretBytes) -> Int {
        secret.withUnsafeBytes { bytes in
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: trimmed(bytes)))
            return hasher.finalize()
        }
    }

    /// Returns the bytes without ASCII spaces, tabs and line breaks at either end, so a key sealed
    /// with a trailing newline (as `echo KEY | age` writes it) matches the same key imported by keyship.
    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> Slice<UnsafeRawBufferPointer> {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, blank(bytes[start]) { start += 1 }
        while end > start, blank(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }
}
