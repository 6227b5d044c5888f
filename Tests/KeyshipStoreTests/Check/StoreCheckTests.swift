import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing
@testable import KeyshipStore

@Suite struct StoreCheckTests {
    @Test func cleanStorePasses() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.addBatch(product: "windows", batch: "b1", keys: [.init(id: "W1", plaintext: "WIN-1", warehouse: "BCN")])
        try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1")

        let report = try StoreCheck.run(root: fixture.root.path)

        #expect(report.lines() == [])
        #expect(report.passed)
        // keyship.yaml, 4 catalogue files, 3 templates, 2 batch files and 1 ledger record.
        #expect(report.fileCount == 11)
        #expect(report.stockCount == 3)
        #expect(report.soldCount == 1)
        #expect(report.decryptedCount == nil)
        #expect(report.base == nil)
        #expect(report.storeLanguage == .es)
    }

    /// A folder without `keyship.yaml` fails before any file is listed, so a check started in the
    /// wrong folder (a home folder, `/`) does not walk its whole tree.
    @Test func missingSettingsFailBeforeListing() throws {
        let scratch = try ScratchDirectory("check-empty")
        try scratch.write("many/files/a.txt", "a")
        var phases: [StoreCheck.Phase] = []

        #expect(throws: CheckError.missingConfig(place: scratch.url.standardizedFileURL.path)) {
            try StoreCheck.run(root: scratch.path, progress: { phases.append($0) })
        }
        #expect(phases == [])
        #expect(CheckError.missingConfig(place: "/tmp").text(in: .en)
            == "there is no keyship.yaml in /tmp; run keyship init or point to the store with --store")
        #expect(CheckError.missingConfig(place: "/tmp").text(in: .es)
            == "no hay keyship.yaml en /tmp; ejecuta keyship init o indica la tienda con --store")
    }

    // MARK: - Batch files

    @Test func unknownProductFolder() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "photoshop", batch: "b1", keys: [.init(id: "P1", plaintext: "PS-1")])
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/photoshop/b1.csv: there is no product photoshop in the catalogue, so keyship never sells these keys. "
                + "Add catalog/photoshop.yaml, or move this file into the folder of a product in the catalogue",
        ])
    }

    @Test func keysOfPhysicalProductWarn() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "usb", batch: "b1", keys: [.init(id: "U1", plaintext: "USB-1")])
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/usb/b1.csv: warning: product usb is not a digital licence (digital_license: false), so keyship "
                + "never sells these keys. Set digital_license: true in catalog/usb.yaml, or delete this file",
        ])
        #expect(report.passed)
        #expect(report.warningCount == 1)
    }

    @Test func unknownWarehouseAndMissingAttachment() throws {
        let fixture = try StoreFixture.checked()
        try fixture.write("attachments/office/readme.pdf", "pdf")
        try fixture.writeRows(product: "office", batch: "b1", [
            ("O1", "OFFICE-1", "LIS", nil),
            ("O2", "OFFICE-2", "MAD", "attachments/office/missing.pdf"),
            ("O3", "OFFICE-3", "MAD", "attachments/office/readme.pdf"),
        ])
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/office/b1.csv:2: key O1: warehouse LIS is not in keyship.yaml. Use one of MAD, BCN, or add LIS "
                + "to warehouses in keyship.yaml",
            "keys/office/b1.csv:3: key O2: the attachment attachments/office/missing.pdf is not in the store. Add "
                + "the file to the repository, or empty the attachment column",
        ])
    }

    @Test func malformedKeyCell() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        var rows = try fixture.rows(product: "office", batch: "b1")
        rows[1].cell = "bm90IGFuIGFnZSBmaWxl"  // "not an age file"
        try fixture.write("keys/office/b1.csv", BatchFile.encode(rows))

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/office/b1.csv:3: key O2: the age file header is invalid: the first line is not "
                + "age-encryption.org/v1. The cell is damaged or was not written by age: restore it from git "
                + "history or import the key again",
        ])
    }

    @Test func idUsedTwiceAcrossFiles() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.addBatch(product: "windows", batch: "b2", keys: [.init(id: "O2", plaintext: "WIN-1")])
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/windows/b2.csv:2: key id O2 is already used at keys/office/b1.csv:3. Delete the repeated row, or "
                + "import the key again with keyship keys import so that it gets a new id",
        ])
    }

    @Test func cellUsedTwice() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        var rows = try fixture.rows(product: "office", batch: "b1")
        rows[2].cell = rows[0].cell
        try fixture.write("keys/office/b1.csv", BatchFile.encode(rows))
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/office/b1.csv:4: key O3 has the same key cell as key O1 at keys/office/b1.csv:2, so one licence "
                + "key would be sold twice. Delete one of the two rows",
        ])
    }

    @Test func soldKeyBackInStock() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let sold = try fixture.rows(product: "office", batch: "b1").filter { $0.id == "O2" }
        try fixture.sell(["O2"], product: "office", batch: "b1", orderID: "T-1")
        // Someone puts the sold row back, in a new batch file.
        try fixture.write("keys/office/b2.csv", BatchFile.encode(sold))

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/office/b2.csv:2: sold key re-added: key O2 was sold in order tienda/T-1 "
                + "(ledger/tienda/2026-12/T-1.yaml). Delete this row, because a sold key must never return to stock",
        ])
    }

    @Test func soldCellBackUnderNewID() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        var sold = try fixture.rows(product: "office", batch: "b1").filter { $0.id == "O2" }
        try fixture.sell(["O2"], product: "office", batch: "b1", orderID: "T-1")
        sold[0].id = "NEW-9"
        try fixture.write("keys/office/b2.csv", BatchFile.encode(sold))

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/office/b2.csv:2: sold key re-added under a new id: key NEW-9 has the key cell of key O2, sold in "
                + "order tienda/T-1 (ledger/tienda/2026-12/T-1.yaml). Delete this row",
        ])
    }

    @Test func returnedKeyInStockPasses() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.sell(["O2"], product: "office", batch: "b1", orderID: "T-1", cancellation: .returned)
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
        #expect(report.soldCount == 0)
    }

    @Test func malformedSoldKeyCell() throws {
        let fixture = try StoreFixture.checked()
        let row = KeyRow(
            id: "S1", createdAt: Timestamp(iso: "2026-12-01T10:00:00Z")!, company: "Acme", warehouse: "MAD",
            cell: "bm90IGFuIGFnZSBmaWxl")
        let path = try fixture.writeRecord([row], product: "office", batch: "keys/office/b0.csv", orderID: "T-3")
        let idLine = try #require(fixture.read(path)?.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("id: S1") }) + 1

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "\(path):\(idLine): the key cell of sold key S1 of order tienda/T-3 is damaged (the age file header is "
                + "invalid: the first line is not age-encryption.org/v1). Only keyship writes under ledger/, so "
                + "restore this record from git history: git log -p -- \(path) shows its earlier versions",
        ])
        #expect(report.lines(in: .es) == [
            "\(path):\(idLine): la celda cifrada de la clave vendida S1 del pedido tienda/T-3 está dañada (la "
                + "cabecera del fichero age no es válida: la primera línea no es age-encryption.org/v1). Solo keyship "
                + "escribe en ledger/, así que restaura este registro del historial de git: git log -p -- \(path) "
                + "muestra sus versiones anteriores",
        ])
    }

    // MARK: - Ledger records edited by hand

    /// Returns the 1-based line of the first line of `path` that contains `text`.
    private func line(of text: String, in path: String, _ fixture: StoreFixture) throws -> Int {
        let lines = try #require(fixture.read(path)).split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func keySoldTwiceIsAnError() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let row = try fixture.rows(product: "office", batch: "b1")[0]
        let first = try fixture.writeRecord([row], product: "office", batch: "keys/office/b1.csv", orderID: "T-1")
        let second = try fixture.writeRecord([row], product: "office", batch: "keys/office/b1.csv", orderID: "T-2")
        try fixture.write("keys/office/b1.csv", BatchFile.encode([]))
        let idLine = try line(of: "id: O1", in: second, fixture)

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "\(second):\(idLine): key O1 is in the record of order tienda/T-2 and also in that of order tienda/T-1 "
                + "(\(first):\(idLine)). keyship never assigns a key twice, so one of the records was edited by hand. "
                + "Restore it from git history: git log -p -- \(first) \(second) shows their earlier versions. If "
                + "both buyers received the key, send one of them a replacement key",
        ])
        #expect(report.lines(in: .es) == [
            "\(second):\(idLine): la clave O1 está en el registro del pedido tienda/T-2 y también en el del pedido "
                + "tienda/T-1 (\(first):\(idLine)). keyship nunca asigna una clave dos veces, así que uno de los "
                + "registros se editó a mano. Restáuralo del historial de git: git log -p -- \(first) \(second) "
                + "muestra sus versiones anteriores. Si los dos clientes recibieron la clave, envía a uno de ellos "
                + "una clave de sustitución",
        ])
        #expect(!report.passed)
    }

    @Test func keyTwiceInOneRecord() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let row = try fixture.rows(product: "office", batch: "b1")[0]
        let path = try fixture.writeRecord([row, row], product: "office", batch: "keys/office/b1.csv", orderID: "T-1")
        try fixture.write("keys/office/b1.csv", BatchFile.encode([]))
        let lines = try #require(fixture.read(path)).split(separator: "\n", omittingEmptySubsequences: false)
        let idLines = lines.indices.filter { lines[$0].contains("id: O1") }.map { $0 + 1 }
        try #require(idLines.count == 2)

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "\(path):\(idLines[1]): key O1 appears twice in the record of order tienda/T-1 (also at "
                + "\(path):\(idLines[0])). keyship never assigns a key twice, so this record was edited by hand. "
                + "Restore it from git history: git log -p -- \(path) shows its earlier versions",
        ])
        #expect(report.lines(in: .es) == [
            "\(path):\(idLines[1]): la clave O1 aparece dos veces en el registro del pedido tienda/T-1 (también en "
                + "\(path):\(idLines[0])). keyship nunca asigna una clave dos veces, así que este registro se editó a "
                + "mano. Restáuralo del historial de git: git log -p -- \(path) muestra sus versiones anteriores",
        ])
    }

    @Test func returnedKeySoldAgainPasses() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let row = try fixture.rows(product: "office", batch: "b1")[0]
        try fixture.writeRecord([row], product: "office", batch: "keys/office/b1.csv", orderID: "T-1", cancellation: .returned)
        try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-2")

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
    }

    @Test func quantityDiffersFromKeys() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let path = try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1")
        let edited = try #require(fixture.read(path)).replacingOccurrences(of: "quantity: 1", with: "quantity: 2")
        try fixture.write(path, edited)
        let quantityLine = try line(of: "quantity: 2", in: path, fixture)

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "\(path):\(quantityLine): order line 1 of order tienda/T-1 has quantity 2 but 1 key assigned. keyship "
                + "assigns exactly each line's quantity, so this record was edited by hand. Restore it from git "
                + "history: git log -p -- \(path) shows its earlier versions",
        ])
        #expect(report.lines(in: .es) == [
            "\(path):\(quantityLine): la línea de pedido 1 del pedido tienda/T-1 tiene cantidad 2 pero 1 clave "
                + "asignada. keyship asigna exactamente la cantidad de cada línea, así que este registro se editó a "
                + "mano. Restáuralo del historial de git: git log -p -- \(path) muestra sus versiones anteriores",
        ])
        #expect(!report.passed)
    }

    @Test func quantityBelowKeysIsPlural() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let path = try fixture.sell(["O1", "O2"], product: "office", batch: "b1", orderID: "T-1")
        try fixture.write(path, try #require(fixture.read(path)).replacingOccurrences(of: "quantity: 2", with: "quantity: 1"))

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines(in: .es).map { $0.contains("tiene cantidad 1 pero 2 claves asignadas.") } == [true])
        #expect(report.lines(in: .en).map { $0.contains("has quantity 1 but 2 keys assigned.") } == [true])
    }

    @Test func cancelledRecordQuantityIsNotChecked() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let path = try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1", cancellation: .burned)
        try fixture.write(path, try #require(fixture.read(path)).replacingOccurrences(of: "quantity: 1", with: "quantity: 3"))

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
    }

    /// Records moved or edited so that their path no longer matches their channel, order id or
    /// creation month, with the field the finding points at.
    @Test(arguments: [
        ("ledger/tienda/2026-12/T-1.yaml", "order_id: T-1", "order_id: T-2", "order_id"),
        ("ledger/tienda/2026-12/T-1.yaml", "channel: tienda", "channel: otra", "channel"),
        ("ledger/tienda/2026-12/T-1.yaml", "order_created_at: 2026-12-04T10:00:00Z",
         "order_created_at: 2026-11-04T10:00:00Z", "order_created_at"),
    ])
    func recordFieldDisagreesWithPath(path: String, old: String, new: String, field: String) throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try #require(try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1") == path)
        try fixture.write(path, try #require(fixture.read(path)).replacingOccurrences(of: old, with: new))
        let fieldLine = try line(of: "\(field):", in: path, fixture)
        let order: String
        let expected: (open: String, closed: String)
        switch field {
        case "order_id":
            order = "tienda/T-2"
            expected = ("ledger/tienda/open/T-2.yaml", "ledger/tienda/2026-12/T-2.yaml")
        case "channel":
            order = "otra/T-1"
            expected = ("ledger/otra/open/T-1.yaml", "ledger/otra/2026-12/T-1.yaml")
        default:
            order = "tienda/T-1"
            expected = ("ledger/tienda/open/T-1.yaml", "ledger/tienda/2026-11/T-1.yaml")
        }

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "\(path):\(fieldLine): this record is for order \(order), which keyship looks up only at "
                + "\(expected.open) or \(expected.closed), so it does not find it here and could serve the order "
                + "again. The record or its path was changed by hand. Restore it from git history: git log -p -- "
                + "\(path) shows its earlier versions",
        ])
        #expect(!report.passed)
    }

    @Test func recordMovedToAnotherChannelInSpanish() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let path = try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1")
        let moved = "ledger/otra/open/T-1.yaml"
        try fixture.write(moved, try #require(fixture.read(path)))
        try fixture.remove(path)
        let channelLine = try line(of: "channel:", in: moved, fixture)

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines(in: .es) == [
            "\(moved):\(channelLine): este registro es del pedido tienda/T-1, que keyship solo busca en "
                + "ledger/tienda/open/T-1.yaml o ledger/tienda/2026-12/T-1.yaml, así que no lo encuentra aquí y podría "
                + "volver a servir el pedido. El registro o su ruta se cambiaron a mano. Restáuralo del historial de "
                + "git: git log -p -- \(moved) muestra sus versiones anteriores",
        ])
    }

    /// An open record and a closed one whose order id needs escaping and whose UTC creation month
    /// differs from the sale's.
    @Test func openAndClosedPathsPass() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let rows = try fixture.rows(product: "office", batch: "b1")
        try fixture.write("keys/office/b1.csv", BatchFile.encode([rows[2]]))
        let created = Timestamp(iso: "2026-11-30T23:30:00Z")!
        for (index, orderID, isClosed) in [(0, "T-5", false), (1, "T 6/ñ", true)] {
            let record = LedgerRecord(
                channel: "tienda", orderID: orderID, orderCreatedAt: created, run: "run-1", reservedAt: created,
                lines: [LedgerLine(lineID: "1", sku: "SKU", product: "office", quantity: 1,
                                   keys: [SoldKey(row: rows[index], batch: "keys/office/b1.csv", soldAt: created)])],
                delivery: DeliveryRecord(status: .done, attempts: 1, sentAt: created),
                closedAt: isClosed ? created : nil)
            let path = isClosed
                ? StoreLayout.closedRecordPath(channel: "tienda", orderID: orderID, orderCreatedAt: created)
                : StoreLayout.openRecordPath(channel: "tienda", orderID: orderID)
            try fixture.write(path, LedgerRecordCodec.encode(record))
        }
        try #require(fixture.read("ledger/tienda/2026-11/T%206%2F%C3%B1.yaml") != nil)

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
        #expect(report.soldCount == 2)
    }

    @Test func unreadableBatchFileIsReported() throws {
        let fixture = try StoreFixture.checked()
        try fixture.write("keys/office/b1.csv", "id,created_at\nO1,2026-12-01T10:00:00Z\n")
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/office/b1.csv:1: invalid header \"id,created_at\"; expected "
                + "id,created_at,company,warehouse,expires_on,attachment,key",
        ])
    }

    // MARK: - Ledger

    @Test func damagedLedgerFilesAreReported() throws {
        let fixture = try StoreFixture.checked()
        try fixture.write("ledger/tienda/open/T-9.yaml", "channel: tienda\n")
        try fixture.write(StoreLayout.alertStateFile, "- [unclosed\n")
        try fixture.write("ledger/notifications/2026-12-04-office.yaml", "event: [started\n")
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "ledger/alerts.yaml:2:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow "
                + "sequence). Fix the syntax at that line and column (check the indentation, the quotes and the "
                + "space after `:`).",
            "ledger/notifications/2026-12-04-office.yaml:2:1: invalid YAML: did not find expected ',' or ']' "
                + "(while parsing a flow sequence). Fix the syntax at that line and column (check the indentation, "
                + "the quotes and the space after `:`).",
            "ledger/tienda/open/T-9.yaml:1:1: missing required field `order_id`. Add it.",
            "ledger/tienda/open/T-9.yaml:1:1: missing required field `order_created_at`. Add it.",
            "ledger/tienda/open/T-9.yaml:1:1: missing required field `run`. Add it.",
            "ledger/tienda/open/T-9.yaml:1:1: missing required field `reserved_at`. Add it.",
            "ledger/tienda/open/T-9.yaml:1:1: missing required field `lines`. Add it.",
            "ledger/tienda/open/T-9.yaml:1:1: missing required field `delivery`. Add it.",
        ])
        #expect(!report.passed)
    }

    // MARK: - Templates and references

    @Test func unknownPlaceholderIsReported() throws {
        let fixture = try StoreFixture.checked()
        try fixture.write("templates/office/default.es.yaml", "intro: \"Hola {{buyer}}\"\n")
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "templates/office/default.es.yaml: intro, line 1, column 6: unknown placeholder {{buyer}}; use one of "
                + "\(TemplatePlaceholder.allWritten)",
        ])
    }

    @Test func licenceWithoutTemplateWarns() throws {
        let fixture = try StoreFixture.checked()
        try fixture.remove("templates/office/default.es.yaml")
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "catalog/office.yaml: warning: licence product office is on sale but has no message template, so its "
                + "buyers get only the keys, without instructions. Add templates/office/default.es.yaml",
        ])
        #expect(report.passed)
    }

    @Test func channelLanguageWithoutTemplateWarns() throws {
        let fixture = try StoreFixture.checked()
        try fixture.remove("templates/office/default.es.yaml")
        try fixture.write("templates/office/default.en.yaml", "intro: \"Hello {{buyer_name}}\"\n")
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines(in: .es) == [
            "catalog/office.yaml:5: aviso: los clientes de office en el canal de venta tienda (idioma es) reciben "
                + "solo las claves, sin instrucciones, porque no hay plantilla en ese idioma. Añade "
                + "templates/office/tienda.es.yaml o templates/office/default.es.yaml",
        ])
    }

    @Test func referenceErrorsPassThrough() throws {
        let fixture = try StoreFixture.checked()
        try fixture.write("catalog/office.yaml", """
            id: office
            name: "Office 2021 Pro"
            digital_license: true
            offers: {tienda: OFFICE, amazon: B0001}
            """)
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "catalog/office.yaml:4:26: `offers.amazon` names the sales channel \"amazon\", which is not in "
                + "keyship.yaml (channels: tienda). Fix the name or add the channel.",
        ])
        #expect(!report.passed)
    }

    // MARK: - Ignored files

    @Test func gitIgnoredFilesAreLeftOut() throws {
        let fixture = try StoreFixture.checked()
        try fixture.write(".gitignore", "/data/\n*.tmp\n")
        try fixture.write("templates/office/notes.tmp", "draft")
        try fixture.write("data/tienda/outbox/T-1.eml", "message")
        try fixture.write("attachments/office/readme.pdf", "pdf")
        try fixture.write("attachments/office/guide.tmp", "ignored attachment")
        try fixture.writeRows(product: "office", batch: "b1", [("O1", "OFFICE-1", "MAD", "attachments/office/guide.tmp")])
        try fixture.commitAll()

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "keys/office/b1.csv:2: key O1: the attachment attachments/office/guide.tmp is not in the store. Add "
                + "the file to the repository, or empty the attachment column",
        ])
        // keyship.yaml, .gitignore, 4 catalogue files, 3 templates, 1 attachment and 1 batch file.
        #expect(report.fileCount == 11)
    }

    @Test func dataFolderIsLeftOutWithoutGit() throws {
        let fixture = try StoreFixture.checked()
        try fixture.write("data/tienda/outbox/T-1.eml", "message")
        try fixture.write("data/templates/x.txt", "anything")
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
        #expect(report.fileCount == 8)
    }
}
