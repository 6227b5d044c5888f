import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipStore

/// Keeps a licence key from being sold twice when it entered the stock again under a new id and
/// a new cell: a sold key imported again, or the same spreadsheet imported twice. Key ids cannot
/// show this, and people import keys without the identity, so the import cannot either.
///
/// Before every reservation the run computes each reserved key's fingerprint and looks it up in
/// the index of sold keys (`FingerprintLayout`), reading one shard file per key. A key already in
/// the index, or a second copy of a key among this plan's keys, is blocked and the run plans
/// again without it (`PlanInput.blockedKeys`). Blocked keys stay under `keys/` and are reported
/// with their batch file and line, so a person deletes the row.
///
/// The reservation commit adds the fingerprints of the keys it moves to the ledger, so the index
/// never lags the sales. The record commit removes the fingerprints of keys that a cancellation
/// returns to stock, so they can be sold again. Burned keys stay in the index.
///
/// The fingerprint key is created by the first reservation that needs it, in the same commit.
/// That commit also indexes every key sold before the index existed, decrypting each sold key
/// once: the only time the cost follows the size of history. Push is the lock: when two runs
/// create a key at the same time, one push is rejected, and that run plans again and uses the
/// key that won.
final class SoldKeyGuard {
    /// How many times a run plans again after blocking keys before it gives up on the orders that
    /// still got a blocked key.
    static let maxPasses = 5

    private let identities: [AgeIdentity]
    private let logger: Logger
    private let clock = ContinuousClock()
    /// The key this run created while the store had none, sealed to `recipients`. Every attempt
    /// reuses it until a push shows whether it or another run's key won.
    private var created: (key: FingerprintKey, sealed: String, recipients: [String])?
    /// The key last opened from the store, by the file's text.
    private var opened: (text: String, key: FingerprintKey)?
    /// Fingerprints by key cell, computed with `memoKey`.
    private var memo: [String: String] = [:]
    private var memoKey: ObjectIdentifier?

    init(identities: [AgeIdentity], logger: Logger) {
        self.identities = identities
        self.logger = logger
    }

    // MARK: - Planning

    /// A plan whose reserved keys were all checked against the index, and the index lines the
    /// reservation commit writes.
    struct ScreenedPlan {
        var planned: PlannedRun
        var index: IndexUpdate
        /// Damaged records met while indexing history, and orders left without keys.
        var problems: [Diagnostic]
    }

    /// The index changes of the reservation commit.
    struct IndexUpdate {
        var changes = StoreChanges()
        /// Set when this commit creates the fingerprint key: the number of keys sold before,
        /// which the new index lists.
        var indexedSoldKeys: Int?
    }

    /// Plans with `planner` on `snapshot` until no reserved key is a key sold before or a second
    /// copy of another reserved key, at most `maxPasses` times.
    ///
    /// When the last pass still finds keys to block, they join the plan's excluded keys, and the
    /// orders that got them are left out of this run and reported, so nothing unchecked is ever
    /// reserved.
    func plan(with planner: RunPlanner, snapshot: any StoreSnapshot, decryptor: KeyDecryptor) throws -> ScreenedPlan {
        var blocked: [String: ExcludedKey.Reason] = [:]
        var index: IndexState?
        var indexProblems: [Diagnostic] = []
        var pass = 1
        while true {
            var problems: [Diagnostic] = []
            var passPlanner = planner
            passPlanner.blockedKeys = blocked
            var planned = try passPlanner.plan(snapshot, problems: &problems)
            try decryptor.prepare(planned.recordsToDecrypt)
            if pass == 1 { try prepareRemovals(planned.plan.returns, snapshot: snapshot) }
            guard !planned.plan.reservations.isEmpty else {
                return ScreenedPlan(planned: planned, index: IndexUpdate(), problems: problems + indexProblems)
            }
            if index == nil {
                index = try indexState(snapshot, config: planned.definition.config, problems: &indexProblems)
            }
            let found = try screen(planned, index: index!)
            if found.isEmpty {
                return ScreenedPlan(
                    planned: planned, index: try update(for: planned.plan, index: index!), problems: problems + indexProblems)
            }
            for (key, reason) in found {
                blocked[key.row.id] = reason
                logger.warning("key not assigned: its licence key is sold or in stock twice", [
                    "key": key.row.id, "batch": key.batch, "line": String(key.line), "reason": Self.logReason(reason),
                ])
            }
            if pass == Self.maxPasses {
                let foundIDs = Set(found.map(\.key.row.id))
                let dropped = Set(planned.plan.reservations
                    .filter { $0.record.keys.contains { foundIDs.contains($0.row.id) } }
                    .map { OrderKey($0.record) })
                planned = planned.withoutReservations(of: dropped)
                planned.plan.excludedKeys += found.map { key, reason in
                    ExcludedKey(product: key.product, batch: key.batch, line: key.line, keyID: key.row.id, reason: reason)
                }
                planned.plan.excludedKeys.sort { ($0.batch, $0.line) < ($1.batch, $1.line) }
                for order in dropped.sorted() {
                    logger.warning("order left without keys: blocked keys remain after the last pass", ["order": order.description])
                    problems.append(Diagnostic(.error, at: nil, SoldKeyGuardMessage.orderNotReserved(order: order.description)))
                }
                return ScreenedPlan(
                    planned: planned, index: try update(for: planned.plan, index: index!), problems: problems + indexProblems)
            }
            pass += 1
        }
    }

