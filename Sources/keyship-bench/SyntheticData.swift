import Foundation
import KeyshipCore
import KeyshipCrypto

/// Generates the rows, records and orders of the synthetic store.
enum SyntheticData {
    /// Streams of the seeded generator, one per kind of item.
    enum Stream: UInt64 {
        case batches = 1
        case history = 2
        case orders = 3
    }

    // MARK: - Keys

    /// Returns a licence-key-shaped plaintext such as `7KQ2M-...`: five groups of five.
    static func licenceText(using generator: inout SeededGenerator) -> String {
        let alphabet = Array("BCDFGHJKMPQRTVWXY2346789")
        let groups = (0..<5).map { _ in String((0..<5).map { _ in alphabet.randomElement(using: &generator)! }) }
        return groups.joined(separator: "-")
    }

    /// Returns a cell that is a well-formed age v1 file with one X25519 stanza, of the same size
    /// as a sealed licence key, but whose bytes are random: it parses and never decrypts.
    ///
    /// Sold keys in past ledger records are never decrypted by a run, and sealing over a million
    /// of them would add minutes to the build, so they get these cells. Their size and
    /// randomness keep the repository as large and as hard to compress as a real one.
    static func unreadableCell(using generator: inout SeededGenerator) -> String {
        func random(_ count: Int) -> Data {
            Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        func unpadded(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "=", with: "")
        }
        var file = Data("age-encryption.org/v1\n-> X25519 \(unpadded(random(32)))\n".utf8)
        file += Data("\(unpadded(random(32)))\n--- \(unpadded(random(32)))\n".utf8)
        // Nonce (16 bytes), then one chunk: a 29-character licence key and its 16-byte tag.
        file += random(16 + 29 + 16)
        return file.base64EncodedString()
    }

    // MARK: - Stock

    /// One batch file of stock: its store path and rows.
    struct Batch {
        var path: String
        var rows: [KeyRow]
    }

    /// Returns batch number `index` of `count` batches holding `keys` keys in all, with cells
    /// sealed to `recipient`.
    ///
    /// Batches cycle through the products and alternate between the two warehouses. Keys were
    /// imported up to two years before `now`. One batch in twenty has expired, one in twenty
    /// expires within the 30-day alert window, one in ten expires in a year or two.
    static func batch(_ index: Int, of count: Int, keys: Int, recipient: AgeRecipient) throws -> Batch {
        var generator = SeededGenerator.forItem(index, stream: Stream.batches.rawValue)
        let products = StoreBlueprint.products
        let product = products[index % products.count]
        let warehouse = StoreBlueprint.channels[(index / products.count) % 2].warehouse
        let rowCount = keys / count + (index < keys % count ? 1 : 0)

        let age = Int64.random(in: 1...(730 * 86_400), using: &generator)
        let createdAt = StoreBlueprint.now.adding(seconds: -age)
        let name = BatchName(createdAt: createdAt, using: &generator)
        let today = StoreBlueprint.now.utcDate
        let expiresOn: CivilDate? = switch index % 20 {
        case 3: today.adding(days: -Int.random(in: 1...60, using: &generator))
        case 7: today.adding(days: Int.random(in: 1...30, using: &generator))
        case 11, 15: today.adding(days: Int.random(in: 365...730, using: &generator))
        default: nil
        }
        let company = StoreBlueprint.companies[index % StoreBlueprint.companies.count]

        var rows: [KeyRow] = []
        rows.reserveCapacity(rowCount)
        for id in ImportBatches(token: name.token, createdAt: createdAt, keyCount: rowCount).keyIDs {
            let cell = try KeyCell.seal(licenceText(using: &generator), to: [recipient])
            rows.append(KeyRow(
                id: id, createdAt: createdAt, company: company, warehouse: warehouse, expiresOn: expiresOn, cell: cell))
        }
        return Batch(path: name.path(product: product.id), rows: rows)
    }

    // MARK: - History

    /// Returns the month (0 is the oldest) that past order number `index` was created in.
    static func historyMonth(ofRecord index: Int) -> Int {
        index % StoreBlueprint.historyMonths
    }

    /// Returns the first day of history month `month`.
    static func firstDay(ofHistoryMonth month: Int) -> CivilDate {
        let now = StoreBlueprint.now.utcDate
        let monthsBack = StoreBlueprint.historyMonths - 1 - month
        let total = now.year * 12 + (now.month - 1) - monthsBack
        return CivilDate(year: total / 12, month: total % 12 + 1, day: 1)!
    }

