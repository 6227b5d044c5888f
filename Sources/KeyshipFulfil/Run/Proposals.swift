import KeyshipCore
import KeyshipStore

/// Builds the two commits of a run from a plan or from step results, on a given tip.
struct ProposalBuilder {
    var run: String
    var now: Timestamp

    // MARK: - Reservation

    /// The reservation commit: new ledger records with their keys moved out of `keys/`, their
    /// fingerprints in the index of sold keys, and a claim on every open record this run will
    /// work on. Nil when there is nothing to write.
    func reservation(
        plan: Plan, actionable: [RecordWork], snapshot: any StoreSnapshot, index: SoldKeyGuard.IndexUpdate = .init()
    ) throws -> Proposal? {
        var changes = StoreChanges()
        let reservedKeys = Set(plan.reservations.map { OrderKey($0.record) })

        var movedRows: [String: Set<String>] = [:]
        for reservation in plan.reservations {
            let work = actionable.first { OrderKey($0.record) == OrderKey(reservation.record) }
            let record = claimed(reservation.record, steps: work?.steps ?? [])
            changes.write(Self.openPath(record), LedgerRecordCodec.encode(record))
            for key in record.keys { movedRows[key.batch, default: []].insert(key.row.id) }
        }
        var claimedCount = 0
        for work in actionable where !reservedKeys.contains(OrderKey(work.record)) {
            changes.write(Self.openPath(work.record), LedgerRecordCodec.encode(claimed(work.record, steps: work.steps)))
            claimedCount += 1
        }
        for (batch, ids) in movedRows {
            try rewrite(batch: batch, in: snapshot, changes: &changes) { rows in rows.filter { !ids.contains($0.id) } }
        }
        changes.merge(index.changes)
        guard !changes.isEmpty else { return nil }
        var message = reservationMessage(plan: plan, claimed: claimedCount, actionable: actionable)
        if let indexed = index.indexedSoldKeys {
            let note = switch indexed {
            case 0: "Create the fingerprint key; no key was sold before it."
            case 1: "Create the fingerprint key and index the 1 key sold before it."
            default: "Create the fingerprint key and index the \(indexed) keys sold before it."
            }
            message.body = (message.body.map { $0 + "\n\n" } ?? "") + note
        }
        return Proposal(changes: changes, message: message)
    }

    /// Marks the record as worked on by this run and counts the coming delivery attempt before
    /// anything is sent, so a crash after sending makes the next run check first.
    func claimed(_ record: LedgerRecord, steps: [RecordStep]) -> LedgerRecord {
        var record = record
        guard !steps.isEmpty else { return record }
        record.claim = RunClaim(run: run, at: now)
        for step in steps {
            if case .deliver(let attempt, _) = step {
                record.delivery.attempts = max(record.delivery.attempts, attempt)
                record.delivery.lastAttemptAt = now
            }
        }
        return record
    }

    private func reservationMessage(plan: Plan, claimed: Int, actionable: [RecordWork]) -> CommitMessage {
        let keyCount = plan.reservations.reduce(0) { $0 + $1.record.keys.count }
        let orderCount = plan.reservations.count
        var parts: [String] = []
        if orderCount > 0 {
            parts.append("Reserve \(keyCount) \(keyCount == 1 ? "key" : "keys") for \(orderCount) \(orderCount == 1 ? "order" : "orders")")
        }
        if claimed > 0 {
            parts.append("\(parts.isEmpty ? "Claim" : "claim") \(claimed) open \(claimed == 1 ? "order" : "orders")")
        }
        var body: [String] = []
        for reservation in plan.reservations {
            let lines = reservation.record.lines.map { "\($0.product) x\($0.quantity)" }.joined(separator: ", ")
            body.append("\(reservation.record.channel)/\(reservation.record.orderID): \(lines)")
        }
        if !plan.waiting.isEmpty {
            body.append("")
            body.append("Waiting for stock: " + plan.waiting.map { "\($0.order.channel)/\($0.order.id)" }.joined(separator: ", "))
        }
        var trailers = [CommitMessage.Trailer("Keyship-Run", run)]
        var seen: Set<OrderKey> = []
        let records = (plan.reservations.map(\.record) + actionable.map(\.record)).filter { seen.insert(OrderKey($0)).inserted }
        for channel in Set(records.map(\.channel)).sorted() { trailers.append(.init("Channel", channel)) }
        for record in records { trailers.append(.init("Order", record.orderID)) }
        for reservation in plan.reservations {
            for key in reservation.record.keys { trailers.append(.init("Key-Id", key.row.id)) }
        }
        return CommitMessage(subject: parts.joined(separator: ", "), body: body.joined(separator: "\n"), trailers: trailers)
    }

    // MARK: - Record

