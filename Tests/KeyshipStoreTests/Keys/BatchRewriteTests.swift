import KeyshipCore
import KeyshipStore
import Testing

@Suite struct BatchRewriteTests {
    static func key(_ id: String, batch: String, line: Int) -> StockKey {
        let row = KeyRow(
            id: id, createdAt: Timestamp(iso: "2026-12-01T10:00:00Z")!, company: "Acme", warehouse: "MAD",
            cell: "CELL-\(id)")
        return StockKey(product: BatchFile.productID(fromBatchPath: batch) ?? "", batch: batch, line: line, row: row)
    }

    static let available = [
        key("a-3", batch: "keys/office/a.csv", line: 4),
        key("a-1", batch: "keys/office/a.csv", line: 2),
        key("a-2", batch: "keys/office/a.csv", line: 3),
        key("b-1", batch: "keys/office/b.csv", line: 2),
        key("w-1", batch: "keys/windows/w.csv", line: 2),
    ]

    @Test func removingKeepsOtherRowsInFileOrder() {
        let changes = BatchRewrite.removing(["a-2", "b-1"], from: Self.available)

        #expect(changes.paths == ["keys/office/a.csv", "keys/office/b.csv"])
        #expect(changes.deletions == ["keys/office/b.csv"])
        let expected = BatchFile.encode([Self.available[1].row, Self.available[0].row])
        #expect(changes.writes["keys/office/a.csv"] == Array(expected.utf8))
    }

    @Test func removingUnknownIDsChangesNothing() {
        #expect(BatchRewrite.removing(["zzz"], from: Self.available).isEmpty)
    }

    @Test func replacingKeepsPosition() {
        var edited = Self.available[2].row
        edited.warehouse = "BCN"

        let changes = BatchRewrite.replacing(Self.available[2], with: edited, in: Self.available)

        #expect(changes.paths == ["keys/office/a.csv"])
        let expected = BatchFile.encode([Self.available[1].row, edited, Self.available[0].row])
        #expect(changes.writes["keys/office/a.csv"] == Array(expected.utf8))
    }
}
