import KeyshipCore
import KeyshipCrypto

/// Checks that ledger records are as keyship writes them, so a hand edit is found even without
/// `--base`. Each record must be at the path of its own channel and order. Each line of a record
/// that is not cancelled must contain as many keys as its quantity. No key id may be in two
/// records, and every sold key's cell must be a well-formed age file.
///
/// A record is never meant to be edited, so the advice for each finding is to restore it from
/// git history.
enum LedgerCheck {
    static func run(
        records: [(path: String, record: LedgerRecord)], ledger: SoldKeys, lines: inout LedgerLines,
        into diagnostics: inout DiagnosticList
    ) {
        for (path, record) in records {
            checkPath(path, of: record, lines: &lines, into: &diagnostics)
            checkQuantities(record, path: path, lines: &lines, into: &diagnostics)
        }
        checkCells(ledger, lines: &lines, into: &diagnostics)
        checkDuplicates(ledger, lines: &lines, into: &diagnostics)
    }

    /// Reports a record that is neither at `ledger/<channel>/open/<order>.yaml` nor at its closed
    /// path, because keyship looks an order's record up only at those two paths.
    private static func checkPath(
        _ path: String, of record: LedgerRecord, lines: inout LedgerLines, into diagnostics: inout DiagnosticList
    ) {
        let open = StoreLayout.openRecordPath(channel: record.channel, orderID: record.orderID)
        let closed = StoreLayout.closedRecordPath(
            channel: record.channel, orderID: record.orderID, orderCreatedAt: record.orderCreatedAt)
        guard path != open, path != closed else { return }

        // Point at the field that disagrees with the path: the channel folder, then the file name,
        // then the month folder, which comes from the order's creation time.
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let field: String
        if parts.count > 1, parts[1] != record.channel {
            field = "channel"
        } else if parts.last != "\(StoreLayout.fileName(forOrderID: record.orderID)).yaml" {
            field = "order_id"
        } else {
            field = "order_created_at"
        }
        diagnostics.error(
            at: SourceLocation(path: path, line: lines.line(ofField: field, in: path)),
            CheckMessage.recordMisplaced(
                order: "\(record.channel)/\(record.orderID)", openPath: open, closedPath: closed, path: path))
    }

    /// Reports each order line whose key count differs from its quantity, because keyship assigns
    /// exactly the quantity. Cancelled records are left out, because their keys may have gone
    /// back to stock.
    private static func checkQuantities(
        _ record: LedgerRecord, path: String, lines: inout LedgerLines, into diagnostics: inout DiagnosticList
    ) {
        guard record.cancellation == nil else { return }
        for (index, line) in record.lines.enumerated() where line.quantity != line.keys.count {
            diagnostics.error(
                at: SourceLocation(path: path, line: lines.line(ofQuantityAt: index, in: path)),
                CheckMessage.quantityMismatch(
                    order: "\(record.channel)/\(record.orderID)", lineID: line.lineID, quantity: line.quantity,
                    keys: line.keys.count, path: path))
        }
    }

    /// Reports sold keys whose cells are not well-formed age files.
    private static func checkCells(_ ledger: SoldKeys, lines: inout LedgerLines, into diagnostics: inout DiagnosticList) {
        for (place, cell) in ledger.sold + ledger.returned {
            do {
                try KeyCell.validate(cell)
            } catch {
                let location = SourceLocation(path: place.recordPath, line: lines.line(ofKey: place.id, in: place.recordPath))
                diagnostics.error(at: location, CheckMessage.damagedSoldCell(id: place.id, order: place.order, path: place.recordPath, error))
            }
        }
    }

    /// Reports a key id sold twice as an error, because keyship never assigns one key twice, and a
    /// key cell sold twice under two ids as a warning. Keys that a cancellation returned to stock
    /// are left out, because they may be sold again.
    private static func checkDuplicates(
        _ ledger: SoldKeys, lines: inout LedgerLines, into diagnostics: inout DiagnosticList
    ) {
        var firstByID: [String: (place: SoldPlace, line: Int?)] = [:]
        var firstByCell: [String: SoldPlace] = [:]
        // How many times each id has been seen in each record, to find the line of a repeat.
        var occurrences: [String: Int] = [:]
        for (place, cell) in ledger.sold {
            let occurrenceKey = place.recordPath + "\n" + place.id
            let occurrence = occurrences[occurrenceKey, default: 0]
            occurrences[occurrenceKey] = occurrence + 1
            let keyLines = lines.lines(ofKey: place.id, in: place.recordPath)
            let line = keyLines.indices.contains(occurrence) ? keyLines[occurrence] : keyLines.first
            let location = SourceLocation(path: place.recordPath, line: line)

            if let first = firstByID[place.id] {
                diagnostics.error(at: location, CheckMessage.soldTwice(
                    id: place.id, order: place.order, path: place.recordPath, first: first.place,
                    firstLocation: SourceLocation(path: first.place.recordPath, line: first.line)))
                continue
            }
            firstByID[place.id] = (place, line)
            if let first = firstByCell[cell] {
                diagnostics.warning(at: location, CheckMessage.soldCellTwice(
                    id: place.id, order: place.order, first: first))
            } else {
                firstByCell[cell] = place
            }
        }
    }
}