    /// The record commit: every worked record with its outcomes (moved to its month folder when
    /// closed), keys of cancelled orders back in their batch files, and the alert state.
    ///
    /// A record is written only while it still carries this run's claim at `snapshot`, so a run
    /// whose claim expired and was taken over never overwrites the other run's work. Returned
    /// keys leave the index of sold keys in the same commit, when `soldKeys` is given.
    func record(
        results: [StepExecutor.Result], alerts: AlertUpdate?, snapshot: any StoreSnapshot, logger: Logger,
        soldKeys: SoldKeyGuard? = nil
    ) throws -> Proposal? {
        var changes = StoreChanges()
        var written: [LedgerRecord] = []
        var returned: [String: [KeyRow]] = [:]
        var returnedKeys: [(record: LedgerRecord, keys: KeyReturn)] = []
        let ledger = LedgerReader(snapshot: snapshot)
        for result in results {
            let openPath = Self.openPath(result.record)
            guard case .found(let current, _) = try ledger.record(
                channel: result.record.channel, orderID: result.record.orderID, createdAt: result.record.orderCreatedAt),
                current.claim?.run == run
            else {
                logger.warning("record not written: this run's claim is gone", ["order": result.record.orderID])
                continue
            }
            var record = result.record
            record.claim = nil
            if record.isClosed {
                changes.delete(openPath)
                changes.write(
                    StoreLayout.closedRecordPath(channel: record.channel, orderID: record.orderID, orderCreatedAt: record.orderCreatedAt),
                    LedgerRecordCodec.encode(record))
            } else {
                changes.write(openPath, LedgerRecordCodec.encode(record))
            }
            written.append(record)
            for keyReturn in result.returns {
                returned[keyReturn.batch, default: []] += keyReturn.rows
                returnedKeys.append((record, keyReturn))
            }
        }
        for (batch, rows) in returned {
            try rewrite(batch: batch, in: snapshot, changes: &changes) { existing in
                let present = Set(existing.map(\.id))
                return existing + rows.filter { !present.contains($0.id) }
            }
        }
        if let soldKeys {
            changes.merge(try soldKeys.removals(for: returnedKeys, snapshot: snapshot))
        }
        if let alerts {
            changes.write(StoreLayout.alertStateFile, AlertStateCodec.encode(alerts.active))
            if let notification = alerts.notification {
                changes.write(Self.notificationPath(notification), NotificationRecordCodec.encode(notification))
            }
        }
        guard !changes.isEmpty else { return nil }
        return Proposal(changes: changes, message: recordMessage(written, results: results, alerts: alerts))
    }

    private func recordMessage(_ records: [LedgerRecord], results: [StepExecutor.Result], alerts: AlertUpdate?) -> CommitMessage {
        let delivered = results.filter { if case .delivered = $0.outcome { true } else { false } }.count
        let failed = results.filter { if case .failed = $0.outcome { true } else { false } }.count
        let closed = records.filter(\.isClosed).count
        var subject: String
        if records.isEmpty {
            subject = "Record alerts"
        } else {
            subject = "Record \(records.count) \(records.count == 1 ? "order" : "orders"):"
            var facts: [String] = []
            if delivered > 0 { facts.append("\(delivered) delivered") }
            if failed > 0 { facts.append("\(failed) failed") }
            if closed > 0 { facts.append("\(closed) closed") }
            if facts.isEmpty { facts.append("steps done") }
            subject += " " + facts.joined(separator: ", ")
        }
        var body: [String] = []
        for result in results {
            body.append("\(result.record.channel)/\(result.record.orderID): \(Self.summary(result.outcome))")
        }
        if let alerts, let notification = alerts.notification {
            body.append("")
            for change in notification.changes {
                body.append("Alert \(change.event.rawValue): \(change.condition) (\(change.detail))")
            }
        }
        var trailers = [CommitMessage.Trailer("Keyship-Run", run)]
        for channel in Set(records.map(\.channel)).sorted() { trailers.append(.init("Channel", channel)) }
        for record in records { trailers.append(.init("Order", record.orderID)) }
        return CommitMessage(subject: subject, body: body.joined(separator: "\n"), trailers: trailers)
    }

    static func summary(_ outcome: OrderOutcome.Outcome) -> String {
        switch outcome {
        case .delivered(_, let alreadySent, let then, _):
            (alreadySent ? "delivered (message found from an earlier attempt)" : "delivered")
                + (then.isEmpty ? "" : ", " + then.map { RunReport.stepName($0, .en) }.joined(separator: ", "))
        case .reserved: "reserved"
        case .progressed(let steps, _): steps.isEmpty ? "waiting" : steps.map { RunReport.stepName($0, .en) }.joined(separator: ", ")
        case .waiting: "waiting for stock"
        case .held: "held"
        case .failed(let step, let reason): "\(step) failed: \(reason)"
        case .cancelled(let outcome): "cancelled, keys \(outcome.rawValue)"
        case .skipped: "skipped"
        }
    }

    // MARK: - Files

    static func openPath(_ record: LedgerRecord) -> String {
        StoreLayout.openRecordPath(channel: record.channel, orderID: record.orderID)
    }

    func notificationPath(_ notification: NotificationRecord) -> String { Self.notificationPath(notification) }

    static func notificationPath(_ notification: NotificationRecord) -> String {
        let date = notification.at.utcDate
        let month = "\(date.year)-\(date.month < 10 ? "0" : "")\(date.month)"
        return "\(StoreLayout.notificationsFolder)/\(month)/\(notification.run).yaml"
    }

    /// Rewrites one batch file at the tip with `transform` applied to its rows; an empty result
    /// deletes the file.
    private func rewrite(
        batch: String, in snapshot: any StoreSnapshot, changes: inout StoreChanges, _ transform: ([KeyRow]) -> [KeyRow]
    ) throws {
        let existing: [KeyRow]
        if let bytes = try snapshot.read(batch) {
            let decoded = BatchFile.decode(bytes, path: batch)
            guard !decoded.diagnostics.hasErrors else {
                throw DiagnosticsError(summary: RunMessage.batchDamaged(batch), diagnostics: decoded.diagnostics.sorted)
            }
            existing = decoded.keys.map(\.row)
        } else {
            existing = []
        }
        let rows = transform(existing)
        if rows.isEmpty {
            if !existing.isEmpty { changes.delete(batch) }
        } else {
            changes.write(batch, BatchFile.encode(rows))
        }
    }
}

/// The alert state to store after a run, and the notification it sent, if any.
struct AlertUpdate {
    var active: [ActiveAlert]
    var notification: NotificationRecord?
}
