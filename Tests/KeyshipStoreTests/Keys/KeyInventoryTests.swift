import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipStore
import KeyshipTestSupport
import Testing

/// Writes one order's ledger record with `keys` sold, sealed to the fixture's identity.
func writeSale(
    _ fixture: StoreFixture, orderID: String, product: String, keys: [(id: String, plaintext: String)],
    cancellation: CancellationRecord? = nil
) throws {
    let soldAt = Timestamp(iso: "2026-12-02T08:30:00Z")!
    let sold = try keys.map { key in
        SoldKey(
            row: KeyRow(
                id: key.id, createdAt: Timestamp(iso: "2026-11-01T09:00:00Z")!, company: "Acme", warehouse: "MAD",
                cell: try KeyCell.seal(key.plaintext, to: [fixture.identity.recipient])),
            batch: "keys/\(product)/old.csv", soldAt: soldAt)
    }
    let record = LedgerRecord(
        channel: "tienda", orderID: orderID, orderCreatedAt: soldAt, run: "run-1", reservedAt: soldAt,
        lines: [LedgerLine(lineID: "1", sku: "SKU", product: product, quantity: keys.count, keys: sold)],
        cancellation: cancellation)
    try fixture.write(StoreLayout.openRecordPath(channel: "tienda", orderID: orderID), LedgerRecordCodec.encode(record))
}

@Suite struct KeyInventoryTests {
    @Test func locatesAvailableSoldAndUnknown() throws {
        let fixture = try StoreFixture("inventory")
        try fixture.addBatch(product: "office", batch: "b1", keys: [.init(id: "a-1", plaintext: "K-A1")])
        try writeSale(fixture, orderID: "T-1", product: "windows", keys: [("s-1", "K-S1")])

        let inventory = try KeyInventory.load(from: WorkTreeSnapshot(root: fixture.root.path))

        #expect(inventory.diagnostics.isEmpty)
        guard case .available(let key) = inventory.locate("a-1") else {
            Issue.record("a-1 is not available")
            return
        }
        #expect(key.batch == "keys/office/b1.csv")
        #expect(key.line == 2)
        guard case .sold(let entry) = inventory.locate("s-1") else {
            Issue.record("s-1 is not sold")
            return
        }
        #expect(entry.product == "windows")
        #expect(entry.orderID == "T-1")
        #expect(entry.recordPath == "ledger/tienda/open/T-1.yaml")
        guard case .unknown = inventory.locate("zz") else {
            Issue.record("zz was found")
            return
        }
    }

    @Test func returnedKeysAreNotSold() throws {
        let fixture = try StoreFixture("inventory")
        try writeSale(
            fixture, orderID: "T-1", product: "office", keys: [("r-1", "K-R1")],
            cancellation: CancellationRecord(outcome: .returned, at: Timestamp(iso: "2026-12-03T00:00:00Z")!, marketplaceState: "cancelled"))
        try writeSale(
            fixture, orderID: "T-2", product: "office", keys: [("b-1", "K-B1")],
            cancellation: CancellationRecord(outcome: .burned, at: Timestamp(iso: "2026-12-03T00:00:00Z")!, marketplaceState: "cancelled"))

        let inventory = try KeyInventory.load(from: WorkTreeSnapshot(root: fixture.root.path))

        #expect(inventory.sold.map(\.key.row.id) == ["b-1"])
    }

    @Test func repeatedIDAndDamagedBatch() throws {
        let fixture = try StoreFixture("inventory")
        try fixture.addBatch(product: "office", batch: "b1", keys: [.init(id: "a-1", plaintext: "K-1")])
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "a-1", plaintext: "K-2")])
        try fixture.write("keys/windows/bad.csv", KeyRow.columns.joined(separator: ",") + "\nw-1,not-a-date,Acme,MAD,,,CELL\n")

        let inventory = try KeyInventory.load(from: WorkTreeSnapshot(root: fixture.root.path))

        guard case .availableMoreThanOnce(let keys) = inventory.locate("a-1") else {
            Issue.record("a-1 is not reported twice")
            return
        }
        #expect(keys.map(\.batch) == ["keys/office/b1.csv", "keys/office/b2.csv"])
        #expect(inventory.damagedBatches == ["keys/windows/bad.csv"])
    }
}