    /// Returns the plan's reserved keys that must not be sold, with the reason.
    ///
    /// Reserved keys are checked first, in reservation order, so the first copy of a key keeps it.
    /// A batch file with one such key was probably imported twice. The rest of that batch's valid
    /// rows are then checked too, so a spreadsheet imported again is blocked in one pass.
    private func screen(_ planned: PlannedRun, index: IndexState) throws -> [(key: StockKey, reason: ExcludedKey.Reason)] {
        var stockByID: [String: StockKey] = [:]
        for key in planned.stock where stockByID[key.row.id] == nil { stockByID[key.row.id] = key }

        var found: [(key: StockKey, reason: ExcludedKey.Reason)] = []
        var keeper: [String: String] = [:]
        var batchesWithCopies: Set<String> = []
        var checked: Set<String> = []
        func check(_ key: StockKey, fingerprint: String) throws {
            checked.insert(key.row.id)
            if let sold = try index.entries(for: fingerprint).first {
                found.append((key, .duplicateOfSold(channel: sold.channel, orderID: sold.orderID, keyID: sold.keyID)))
                batchesWithCopies.insert(key.batch)
            } else if let kept = keeper[fingerprint] {
                found.append((key, .duplicateInStock(keyID: kept)))
                batchesWithCopies.insert(key.batch)
            } else {
                keeper[fingerprint] = key.row.id
            }
        }

        for reservation in planned.plan.reservations {
            for line in reservation.record.lines {
                for sold in line.keys {
                    let key = stockByID[sold.row.id]
                        ?? StockKey(product: line.product, batch: sold.batch, line: 0, row: sold.row)
                    try check(key, fingerprint: try fingerprint(of: key.row, place: key.batch, key: index.key))
                }
            }
        }

        let excluded = Set(planned.plan.excludedKeys.map(\.keyID))
        let neighbours = planned.stock
            .filter { batchesWithCopies.contains($0.batch) && !checked.contains($0.row.id) && !excluded.contains($0.row.id) }
            .filter { $0.row.isValid(on: planned.plan.today) }
            .sorted { KeyRow.assignmentOrder($0.row, $1.row) }
        for key in neighbours {
            // A row that does not open is not reserved; if a later plan reserves it, the
            // decryption before the reservation stops the run.
            guard let fingerprint = try? fingerprint(of: key.row, place: key.batch, key: index.key) else { continue }
            try check(key, fingerprint: fingerprint)
        }
        return found
    }

    /// Returns the index lines for the plan's reserved keys, and on the first use the key file
    /// and the index of every key sold before.
    private func update(for plan: Plan, index: IndexState) throws -> IndexUpdate {
        var entries: [FingerprintEntry] = []
        for reservation in plan.reservations {
            for key in reservation.record.keys {
                entries.append(FingerprintEntry(
                    fingerprint: try fingerprint(of: key.row, place: key.batch, key: index.key),
                    channel: reservation.record.channel, orderID: reservation.record.orderID, keyID: key.row.id))
            }
        }
        guard !entries.isEmpty else { return IndexUpdate() }

        var update = IndexUpdate()
        if let creation = index.creation {
            update.changes.write(FingerprintLayout.keyFile, creation.sealedKey + "\n")
            try FingerprintIndexBuilder.replace(
                with: Array(creation.soldEntries.values.joined()) + entries, reading: index.reader, into: &update.changes)
            update.indexedSoldKeys = creation.soldEntries.values.reduce(0) { $0 + $1.count }
        } else {
            var edit = FingerprintIndexEdit()
            for entry in entries { edit.add(entry) }
            try edit.write(into: &update.changes, reading: index.reader)
        }
        return update
    }

