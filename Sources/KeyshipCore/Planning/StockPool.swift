/// The keys the planner may assign, per product and warehouse, oldest first.
///
/// Built from every row under `keys/`. A row is left out when:
/// - it expired before `today` (`KeyRow.isValid(on:)`): never assigned, never counted as stock;
/// - another row has the same key id: assigning either could sell one key twice;
/// - a ledger record already contains a key with that id (a sold key added again), unless that
///   record's cancellation returned the key to stock;
/// - the caller blocked its id (`PlanInput.blockedKeys`), for a reason only decrypted keys show.
///
/// Each pair's keys are sorted by `KeyRow.assignmentOrder` and handed out from the front, so a
/// pool never gives the same key twice.
struct StockPool {
    private struct Shelf {
        var keys: [StockKey] = []
        /// Keys handed out so far; they are `keys[..<taken]`.
        var taken = 0
        /// Keys kept for waiting orders, counted but not tied to particular rows.
        var setAside = 0
        var expired = 0

        var remaining: Int { keys.count - taken - setAside }
    }

    private var shelves: [StockPair: Shelf] = [:]
    private(set) var excluded: [ExcludedKey] = []

    init(stock: [StockKey], records: [LedgerRecord], today: CivilDate, blocked: [String: ExcludedKey.Reason] = [:]) {
        var rowsPerID: [String: Int] = [:]
        for key in stock {
            rowsPerID[key.row.id, default: 0] += 1
        }
        var soldIn: [String: OrderKey] = [:]
        for record in records where record.cancellation?.outcome != .returned {
            for sold in record.keys {
                soldIn[sold.row.id] = soldIn[sold.row.id].map { min($0, OrderKey(record)) } ?? OrderKey(record)
            }
        }

        for key in stock {
            let pair = StockPair(product: key.product, warehouse: key.row.warehouse)
            if rowsPerID[key.row.id, default: 0] > 1 {
                excluded.append(exclusion(key, .duplicateID))
            } else if let owner = soldIn[key.row.id] {
                excluded.append(exclusion(key, .alreadySold(channel: owner.channel, orderID: owner.orderID)))
            } else if let reason = blocked[key.row.id] {
                excluded.append(exclusion(key, reason))
            } else if !key.row.isValid(on: today) {
                shelves[pair, default: Shelf()].expired += 1
            } else {
                shelves[pair, default: Shelf()].keys.append(key)
            }
        }
        for pair in shelves.keys {
            shelves[pair]!.keys.sort { KeyRow.assignmentOrder($0.row, $1.row) }
        }
        excluded.sort { ($0.batch, $0.line) < ($1.batch, $1.line) }
    }

    /// Every pair that has a row, expired or not.
    var pairs: [StockPair] { Array(shelves.keys) }

    /// Keys of the pair that the next order may take.
    func remaining(_ pair: StockPair) -> Int {
        shelves[pair]?.remaining ?? 0
    }

    /// Takes the `count` oldest remaining keys of the pair. The caller checks `remaining` first.
    mutating func take(_ count: Int, of pair: StockPair) -> [StockKey] {
        precondition(count <= remaining(pair), "taking \(count) keys of \(pair) with \(remaining(pair)) left")
        guard count > 0 else { return [] }
        let shelf = shelves[pair]!
        let keys = Array(shelf.keys[shelf.taken..<(shelf.taken + count)])
        shelves[pair]!.taken += count
        return keys
    }

    /// Keeps up to `count` remaining keys for a waiting order; returns how many were kept.
    mutating func setAside(_ count: Int, of pair: StockPair) -> Int {
        let kept = min(count, remaining(pair))
        if kept > 0 { shelves[pair]!.setAside += kept }
        return kept
    }

    func taken(_ pair: StockPair) -> Int { shelves[pair]?.taken ?? 0 }
    func setAside(_ pair: StockPair) -> Int { shelves[pair]?.setAside ?? 0 }
    func expired(_ pair: StockPair) -> Int { shelves[pair]?.expired ?? 0 }

    /// Keys still under `keys/` after the plan (set-aside ones included), oldest first.
    func keysLeft(_ pair: StockPair) -> ArraySlice<StockKey> {
        guard let shelf = shelves[pair] else { return [] }
        return shelf.keys[shelf.taken...]
    }

    private func exclusion(_ key: StockKey, _ reason: ExcludedKey.Reason) -> ExcludedKey {
        ExcludedKey(product: key.product, batch: key.batch, line: key.line, keyID: key.row.id, reason: reason)
    }
}
