import Foundation
import Testing
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
@testable import KeyshipStore

/// Store changes the check tests make again and again.
extension StoreFixture {
    /// Builds a fixture whose three licence products have a Spanish template each, so a store
    /// with valid keys has no finding at all.
    static func checked(_ label: String = "check") throws -> StoreFixture {
        let fixture = try StoreFixture(label)
        for product in ["office", "windows", "antivirus"] {
            try fixture.write("templates/\(product)/default.es.yaml", """
                intro: "Hola {{buyer_name}}, aquí tienes tus claves de {{product_name}}:"
                closing: "Gracias por tu compra."
                """)
        }
        return fixture
    }

    /// Writes a batch file whose rows are built by the caller, with cells sealed to `identity`
    /// (the fixture's own identity when nil).
    func writeRows(
        product: String, batch: String, _ rows: [(id: String, plaintext: String, warehouse: String, attachment: String?)],
        sealedTo identity: AgeIdentity? = nil
    ) throws {
        let recipient = (identity ?? self.identity).recipient
        let keyRows = try rows.map { row in
            KeyRow(
                id: row.id, createdAt: Timestamp(iso: "2026-12-01T10:00:00Z")!, company: "Acme",
                warehouse: row.warehouse, attachment: row.attachment,
                cell: try KeyCell.seal(row.plaintext, to: [recipient]))
        }
        try write(StoreLayout.batchFile(product: product, batch: batch), BatchFile.encode(keyRows))
    }

    /// Reads the rows of a batch file.
    func rows(product: String, batch: String) throws -> [KeyRow] {
        let path = StoreLayout.batchFile(product: product, batch: batch)
        let text = try #require(read(path))
        return BatchFile.decode(Array(text.utf8), path: path).keys.map(\.row)
    }

    /// Sells the keys `ids` of a batch the way a fulfilment run does: their rows move out of the
    /// batch file into a closed ledger record of order `orderID` on `tienda`. Returns the
    /// record's path.
    @discardableResult
    func sell(
        _ ids: [String], product: String, batch: String, orderID: String,
        cancellation: CancellationRecord.Outcome? = nil
    ) throws -> String {
        let path = StoreLayout.batchFile(product: product, batch: batch)
        let rows = try rows(product: product, batch: batch)
        let sold = rows.filter { ids.contains($0.id) }
        let remaining = cancellation == .returned ? rows : rows.filter { !ids.contains($0.id) }
        try write(path, BatchFile.encode(remaining))
        return try writeRecord(sold, product: product, batch: path, orderID: orderID, cancellation: cancellation)
    }

    /// Writes a closed ledger record of order `orderID` on `tienda` holding `rows`.
    @discardableResult
    func writeRecord(
        _ rows: [KeyRow], product: String, batch: String, orderID: String,
        cancellation: CancellationRecord.Outcome? = nil
    ) throws -> String {
        let created = Timestamp(iso: "2026-12-04T10:00:00Z")!
        let record = LedgerRecord(
            channel: "tienda", orderID: orderID, orderCreatedAt: created, run: "run-1", reservedAt: created,
            lines: [LedgerLine(
                lineID: "1", sku: "SKU", product: product, quantity: rows.count,
                keys: rows.map { SoldKey(row: $0, batch: batch, soldAt: created) })],
            delivery: DeliveryRecord(status: .done, attempts: 1, sentAt: created),
            cancellation: cancellation.map { CancellationRecord(outcome: $0, at: created, marketplaceState: "cancelled") },
            closedAt: created)
        let recordPath = StoreLayout.closedRecordPath(channel: "tienda", orderID: orderID, orderCreatedAt: created)
        try write(recordPath, LedgerRecordCodec.encode(record))
        return recordPath
    }

    /// Deletes a file of the store.
    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }
}

extension StoreCheckReport {
    /// Returns every finding as `keyship check` prints it.
    func lines(in language: Language = .en) -> [String] {
        diagnostics.map { $0.formatted(in: language) }
    }
}

/// Three office keys with the fixture's defaults, for batches that only need to exist.
let officeKeys = [
    StoreFixture.Key(id: "O1", plaintext: "OFFICE-AAAAA-00001"),
    StoreFixture.Key(id: "O2", plaintext: "OFFICE-AAAAA-00002"),
    StoreFixture.Key(id: "O3", plaintext: "OFFICE-AAAAA-00003"),
]
