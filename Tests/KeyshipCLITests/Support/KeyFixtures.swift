import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing

extension StoreFixture {
    /// Writes the ledger record of one order of `product` on `tienda` whose keys were sold at
    /// `soldAt`, sealed to the fixture's identity, and returns the record's path. A record whose
    /// delivery is done is closed, so it sits under its month folder.
    @discardableResult
    func addSale(
        orderID: String, product: String, keys: [Key], soldAt: String, delivery: DeliveryRecord,
        cancellation: CancellationRecord? = nil
    ) throws -> String {
        let sold = try keys.map { key in
            SoldKey(
                row: KeyRow(
                    id: key.id, createdAt: Timestamp(iso: key.createdAt)!, company: key.company,
                    warehouse: key.warehouse, expiresOn: key.expiresOn.flatMap { CivilDate(iso: $0) },
                    cell: try KeyCell.seal(key.plaintext, to: [identity.recipient])),
                batch: "keys/\(product)/sold-batch.csv", soldAt: Timestamp(iso: soldAt)!)
        }
        let orderCreatedAt = Timestamp(iso: soldAt)!.adding(seconds: -60)
        let closedAt = delivery.status == .done ? delivery.sentAt : nil
        let record = LedgerRecord(
            channel: "tienda", orderID: orderID, orderCreatedAt: orderCreatedAt, run: "run-\(orderID)",
            reservedAt: Timestamp(iso: soldAt)!,
            lines: [LedgerLine(lineID: "1", sku: "SKU-\(product)", product: product, quantity: keys.count, keys: sold)],
            delivery: delivery, cancellation: cancellation, closedAt: closedAt)
        let path = closedAt == nil
            ? StoreLayout.openRecordPath(channel: "tienda", orderID: orderID)
            : StoreLayout.closedRecordPath(channel: "tienda", orderID: orderID, orderCreatedAt: orderCreatedAt)
        try write(path, LedgerRecordCodec.encode(record))
        return path
    }

    /// Returns every file under the store folder (the `.git` folder included), by relative path.
    func allFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    /// Returns the batch files of `product` in the work tree, sorted.
    func batchPaths(product: String) -> [String] {
        let folder = root.appendingPathComponent(StoreLayout.keysFolder(product: product))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted().map { StoreLayout.batchFile(product: product, batch: String($0.dropLast(4))) }
    }

    /// Decodes a batch file of the work tree.
    func batchRows(_ path: String) throws -> [KeyRow] {
        let text = try #require(read(path))
        let decoded = BatchFile.decode(Array(text.utf8), path: path)
        try #require(decoded.diagnostics.isEmpty)
        return decoded.keys.map(\.row)
    }

    /// Runs git in the store and returns its standard output.
    func gitOutput(_ arguments: [String]) throws -> String {
        try git(arguments).stdout
    }
}
