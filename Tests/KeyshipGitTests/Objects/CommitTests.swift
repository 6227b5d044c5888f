import KeyshipCore
import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct CommitTests {
    let scratch: ScratchDirectory
    let repository: Repository

    init() throws {
        scratch = try ScratchDirectory("git-commit")
        repository = try Repository.create(at: scratch.path, bare: true)
    }

    @Test func commitRoundTrip() throws {
        let first = try Fixture.commit(repository, parent: nil, files: ["a.txt": "a\n"], message: "First")
        let tree = try repository.writeTree(
            base: first, changes: [.upsert(path: "b.txt", blob: try repository.writeBlob("b\n"))])
        let message = "Reserve 2 keys\n\nKeyship-Run: 2026-12-04T10:15:00Z\nOrder: T-1001\n"
        let id = try repository.writeCommit(
            tree: tree, parents: [first], message: message,
            author: Fixture.author, committer: Fixture.committer)

        let commit = try repository.commit(id)
        #expect(commit.id == id)
        #expect(commit.tree == tree)
        #expect(commit.parents == [first])
        #expect(commit.message == message)
        #expect(commit.subject == "Reserve 2 keys")
        #expect(commit.author == Fixture.author)
        #expect(commit.committer == Fixture.committer)
    }

    @Test func commitIsReadableByGit() throws {
        let id = try Fixture.commit(repository, parent: nil, files: ["a.txt": "a\n"], message: "Add a")
        let gitShowOutput = try GitCLI.run(
            ["show", "-s", "--format=%an <%ae> %ai%n%cn <%ce> %ci%n%B", id.hex], in: scratch.path)
        #expect(gitShowOutput == """
            Ana García <ana@example.com> 2026-12-04 11:15:00 +0100
            keyship <bot@example.com> 2026-12-04 10:16:00 +0000
            Add a
            """)
        let raw = try GitCLI.run(["cat-file", "commit", id.hex], in: scratch.path)
        #expect(!raw.contains("encoding"))
    }

    @Test func messageGetsFinalNewline() throws {
        let id = try Fixture.commit(repository, parent: nil, files: ["a.txt": "a\n"], message: "No newline")
        #expect(try repository.commit(id).message == "No newline\n")
    }

    @Test func mergeCommitKeepsParentOrder() throws {
        let left = try Fixture.commit(repository, parent: nil, files: ["a.txt": "a\n"], message: "Left")
        let right = try Fixture.commit(repository, parent: nil, files: ["b.txt": "b\n"], message: "Right")
        let merge = try repository.writeCommit(
            tree: try repository.commit(left).tree, parents: [left, right], message: "Merge",
            author: Fixture.author, committer: Fixture.committer)
        #expect(try repository.commit(merge).parents == [left, right])
    }

    @Test func unknownParentFails() throws {
        let tree = try repository.writeTree(base: nil, changes: [])
        let missing = try #require(ObjectID(hex: "2222222222222222222222222222222222222222"))
        #expect(throws: GitError.notFound(.object(missing))) {
            try repository.writeCommit(
                tree: tree, parents: [missing], message: "Orphan",
                author: Fixture.author, committer: Fixture.committer)
        }
    }

    @Test func invalidSignatureFails() throws {
        let tree = try repository.writeTree(base: nil, changes: [])
        var author = Fixture.author
        author.email = ""
        #expect(throws: GitError.self) {
            try repository.writeCommit(
                tree: tree, parents: [], message: "Bad", author: author, committer: Fixture.committer)
        }
    }
}
