import KeyshipCore
import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct HistoryTests {
    let scratch: ScratchDirectory
    let repository: Repository

    init() throws {
        scratch = try ScratchDirectory("git-history")
        repository = try Repository.create(at: scratch.path, bare: true)
    }

    /// Writes a commit at `minute` minutes after a fixed time, so the order is known.
    func commit(_ parents: [ObjectID], _ files: [String: String], minute: Int64, _ message: String) throws -> ObjectID {
        let base = try parents.first.map { try repository.commit($0).tree }
        var changes: [TreeChange] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            changes.append(.upsert(path: path, blob: try repository.writeBlob(text)))
        }
        let tree = try repository.writeTree(base: base, changes: changes)
        var committer = Fixture.committer
        committer.time = committer.time.adding(seconds: minute * 60)
        return try repository.writeCommit(
            tree: tree, parents: parents, message: message, author: Fixture.author, committer: committer)
    }

    @Test func historyIsNewestFirst() throws {
        let first = try commit([], ["catalog/office.yaml": "1\n"], minute: 0, "First")
        let second = try commit([first], ["keys/office/a.csv": "1\n"], minute: 1, "Second")
        let third = try commit([second], ["catalog/office.yaml": "2\n"], minute: 2, "Third")
        let history = try repository.history(from: third)
        #expect(history.map(\.subject) == ["Third", "Second", "First"])
        #expect(history.map(\.id) == [third, second, first])
    }

    @Test func historyTouchingPath() throws {
        let first = try commit([], ["catalog/office.yaml": "1\n"], minute: 0, "First")
        let second = try commit([first], ["keys/office/a.csv": "1\n"], minute: 1, "Second")
        let third = try commit([second], ["catalog/office.yaml": "2\n"], minute: 2, "Third")
        let fourth = try commit([third], ["keys/office/b.csv": "1\n"], minute: 3, "Fourth")
        #expect(try repository.history(from: fourth, touching: "catalog/office.yaml").map(\.subject) == ["Third", "First"])
        #expect(try repository.history(from: fourth, touching: "keys/office").map(\.subject) == ["Fourth", "Second"])
        #expect(try repository.history(from: fourth, touching: "keys/windows").isEmpty)
    }

    @Test func historyWithLimitAndExclusion() throws {
        let first = try commit([], ["a.txt": "1\n"], minute: 0, "First")
        let second = try commit([first], ["a.txt": "2\n"], minute: 1, "Second")
        let third = try commit([second], ["a.txt": "3\n"], minute: 2, "Third")
        #expect(try repository.history(from: third, limit: 2).map(\.subject) == ["Third", "Second"])
        #expect(try repository.history(from: third, excluding: [first]).map(\.subject) == ["Third", "Second"])
    }

    @Test func mergeTakingPathFromOneSideIsSkipped() throws {
        let root = try commit([], ["a.txt": "1\n", "b.txt": "1\n"], minute: 0, "Root")
        let left = try commit([root], ["a.txt": "2\n"], minute: 1, "Left changes a")
        let right = try commit([root], ["b.txt": "2\n"], minute: 2, "Right changes b")
        let mergedTree = try repository.writeTree(
            base: left, changes: [.upsert(path: "b.txt", blob: try repository.writeBlob("2\n"))])
        var committer = Fixture.committer
        committer.time = committer.time.adding(seconds: 180)
        let merge = try repository.writeCommit(
            tree: mergedTree, parents: [left, right], message: "Merge",
            author: Fixture.author, committer: committer)
        #expect(try repository.history(from: merge).map(\.subject) == ["Merge", "Right changes b", "Left changes a", "Root"])
        #expect(try repository.history(from: merge, touching: "a.txt").map(\.subject) == ["Left changes a", "Root"])
        #expect(try repository.history(from: merge, touching: "b.txt").map(\.subject) == ["Right changes b", "Root"])
    }

    @Test func unknownTipFails() throws {
        let missing = try #require(ObjectID(hex: "3333333333333333333333333333333333333333"))
        #expect(throws: GitError.notFound(.object(missing))) {
            try repository.history(from: missing)
        }
    }
}