    // MARK: - Returns

    /// Opens the fingerprint key and fingerprints the keys this run's cancellations will return,
    /// so a key file or cell that does not open stops the run before anything is sent, not in the
    /// record commit after the messages went out.
    private func prepareRemovals(_ returns: [KeyReturn], snapshot: any StoreSnapshot) throws {
        guard returns.contains(where: { !$0.rows.isEmpty }),
              let text = try FingerprintIndexReader(snapshot: snapshot).keyFileText()
        else { return }
        let key = try openKey(text)
        for keyReturn in returns {
            for row in keyReturn.rows { _ = try fingerprint(of: row, place: keyReturn.batch, key: key) }
        }
    }

    /// Returns the changes that take the fingerprints of keys returned to stock out of the index,
    /// so they can be sold again. Nothing when the store has no index yet.
    func removals(for returned: [(record: LedgerRecord, keys: KeyReturn)], snapshot: any StoreSnapshot) throws -> StoreChanges {
        var changes = StoreChanges()
        guard returned.contains(where: { !$0.keys.rows.isEmpty }) else { return changes }
        let reader = FingerprintIndexReader(snapshot: snapshot)
        guard let text = try reader.keyFileText() else { return changes }
        let key = try openKey(text)
        var edit = FingerprintIndexEdit()
        for (record, keys) in returned {
            for row in keys.rows {
                edit.remove(FingerprintEntry(
                    fingerprint: try fingerprint(of: row, place: keys.batch, key: key), channel: record.channel,
                    orderID: record.orderID, keyID: row.id))
            }
        }
        try edit.write(into: &changes, reading: reader)
        return changes
    }

    // MARK: - The index at one snapshot

    /// The index as one snapshot has it, or as this run is about to create it.
    struct IndexState {
        var key: FingerprintKey
        var reader: FingerprintIndexReader
        /// Set when the store has no fingerprint key yet.
        var creation: Creation?

        struct Creation {
            /// The new key, sealed to the store's recipients.
            var sealedKey: String
            /// The entries of every key sold before, by shard file.
            var soldEntries: [String: [FingerprintEntry]]
        }

        /// Returns the sold keys with this fingerprint.
        func entries(for fingerprint: String) throws -> [FingerprintEntry] {
            if let creation {
                return (creation.soldEntries[FingerprintLayout.shardPath(for: fingerprint)] ?? [])
                    .filter { $0.fingerprint == fingerprint }
            }
            return try reader.entries(for: fingerprint)
        }
    }

    private func indexState(_ snapshot: any StoreSnapshot, config: StoreConfig, problems: inout [Diagnostic]) throws -> IndexState {
        let reader = FingerprintIndexReader(snapshot: snapshot)
        if let text = try reader.keyFileText() {
            let key = try openKey(text)
            // An index folder removed by hand while sales exist would let every sold key be sold
            // again; it is rebuilt from the ledger like on the first run. A removed shard file
            // alone is found by `keyship check --decrypt`.
            if try snapshot.entries(in: FingerprintLayout.indexFolder).isEmpty, try Self.ledgerHasRecords(snapshot) {
                logger.warning("the fingerprint index is missing; rebuilding it from the ledger")
                let sold = try soldEntries(snapshot, key: key, problems: &problems)
                let sealed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                return IndexState(key: key, reader: reader, creation: IndexState.Creation(sealedKey: sealed, soldEntries: sold))
            }
            return IndexState(key: key, reader: reader, creation: nil)
        }
        let (key, sealed) = try newKey(recipients: config.recipients)
        let sold = try soldEntries(snapshot, key: key, problems: &problems)
        return IndexState(key: key, reader: reader, creation: IndexState.Creation(sealedKey: sealed, soldEntries: sold))
    }

    /// Returns true when any channel folder under `ledger/` has a record in it.
    static func ledgerHasRecords(_ snapshot: any StoreSnapshot) throws -> Bool {
        for channel in try snapshot.entries(in: StoreLayout.ledgerFolder)
        where channel.kind == .folder && !StoreLayout.reservedLedgerFolders.contains(channel.name) {
            for folder in try snapshot.entries(in: "\(StoreLayout.ledgerFolder)/\(channel.name)") where folder.kind == .folder {
                if try !snapshot.entries(in: "\(StoreLayout.ledgerFolder)/\(channel.name)/\(folder.name)").isEmpty { return true }
            }
        }
        return false
    }

