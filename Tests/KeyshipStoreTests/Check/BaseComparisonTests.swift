import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipGit
import KeyshipTestSupport
import Testing
@testable import KeyshipStore

/// Pull requests against a store with a bare remote. Its `main` contains office keys O1-O3 (O1
/// sold in order T-1) and windows keys W1-W2. Each test works on a branch `pr` and checks it
/// against `origin/main`.
@Suite struct BaseComparisonTests {
    private static let soldRecord = "ledger/tienda/2026-12/T-1.yaml"

    private func storeWithRemote() throws -> StoreFixture {
        let fixture = try StoreFixture.checked("check-base")
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.addBatch(product: "windows", batch: "w1", keys: [
            .init(id: "W1", plaintext: "WIN-00001"), .init(id: "W2", plaintext: "WIN-00002"),
        ])
        try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1")
        try fixture.commitAll()
        try fixture.makeRemote()
        try fixture.git(["checkout", "-q", "-b", "pr"])
        return fixture
    }

    private func check(_ fixture: StoreFixture, base: String = "origin/main") throws -> StoreCheckReport {
        try StoreCheck.run(root: fixture.root.path, options: StoreCheck.Options(base: base))
    }

    /// Sells `ids` on `main` after the branch was made, pushes, and comes back to `pr`.
    private func sellOnMain(_ fixture: StoreFixture, _ ids: [String], orderID: String) throws {
        try fixture.git(["checkout", "-q", "main"])
        try fixture.sell(ids, product: "office", batch: "b1", orderID: orderID)
        try fixture.commitAll("Sell \(ids.joined(separator: ", "))")
        try fixture.git(["push", "-q", "origin", "main"])
        try fixture.git(["checkout", "-q", "pr"])
    }

