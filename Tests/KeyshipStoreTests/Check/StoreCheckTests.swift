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
            "\(path):\(idLine): sold key S1 of order tienda/T-3: the age file header is invalid: the first line is "
                + "not age-encryption.org/v1. The cell is damaged or was not written by age: restore it from git "
                + "history or import the key again",
        ])
    }

    @Test func keySoldTwiceWarns() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let row = try fixture.rows(product: "office", batch: "b1")[0]
        try fixture.writeRecord([row], product: "office", batch: "keys/office/b1.csv", orderID: "T-1")
        try fixture.writeRecord([row], product: "office", batch: "keys/office/b1.csv", orderID: "T-2")
        try fixture.write("keys/office/b1.csv", BatchFile.encode([]))

        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [
            "ledger/tienda/2026-12/T-2.yaml: warning: key O1 is recorded as sold in order tienda/T-2 and also in "
                + "order tienda/T-1 (ledger/tienda/2026-12/T-1.yaml), so one licence key went to two buyers. Check "
                + "both orders and send one of the buyers a replacement key",
        ])
        #expect(report.passed)
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