    private func openKey(_ text: String) throws -> FingerprintKey {
        if let opened, opened.text == text { return opened.key }
        do {
            let key = try FingerprintKey.open(text, with: identities)
            opened = (text, key)
            return key
        } catch {
            throw SoldKeyGuardMessage.keyNotOpened(error)
        }
    }

    private func newKey(recipients: [String]) throws -> (FingerprintKey, String) {
        if let created, created.recipients == recipients { return (created.key, created.sealed) }
        var parsed: [AgeRecipient] = []
        for text in recipients { parsed.append(try AgeRecipient(parsing: text)) }
        let key = try created?.key ?? FingerprintKey.generate()
        let sealed = try key.sealed(to: parsed)
        // Later runs must open the key with this identity, so it has to be one of the recipients.
        guard (try? FingerprintKey.open(sealed, with: identities))?.hasSameSecret(as: key) == true else {
            throw SoldKeyGuardMessage.identityNotRecipient
        }
        created = (key, sealed, recipients)
        // The record commit finds this text in the store once the reservation is published.
        opened = (sealed + "\n", key)
        logger.notice("creating the fingerprint key", ["file": FingerprintLayout.keyFile])
        return (key, sealed)
    }

    /// Returns an entry for every key of every record, except keys a cancellation returned to
    /// stock. Every sold key is decrypted once; this runs only when the fingerprint key is created.
    private func soldEntries(
        _ snapshot: any StoreSnapshot, key: FingerprintKey, problems: inout [Diagnostic]
    ) throws -> [String: [FingerprintEntry]] {
        let start = clock.now
        let (records, diagnostics) = try LedgerReader(snapshot: snapshot).allRecords()
        // A record that cannot be read cannot be indexed; it is reported as a problem to fix.
        problems += diagnostics.items
        var byShard: [String: [FingerprintEntry]] = [:]
        var count = 0
        for (path, record) in records where record.cancellation?.outcome != .returned {
            for sold in record.keys {
                let entry = FingerprintEntry(
                    fingerprint: try fingerprint(of: sold.row, place: path, key: key), channel: record.channel,
                    orderID: record.orderID, keyID: sold.row.id)
                byShard[FingerprintLayout.shardPath(for: entry.fingerprint), default: []].append(entry)
                count += 1
            }
        }
        let elapsed = clock.now - start
        logger.notice("indexed the keys sold before the fingerprint index", [
            "records": String(records.count), "keys": String(count),
            "seconds": String(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18),
        ])
        return byShard
    }

    // MARK: - Fingerprints

    /// Returns the fingerprint of the row's key, opening its cell once per run and key.
    /// `place` names the batch file or record in the error when the cell does not open.
    private func fingerprint(of row: KeyRow, place: String, key: FingerprintKey) throws -> String {
        if memoKey != ObjectIdentifier(key) {
            memo = [:]
            memoKey = ObjectIdentifier(key)
        }
        if let known = memo[row.cell] { return known }
        do {
            let fingerprint = key.fingerprint(of: try KeyCell.open(row.cell, with: identities))
            memo[row.cell] = fingerprint
            return fingerprint
        } catch {
            throw RunMessage.keyNotDecryptable(keyID: row.id, batch: place, reason: error)
        }
    }

    // MARK: - Reporting

    /// Returns the finding for a row the planner would not assign, at its batch file and line.
    static func diagnostic(_ key: ExcludedKey) -> Diagnostic {
        Diagnostic(
            .error, at: SourceLocation(path: key.batch, line: key.line > 0 ? key.line : nil),
            SoldKeyGuardMessage.keyNotAssigned(keyID: key.keyID, reason: key.reason))
    }

    private static func logReason(_ reason: ExcludedKey.Reason) -> String {
        switch reason {
        case .duplicateOfSold(let channel, let orderID, let keyID): "same key as \(keyID) sold to \(channel)/\(orderID)"
        case .duplicateInStock(let keyID): "same key as \(keyID) in stock"
        case .duplicateID: "repeated id"
        case .alreadySold(let channel, let orderID): "id sold to \(channel)/\(orderID)"
        }
    }
}
