public import KeyshipCore

/// Changes to batch files that edit or remove some rows and keep the others in file order.
///
/// Each function works on the rows of `available` (every row of the affected files must be in
/// it), so the caller must refuse files with unreadable rows first: see
/// `KeyInventory.damagedBatches`.
public enum BatchRewrite {
    /// Returns the changes that remove `ids` from their batch files. A file left with no row
    /// is deleted.
    public static func removing(_ ids: Set<String>, from available: [StockKey]) -> StoreChanges {
        var changes = StoreChanges()
        let batches = Dictionary(grouping: available, by: \.batch)
        let touched = Set(available.filter { ids.contains($0.row.id) }.map(\.batch))
        for batch in touched.sorted() {
            let remaining = rows(batches[batch] ?? []).filter { !ids.contains($0.id) }
            if remaining.isEmpty {
                changes.delete(batch)
            } else {
                changes.write(batch, BatchFile.encode(remaining))
            }
        }
        return changes
    }

    /// Returns the change that replaces the row of `key` with `row`.
    public static func replacing(_ key: StockKey, with row: KeyRow, in available: [StockKey]) -> StoreChanges {
        var changes = StoreChanges()
        let rows = available
            .filter { $0.batch == key.batch }
            .sorted { $0.line < $1.line }
            .map { $0.line == key.line ? row : $0.row }
        changes.write(key.batch, BatchFile.encode(rows))
        return changes
    }

    private static func rows(_ keys: [StockKey]) -> [KeyRow] {
        keys.sorted { $0.line < $1.line }.map(\.row)
    }
}
