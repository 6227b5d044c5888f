import Foundation
import KeyshipCore
import KeyshipGit
import KeyshipStore
import KeyshipTestSupport
import Testing

@Suite struct PersonCommitterTests {
    static let time = Timestamp(iso: "2026-12-04T12:00:00Z")!

    func committer(_ fixture: StoreFixture, root: String? = nil) throws -> PersonCommitter {
        try PersonCommitter(storeRoot: root ?? fixture.root.path, at: Self.time, environment: fixture.environment, logger: .disabled)
    }

    @Test func commitLeavesOtherEditsAlone() throws {
        let fixture = try StoreFixture("person")
        try fixture.commitAll()
        let base = try fixture.git(["rev-parse", "HEAD"]).stdout
        try fixture.write("catalog/usb.yaml", try #require(fixture.read("catalog/usb.yaml")) + "# local\n")
        try fixture.git(["add", "catalog/usb.yaml"])
        try fixture.write("notes.txt", "untracked\n")
        var changes = StoreChanges()
        changes.write("keys/office/new.csv", "id\n")
        changes.delete("catalog/windows.yaml")

        let commit = try committer(fixture).commit(changes, message: CommitMessage(subject: "Change keys", trailers: [.init("Product", "office")]))

        #expect(try fixture.git(["rev-parse", "HEAD"]).stdout == commit.hex + "\n")
        #expect(try fixture.git(["rev-parse", "HEAD~1"]).stdout == base)
        #expect(try fixture.git(["log", "-1", "--format=%an <%ae>|%B"]).stdout == "Olga Operadora <olga@example.com>|Change keys\n\nProduct: office\n\n")
        #expect(try fixture.git(["status", "--porcelain"]).stdout == "M  catalog/usb.yaml\n?? notes.txt\n")
        #expect(fixture.read("keys/office/new.csv") == "id\n")
        #expect(fixture.read("catalog/windows.yaml") == nil)
    }

    @Test func localEditToTouchedFileMovesNothing() throws {
        let fixture = try StoreFixture("person")
        try fixture.commitAll()
        let base = try fixture.git(["rev-parse", "HEAD"]).stdout
        try fixture.write("catalog/windows.yaml", "local edit\n")
        var changes = StoreChanges()
        changes.write("catalog/windows.yaml", "from keyship\n")

        #expect(throws: PersonCommitError.localChanges(paths: ["catalog/windows.yaml"])) {
            try committer(fixture).commit(changes, message: CommitMessage(subject: "Change"))
        }
        #expect(try fixture.git(["rev-parse", "HEAD"]).stdout == base)
        #expect(fixture.read("catalog/windows.yaml") == "local edit\n")
    }

    @Test func storeMustBeAtTheTop() throws {
        let fixture = try StoreFixture("person")
        try fixture.write("sub/keyship.yaml", "x")
        try fixture.commitAll()

        #expect(throws: PersonCommitError.storeNotAtTop(store: fixture.root.path + "/sub", workTree: fixture.root.path)) {
            try committer(fixture, root: fixture.root.path + "/sub")
        }
    }

    @Test func branchWithoutCommitFailsEarly() throws {
        let fixture = try StoreFixture("person")
        try fixture.git(["init", "-q", "-b", "main"])

        #expect(throws: StoreRepositoryError.branchMissing(branch: "main")) {
            try committer(fixture)
        }
    }
}