    @Test func cleanBatchPasses() throws {
        let fixture = try storeWithRemote()
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "N1", plaintext: "OFFICE-NEW-1")])
        try fixture.commitAll("Add office keys")

        let report = try check(fixture)
        #expect(report.lines() == [])
        #expect(report.base?.revision == "origin/main")
        #expect(report.base?.changedFiles == 1)
        #expect(report.base?.forkPoint == report.base?.commit)
    }

    @Test func uncommittedChangesCount() throws {
        let fixture = try storeWithRemote()
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "N1", plaintext: "OFFICE-NEW-1")])
        let report = try check(fixture)
        #expect(report.lines() == [])
        #expect(report.base?.changedFiles == 1)
    }

    @Test func editingSoldKeyInLedgerFails() throws {
        let fixture = try storeWithRemote()
        let text = try #require(fixture.read(Self.soldRecord))
        try fixture.write(Self.soldRecord, text.replacingOccurrences(of: "company: Acme", with: "company: Otra"))
        try fixture.commitAll("Fix the company of a sold key")

        let report = try check(fixture)
        #expect(report.lines() == [
            "\(Self.soldRecord): only keyship writes under ledger/, and this change edits this file. Restore it "
                + "with git checkout origin/main -- \(Self.soldRecord)",
        ])
        #expect(!report.passed)
    }

    @Test func addingAndDeletingLedgerFilesFails() throws {
        let fixture = try storeWithRemote()
        try fixture.remove(Self.soldRecord)
        let row = KeyRow(
            id: "F1", createdAt: Timestamp(iso: "2026-12-01T10:00:00Z")!, company: "Acme", warehouse: "MAD",
            cell: try KeyCell.seal("FAKE-1", to: [fixture.identity.recipient]))
        let added = try fixture.writeRecord([row], product: "office", batch: "keys/office/b0.csv", orderID: "T-5")
        try fixture.commitAll("Tidy the ledger")

        let report = try check(fixture)
        #expect(report.lines(in: .es) == [
            "\(Self.soldRecord): solo keyship escribe en ledger/, y este cambio borra este fichero. Restáuralo con "
                + "git checkout origin/main -- \(Self.soldRecord)",
            "\(added): solo keyship escribe en ledger/, y este cambio añade este fichero. Quítalo del cambio con "
                + "git rm \(added)",
        ])
    }

    @Test func reAddingSoldKeyIsReportedOnce() throws {
        let fixture = try storeWithRemote()
        let record = try #require(fixture.read(Self.soldRecord))
        let cell = try #require(record.split(separator: "\n").first { $0.contains("key: ") }?
            .split(separator: " ").last.map(String.init))
        let row = KeyRow(
            id: "O1", createdAt: Timestamp(iso: "2026-12-01T10:00:00Z")!, company: "Acme", warehouse: "MAD", cell: cell)
        try fixture.write("keys/office/b2.csv", BatchFile.encode([row]))
        try fixture.commitAll("Put O1 back")

        let report = try check(fixture)
        #expect(report.lines() == [
            "keys/office/b2.csv:2: sold key re-added: key O1 was sold in order tienda/T-1 (\(Self.soldRecord)). "
                + "Delete this row, because a sold key must never return to stock",
        ])
    }

    @Test func reAddingSoldCellUnderNewIDFails() throws {
        let fixture = try storeWithRemote()
        try sellOnMain(fixture, ["O2"], orderID: "T-2")
        // The branch is behind main: O2 is still in its b1.csv, and the change copies its cell.
        var row = try #require(try fixture.rows(product: "office", batch: "b1").first { $0.id == "O2" })
        row.id = "N7"
        try fixture.write("keys/office/b2.csv", BatchFile.encode([row]))
        try fixture.commitAll("Add N7")

        let report = try check(fixture)
        #expect(report.lines() == [
            "keys/office/b2.csv:2: key N7 has the same key cell as key O2 at keys/office/b1.csv:2, so one licence "
                + "key would be sold twice. Delete one of the two rows",
            "keys/office/b2.csv:2: re-adds a sold key under a new id: key N7 has the key cell of key O2, sold in "
                + "order tienda/T-2 (origin/main, ledger/tienda/2026-12/T-2.yaml). Delete this row",
        ])
    }

    @Test func movingKeySoldOnMainFails() throws {
        let fixture = try storeWithRemote()
        try sellOnMain(fixture, ["O2"], orderID: "T-2")
        // The change moves O2 into another file, where a merge would keep it.
        var rows = try fixture.rows(product: "office", batch: "b1")
        let moved = rows.filter { $0.id == "O2" }
        rows.removeAll { $0.id == "O2" }
        try fixture.write("keys/office/b1.csv", BatchFile.encode(rows))
        try fixture.write("keys/office/b2.csv", BatchFile.encode(moved))
        try fixture.commitAll("Move O2")

        let report = try check(fixture)
        #expect(report.lines() == [
            "keys/office/b2.csv:2: re-adds a sold key: key O2 was sold in order tienda/T-2 (origin/main, "
                + "ledger/tienda/2026-12/T-2.yaml). Delete this row, because a sold key must never return to stock",
        ])
    }

    @Test func editingKeySoldOnMainFails() throws {
        let fixture = try storeWithRemote()
        try sellOnMain(fixture, ["O2"], orderID: "T-2")
        var rows = try fixture.rows(product: "office", batch: "b1")
        rows[0].company = "Otra Empresa"
        try fixture.write("keys/office/b1.csv", BatchFile.encode(rows))
        try fixture.commitAll("Change the owner of O2")

        let report = try check(fixture)
        #expect(report.lines(in: .es) == [
            "keys/office/b1.csv:2: el cambio edita una clave vendida: la clave O2 se vendió en el pedido tienda/T-2 "
                + "(origin/main, ledger/tienda/2026-12/T-2.yaml), así que su fila ya no puede cambiar. Actualiza la "
                + "rama desde origin/main y descarta el cambio de esta fila",
        ])
    }

    @Test func salesOnMainAfterBranchingPass() throws {
        let fixture = try storeWithRemote()
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "N1", plaintext: "OFFICE-NEW-1")])
        try fixture.commitAll("Add office keys")
        try sellOnMain(fixture, ["O2", "O3"], orderID: "T-2")

        let behind = try check(fixture)
        #expect(behind.lines() == [])
        #expect(behind.base?.changedFiles == 1)
        #expect(behind.base?.forkPoint != behind.base?.commit)

        try fixture.git(["merge", "-q", "--no-edit", "origin/main"])
        let merged = try check(fixture)
        #expect(merged.lines() == [])
        #expect(merged.base?.changedFiles == 1)
        #expect(merged.soldCount == 3)
    }

    @Test func changingKeyCellFails() throws {
        let fixture = try storeWithRemote()
        var rows = try fixture.rows(product: "windows", batch: "w1")
        rows[1].cell = try KeyCell.seal("WIN-99999", to: [fixture.identity.recipient])
        try fixture.write("keys/windows/w1.csv", BatchFile.encode(rows))
        try fixture.commitAll("Replace W2")

        let report = try check(fixture)
        #expect(report.lines() == [
            "keys/windows/w1.csv:3: key W2 has a different key cell than in origin/main, which puts another licence "
                + "key under the same id. Restore the key cell, and add the new key with keyship keys import",
        ])
    }

    @Test func editingAndDeletingAvailableKeysPass() throws {
        let fixture = try storeWithRemote()
        var rows = try fixture.rows(product: "windows", batch: "w1")
        rows[0].company = "Otra Empresa"
        rows[0].warehouse = "BCN"
        rows[0].expiresOn = CivilDate(iso: "2027-06-30")
        try fixture.write("keys/windows/w1.csv", BatchFile.encode(rows))
        var office = try fixture.rows(product: "office", batch: "b1")
        office.removeAll { $0.id == "O3" }
        try fixture.write("keys/office/b1.csv", BatchFile.encode(office))
        try fixture.commitAll("Edit W1 and delete O3")

        let report = try check(fixture)
        #expect(report.lines() == [])
        #expect(report.base?.changedFiles == 2)
    }

    @Test func unknownBaseIsAnError() throws {
        let fixture = try storeWithRemote()
        #expect(throws: GitError.notFound(.revision("origin/nope"))) {
            try check(fixture, base: "origin/nope")
        }
    }

    @Test func unrelatedHistoryIsAnError() throws {
        let fixture = try storeWithRemote()
        try fixture.git(["checkout", "-q", "--orphan", "other"])
        try fixture.commitAll("Start over")
        #expect(throws: CheckError.unrelatedHistory(base: "origin/main")) {
            try check(fixture)
        }
    }

    @Test func storeBelowRepositoryTopIsAnError() throws {
        let fixture = try StoreFixture.checked()
        // The files channel's folders sit beside the store, so inside this repository: ignore them.
        try fixture.scratch.write(".gitignore", "*.tmp\n/inbox/\n/outbox/\n")
        try fixture.git(["init", "-q", "-b", "main"], in: fixture.scratch.url)
        try fixture.git(["add", "-A"], in: fixture.scratch.url)
        try fixture.git(["commit", "-q", "-m", "Store in a subfolder"], in: fixture.scratch.url)
        // The parent repository's ignore rules still apply to the store's files.
        try fixture.write("templates/office/notes.tmp", "draft")
        #expect(try StoreCheck.run(root: fixture.root.path).lines() == [])

        let workTree = VisibleWorkTree.canonicalPath(fixture.scratch.path)
        #expect(throws: CheckError.storeNotAtRepositoryTop(store: fixture.root.path, workTree: workTree)) {
            try check(fixture, base: "HEAD")
        }
    }

    @Test func baseNeedsRepository() throws {
        let fixture = try StoreFixture.checked()
        #expect(throws: GitError.notARepository(path: fixture.root.path)) {
            try check(fixture)
        }
    }
}
