import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing

@Suite struct KeysDeleteCommandTests {
    /// Office: batch b1 with three keys and batch b2 with one; Windows: one key; s-0001 sold.
    static func makeFixture() throws -> StoreFixture {
        let fixture = try StoreFixture("delete")
        try fixture.addBatch(product: "office", batch: "b1", keys: [
            .init(id: "a-0001", plaintext: "PLAIN-A1"),
            .init(id: "a-0002", plaintext: "PLAIN-A2"),
            .init(id: "a-0003", plaintext: "PLAIN-A3"),
        ])
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "b-0001", plaintext: "PLAIN-B1")])
        try fixture.addBatch(product: "windows", batch: "w1", keys: [.init(id: "w-0001", plaintext: "PLAIN-W1")])
        try fixture.addSale(
            orderID: "T-1001", product: "office", keys: [.init(id: "s-0001", plaintext: "PLAIN-S1")],
            soldAt: "2026-12-02T08:30:00Z", delivery: DeliveryRecord(status: .error, attempts: 1, lastError: "HTTP 500"))
        return fixture
    }

    @Test func deletesRowsAndEmptyBatch() async throws {
        let fixture = try Self.makeFixture()
        let before = try fixture.batchRows("keys/office/b1.csv")

        let result = await CLIHarness.run(["keys", "delete", "a-0002", "b-0001"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output == """
            2 licence keys of office deleted.
            Changes written to the work tree, not committed. To keep them:
              git add keys/office/b1.csv keys/office/b2.csv && git commit -m 'Delete 2 keys of office'
            (or pass --commit next time).

            """)
        #expect(try fixture.batchRows("keys/office/b1.csv") == [before[0], before[2]])
        #expect(fixture.batchPaths(product: "office") == ["keys/office/b1.csv"])
        #expect(fixture.batchPaths(product: "windows") == ["keys/windows/w1.csv"])
    }

    @Test func allAvailableOfOneProduct() async throws {
        let fixture = try Self.makeFixture()
        let windows = fixture.read("keys/windows/w1.csv")
        let record = fixture.read(StoreLayout.openRecordPath(channel: "tienda", orderID: "T-1001"))

        let result = await CLIHarness.run(
            ["keys", "delete", "--product", "office", "--all-available", "--lang", "es"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output.hasPrefix("4 claves de licencia eliminadas de office.\n"))
        #expect(fixture.batchPaths(product: "office").isEmpty)
        #expect(fixture.read("keys/windows/w1.csv") == windows)
        #expect(record != nil)
        #expect(fixture.read(StoreLayout.openRecordPath(channel: "tienda", orderID: "T-1001")) == record)
    }

    @Test func allAvailableOfRemovedProduct() async throws {
        let fixture = try Self.makeFixture()
        try fixture.addBatch(product: "retired", batch: "r1", keys: [.init(id: "r-0001", plaintext: "PLAIN-R1")])

        let result = await CLIHarness.run(["keys", "delete", "--product", "retired", "--all-available"], fixture: fixture)
        let unknown = await CLIHarness.run(["keys", "delete", "--product", "nope", "--all-available"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output.hasPrefix("1 licence key of retired deleted.\n"))
        #expect(fixture.batchPaths(product: "retired").isEmpty)
        #expect(unknown.exitCode == .failure)
        #expect(unknown.errors == "error: unknown product \"nope\"; the catalogue has: antivirus, office, usb, windows\n")
    }

    @Test func allAvailableWithNoKeys() async throws {
        let fixture = try Self.makeFixture()

        let result = await CLIHarness.run(["keys", "delete", "--product", "antivirus", "--all-available"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output == "There are no available keys of antivirus; nothing was deleted.\n")
    }

    @Test func soldOrUnknownDeletesNothing() async throws {
        let fixture = try Self.makeFixture()
        let before = try fixture.allFiles()

        let single = await CLIHarness.run(["keys", "delete", "a-0001", "s-0001", "--lang", "es"], fixture: fixture)
        let several = await CLIHarness.run(["keys", "delete", "a-0001", "s-0001", "zz-9"], fixture: fixture)

        #expect(single.exitCode == .failure)
        #expect(single.errors == "error: la clave s-0001 ya se vendió en el pedido T-1001 del canal de venta tienda (ledger/tienda/open/T-1001.yaml); solo se pueden eliminar las claves disponibles\n")
        #expect(several.exitCode == .failure)
        #expect(several.errors == """
            error: 2 of the keys cannot be deleted, so none was deleted:
            key s-0001 was already sold in order T-1001 on sales channel tienda (ledger/tienda/open/T-1001.yaml); only available keys can be deleted
            there is no key with id zz-9 in the store; keyship keys list shows the ids

            """)
        #expect(try fixture.allFiles() == before)
    }

    @Test(arguments: [
        (["keys", "delete"], "error: missing argument ID; run keyship keys delete --help\n"),
        (["keys", "delete", "--all-available"], "error: missing option --product; run keyship keys delete --help\n"),
        (["keys", "delete", "--product", "office"], "error: missing option --all-available; run keyship keys delete --help\n"),
        (["keys", "delete", "a-0001", "--product", "office", "--all-available"], "error: ID and --all-available cannot be used together\n"),
        (["keys", "delete", "--product", "usb", "--all-available"], "error: the product usb is not a digital licence (digital_license: false in catalog/usb.yaml), so it has no licence keys\n"),
    ] as [([String], String)])
    func usageErrors(arguments: [String], message: String) async throws {
        let fixture = try Self.makeFixture()

        let result = await CLIHarness.run(arguments, fixture: fixture)

        #expect(result.exitCode != .success)
        #expect(result.errors == message)
        #expect(fixture.batchPaths(product: "office").count == 2)
    }

    @Test(arguments: [
        ("en", "error: keys/office/b1.csv has uncommitted changes; nothing was changed. Commit or discard those changes, then run again\n"),
        ("es", "error: hay cambios sin commit en keys/office/b1.csv; no se ha cambiado nada. Haz commit de esos cambios o descártalos, y vuelve a ejecutar\n"),
    ])
    func failedCommitPrintsNoSuccess(language: String, message: String) async throws {
        let fixture = try Self.makeFixture()
        try fixture.commitAll()
        let head = try fixture.gitOutput(["rev-parse", "HEAD"])
        let edited = try #require(fixture.read("keys/office/b1.csv")).replacingOccurrences(of: "Acme", with: "Local")
        try fixture.write("keys/office/b1.csv", edited)

        let result = await CLIHarness.run(
            ["keys", "delete", "a-0003", "--commit", "--lang", language], fixture: fixture)

        #expect(result.exitCode == .failure)
        #expect(result.output == "")
        #expect(result.errors == message)
        #expect(try fixture.gitOutput(["rev-parse", "HEAD"]) == head)
        #expect(fixture.read("keys/office/b1.csv") == edited)
    }

    @Test func failedCommitNamesEveryEditedBatch() async throws {
        let fixture = try Self.makeFixture()
        try fixture.commitAll()
        for path in ["keys/office/b1.csv", "keys/office/b2.csv"] {
            try fixture.write(path, try #require(fixture.read(path)).replacingOccurrences(of: "Acme", with: "Local"))
        }

        let result = await CLIHarness.run(["keys", "delete", "a-0003", "b-0001", "--commit"], fixture: fixture)

        #expect(result.exitCode == .failure)
        #expect(result.output == "")
        #expect(result.errors == "error: keys/office/b1.csv, keys/office/b2.csv have uncommitted changes; nothing was changed. Commit or discard those changes, then run again\n")
    }

    @Test func oneKeyInSpanishIsSingular() async throws {
        let fixture = try Self.makeFixture()

        let result = await CLIHarness.run(["keys", "delete", "a-0002", "--lang", "es"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output.hasPrefix("1 clave de licencia eliminada de office.\n"))
    }

    @Test func commitRemovesTheFile() async throws {
        let fixture = try Self.makeFixture()
        try fixture.commitAll()

        let result = await CLIHarness.run(["keys", "delete", "b-0001", "a-0003", "--commit"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(try fixture.gitOutput(["log", "-1", "--format=%B"]) == """
            Delete 2 keys of office

            Deleted with keyship keys delete from keys/office/b1.csv, keys/office/b2.csv.

            Product: office
            Key-Id: b-0001
            Key-Id: a-0003


            """)
        #expect(try fixture.gitOutput(["diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD"])
            == "M\tkeys/office/b1.csv\nD\tkeys/office/b2.csv\n")
        #expect(try fixture.gitOutput(["status", "--porcelain"]) == "")
        #expect(fixture.batchPaths(product: "office") == ["keys/office/b1.csv"])
    }
}
