import Foundation
import KeyshipGit
import KeyshipTestSupport
import Testing

/// A run commits without the work tree, then brings a clean checkout up to the new commit.
@Suite struct CheckoutTests {
    let remote: RemoteFixture
    let clone: Repository
    let workTree: URL
    let newCommit: ObjectID

    init() throws {
        remote = try RemoteFixture("git-checkout")
        clone = try remote.clone("work")
        workTree = remote.scratch.url("work")
        newCommit = try Fixture.commit(
            clone, parent: remote.initialCommit,
            files: ["keys/office/batch-1.csv": "id,key\n", "ledger/tienda/T-1001.yaml": "order: T-1001\n"],
            removing: ["keyship.yaml"],
            message: "Reserve T-1001")
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: workTree.appendingPathComponent(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: workTree.appendingPathComponent(relative).path)
    }

    @Test func cleanWorkTreeFollowsNewCommit() throws {
        try clone.checkOut(newCommit, baseline: remote.initialCommit)
        try clone.updateReference("refs/heads/main", to: newCommit, expecting: remote.initialCommit, message: "keyship: reserve")

        #expect(try read("keys/office/batch-1.csv") == "id,key\n")
        #expect(try read("ledger/tienda/T-1001.yaml") == "order: T-1001\n")
        #expect(!exists("keyship.yaml"))
        #expect(try clone.isWorkTreeClean())
        #expect(try GitCLI.run(["status", "--porcelain"], in: workTree.path).isEmpty)
        #expect(try GitCLI.run(["rev-parse", "HEAD"], in: workTree.path) == newCommit.hex)
    }

    @Test func defaultBaselineIsHead() throws {
        try clone.checkOut(newCommit)
        try clone.updateReference("refs/heads/main", to: newCommit, expecting: remote.initialCommit, message: "keyship: reserve")
        #expect(try read("ledger/tienda/T-1001.yaml") == "order: T-1001\n")
        #expect(try clone.isWorkTreeClean())
    }

    @Test func localEditIsNotOverwritten() throws {
        try remote.scratch.write("work/keys/office/batch-1.csv", "id,key\nk1,EDITED\n")
        #expect(throws: GitError.localChanges(paths: ["keys/office/batch-1.csv"])) {
            try clone.checkOut(newCommit, baseline: remote.initialCommit)
        }
        #expect(try read("keys/office/batch-1.csv") == "id,key\nk1,EDITED\n")
        #expect(!exists("ledger/tienda/T-1001.yaml"))
        #expect(try read("keyship.yaml") == "language: es\n")
        #expect(try clone.localChanges() == ["keys/office/batch-1.csv"])
    }

    @Test func untrackedFileInTheWayIsNotOverwritten() throws {
        try remote.scratch.write("work/ledger/tienda/T-1001.yaml", "someone else's draft\n")
        #expect(throws: GitError.localChanges(paths: ["ledger/tienda/T-1001.yaml"])) {
            try clone.checkOut(newCommit, baseline: remote.initialCommit)
        }
        #expect(try read("ledger/tienda/T-1001.yaml") == "someone else's draft\n")
    }

    @Test func unrelatedLocalEditIsKept() throws {
        let unrelated = try Fixture.commit(
            clone, parent: remote.initialCommit, files: ["ledger/tienda/T-1002.yaml": "order: T-1002\n"],
            message: "Reserve T-1002")
        try remote.scratch.write("work/keyship.yaml", "language: en\n")
        try clone.checkOut(unrelated, baseline: remote.initialCommit)
        #expect(try read("ledger/tienda/T-1002.yaml") == "order: T-1002\n")
        #expect(try read("keyship.yaml") == "language: en\n")
    }

    @Test func statusListsEveryKindOfChange() throws {
        #expect(try clone.localChanges().isEmpty)
        try remote.scratch.write("work/keyship.yaml", "language: en\n")
        try remote.scratch.write("work/notes/todo.txt", "x\n")
        try FileManager.default.removeItem(at: workTree.appendingPathComponent("keys/office/batch-1.csv"))
        try remote.scratch.write("work/staged.txt", "s\n")
        try GitCLI.run(["add", "staged.txt"], in: workTree.path)

        #expect(try clone.localChanges() == ["keys/office/batch-1.csv", "keyship.yaml", "notes/todo.txt", "staged.txt"])
        #expect(try clone.localChanges(includingUntracked: false) == ["keys/office/batch-1.csv", "keyship.yaml", "staged.txt"])
        #expect(try !clone.isWorkTreeClean())
    }

    @Test func ignoredFilesDoNotCount() throws {
        try remote.scratch.write("work/.git/info/exclude", "outbox/\n")
        try remote.scratch.write("work/outbox/T-1001.eml", "Subject: keys\n")
        #expect(try clone.isWorkTreeClean())
    }
}
