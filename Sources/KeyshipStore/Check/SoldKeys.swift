import KeyshipCore

/// A key's place in the ledger: the order it was sold in and the record file.
struct SoldPlace: Sendable, Hashable {
    var id: String
    var channel: String
    var orderID: String
    var recordPath: String

    /// `channel/order`, as operators name an order.
    var order: String { "\(channel)/\(orderID)" }
}

/// The ledger's keys, indexed by key id and by key cell.
///
/// Keys of a record whose cancellation returned them to stock are kept apart: they are in stock
/// again, under the same id and cell, so they count neither as sold nor as duplicates.
struct SoldKeys {
    /// Keys sold and not returned, in record path order.
    private(set) var sold: [(place: SoldPlace, cell: String)] = []
    /// Keys of records whose cancellation returned them to stock.
    private(set) var returned: [(place: SoldPlace, cell: String)] = []
    /// The first sold place of each key id.
    private(set) var byID: [String: SoldPlace] = [:]
    /// The first sold place of each key cell.
    private(set) var byCell: [String: SoldPlace] = [:]

    init(records: [(path: String, record: LedgerRecord)]) {
        for (path, record) in records {
            add(record, path: path)
        }
    }

    /// Adds the keys of one record.
    mutating func add(_ record: LedgerRecord, path: String) {
        let isReturned = record.cancellation?.outcome == .returned
        for key in record.keys {
            let place = SoldPlace(id: key.row.id, channel: record.channel, orderID: record.orderID, recordPath: path)
            if isReturned {
                returned.append((place, key.row.cell))
                continue
            }
            sold.append((place, key.row.cell))
            if byID[place.id] == nil { byID[place.id] = place }
            if byCell[key.row.cell] == nil { byCell[key.row.cell] = place }
        }
    }
}