    /// Returns the closed ledger record of past order number `index`: delivered, shipped and
    /// closed, with one key (three orders in four) or two keys of different products.
    static func historyRecord(_ index: Int) -> LedgerRecord {
        var generator = SeededGenerator.forItem(index, stream: Stream.history.rawValue)
        let channel = StoreBlueprint.channel(forItem: index / StoreBlueprint.historyMonths)
        let month = firstDay(ofHistoryMonth: historyMonth(ofRecord: index))
        let monthEnd = month.year == StoreBlueprint.now.utcDate.year && month.month == StoreBlueprint.now.utcDate.month
            ? StoreBlueprint.now.utcDate.adding(days: -1) : month.adding(days: 27)
        let day = Int.random(in: 0...(monthEnd.daysSinceEpoch - month.daysSinceEpoch), using: &generator)
        let createdAt = Timestamp(
            date: month.adding(days: day), hour: Int.random(in: 0...23, using: &generator),
            minute: Int.random(in: 0...59, using: &generator), second: Int.random(in: 0...59, using: &generator))
        let reservedAt = createdAt.adding(seconds: 120)
        let sentAt = reservedAt.adding(seconds: 3)
        let orderID = "P-\(zeroPadded(index + 1, 7))"

        let products = StoreBlueprint.products
        let first = Int.random(in: 0..<products.count, using: &generator)
        var picked = [products[first]]
        if Int.random(in: 0..<4, using: &generator) == 0 {
            picked.append(products[(first + Int.random(in: 1..<products.count, using: &generator)) % products.count])
        }
        let lines = picked.enumerated().map { lineIndex, product in
            let keyCreated = createdAt.adding(seconds: -Int64.random(in: 86_400...(365 * 86_400), using: &generator))
            let batch = BatchName(createdAt: keyCreated, using: &generator)
            let row = KeyRow(
                id: ImportBatches(token: batch.token, createdAt: keyCreated, keyCount: 1).keyIDs[0], createdAt: keyCreated,
                company: StoreBlueprint.companies[index % StoreBlueprint.companies.count],
                warehouse: channel.warehouse, cell: unreadableCell(using: &generator))
            return LedgerLine(
                lineID: String(lineIndex + 1), sku: product.sku(on: channel), product: product.id, quantity: 1,
                keys: [SoldKey(row: row, batch: batch.path(product: product.id), soldAt: reservedAt)])
        }
        let runID = createdAt.iso.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            + "-" + String(Int.random(in: 0x1000...0xFFFF, using: &generator), radix: 16)
        return LedgerRecord(
            channel: channel.name, orderID: orderID, orderCreatedAt: createdAt, run: runID, reservedAt: reservedAt,
            lines: lines, acceptedAt: reservedAt.adding(seconds: 1),
            delivery: DeliveryRecord(
                status: .done, attempts: 1, lastAttemptAt: reservedAt.adding(seconds: 2), sentAt: sentAt,
                messageID: "\(orderID).eml", language: "es"),
            shipment: ShipmentRecord(outcome: .confirmed, at: sentAt.adding(seconds: 1)),
            closedAt: sentAt.adding(seconds: 2))
    }

    // MARK: - New orders

    /// Returns the inbox file name and JSON text of new order number `index` of `count`.
    ///
    /// Every order is paid and was created in the hours before `now` (lower numbers are older).
    /// Three orders in four have one licence line, the others two lines of different products,
    /// each line for one key.
    static func newOrder(_ index: Int, of count: Int) -> (channel: StoreBlueprint.Channel, fileName: String, json: String) {
        var generator = SeededGenerator.forItem(index, stream: Stream.orders.rawValue)
        let channel = StoreBlueprint.channel(forItem: index)
        let orderID = "\(channel.orderPrefix)-\(zeroPadded(100_000 + index, 6))"
        let createdAt = StoreBlueprint.now.adding(seconds: -Int64(count - index) * 10)
        let products = StoreBlueprint.products
        let first = Int.random(in: 0..<products.count, using: &generator)
        var skus = [products[first].sku(on: channel)]
        if Int.random(in: 0..<4, using: &generator) == 0 {
            let second = (first + Int.random(in: 1..<products.count, using: &generator)) % products.count
            skus.append(products[second].sku(on: channel))
        }
        let lines = skus.enumerated().map { lineIndex, sku in
            #"{"line_id": "\#(lineIndex + 1)", "sku": "\#(sku)", "quantity": 1}"#
        }
        let json = #"{"order_id": "\#(orderID)", "created_at": "\#(createdAt.iso)", "state": "paid", "#
            + #""buyer": {"name": "Cliente \#(index + 1)", "locale": "es_ES", "email": "cliente\#(index + 1)@example.com"}, "#
            + #""lines": [\#(lines.joined(separator: ", "))]}"#
        return (channel, StoreLayout.fileName(forOrderID: orderID) + ".json", json + "\n")
    }
}
