import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct TreeUpdateTests {
    let scratch: ScratchDirectory
    let repository: Repository

    init() throws {
        scratch = try ScratchDirectory("git-tree-update")
        repository = try Repository.create(at: scratch.path, bare: true)
    }

    /// Writes a tree of `folders` folders with `filesPerFolder` files each, such as
    /// `data/f003/file-007.txt`.
    func manyFiles(folders: Int, filesPerFolder: Int) throws -> ObjectID {
        var changes: [TreeChange] = []
        for folder in 0..<folders {
            for file in 0..<filesPerFolder {
                let blob = try repository.writeBlob("folder \(folder) file \(file)\n")
                changes.append(.upsert(path: Self.path(folder, file), blob: blob))
            }
        }
        return try repository.writeTree(base: nil, changes: changes)
    }

    static func path(_ folder: Int, _ file: Int) -> String {
        "data/f" + pad(folder, 3) + "/file-" + pad(file, 3) + ".txt"
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    @Test func updateRewritesOnlyTouchedSubtrees() throws {
        let base = try manyFiles(folders: 20, filesPerFolder: 50)
        let newBlob = try repository.writeBlob("changed\n")
        let updated = try repository.writeTree(base: base, changes: [
            .upsert(path: Self.path(3, 7), blob: newBlob),
            .remove(path: Self.path(11, 0)),
            .upsert(path: "data/f011/new.txt", blob: newBlob, mode: .executable),
        ])

        let before = try repository.entries(in: "data", of: base)
        let after = try repository.entries(in: "data", of: updated)
        #expect(before.map(\.name) == after.map(\.name))
        let changedFolders = zip(before, after).filter { $0.id != $1.id }.map(\.0.name)
        #expect(changedFolders == ["f003", "f011"])

        #expect(try repository.entry(at: Self.path(3, 7), in: updated)?.id == newBlob)
        #expect(try repository.entry(at: Self.path(11, 0), in: updated) == nil)
        #expect(try repository.entry(at: "data/f011/new.txt", in: updated)?.mode == .executable)
        #expect(try repository.entries(in: "data/f011", of: updated).count == 50)
        #expect(try repository.entries(in: "data/f003", of: updated).count == 50)
    }

    @Test func updateMatchesGitWriteTree() throws {
        let base = try manyFiles(folders: 2, filesPerFolder: 3)
        let blob = try repository.writeBlob("x\n")
        let updated = try repository.writeTree(base: base, changes: [
            .upsert(path: "data/f001/file-000.txt", blob: blob),
            .upsert(path: "data/f002/extra.txt", blob: blob),
            .remove(path: "data/f000"),
        ])
        // git's own listing of the result, to confirm the tree is well-formed.
        let listing = try GitCLI.run(["ls-tree", "-r", "--name-only", updated.hex], in: scratch.path)
        #expect(listing.split(separator: "\n") == [
            "data/f001/file-000.txt", "data/f001/file-001.txt", "data/f001/file-002.txt",
            "data/f002/extra.txt",
        ])
        let fsck = try GitCLI.run(["fsck", "--strict", "--no-dangling"], in: scratch.path)
        #expect(fsck.isEmpty)
    }

    @Test func emptiedFolderDisappears() throws {
        let blob = try repository.writeBlob("one\n")
        let base = try repository.writeTree(base: nil, changes: [
            .upsert(path: "keys/office/batch.csv", blob: blob),
            .upsert(path: "keyship.yaml", blob: blob),
        ])
        let updated = try repository.writeTree(base: base, changes: [.remove(path: "keys/office/batch.csv")])
        #expect(try repository.entries(in: "", of: updated).map(\.name) == ["keyship.yaml"])
    }

    @Test func fileBecomesFolder() throws {
        let blob = try repository.writeBlob("one\n")
        let base = try repository.writeTree(base: nil, changes: [.upsert(path: "item", blob: blob)])
        let updated = try repository.writeTree(base: base, changes: [
            .upsert(path: "item/inner.txt", blob: blob),
            .remove(path: "item"),
        ])
        #expect(try repository.entry(at: "item", in: updated)?.kind == .tree)
        #expect(try repository.entry(at: "item/inner.txt", in: updated)?.id == blob)
    }

    @Test func pathBelowFileFails() throws {
        let blob = try repository.writeBlob("one\n")
        let base = try repository.writeTree(base: nil, changes: [.upsert(path: "item", blob: blob)])
        #expect(throws: GitError.other(code: -1, errorClass: "tree", message: "D/F conflict when updating tree")) {
            try repository.writeTree(base: base, changes: [.upsert(path: "item/inner.txt", blob: blob)])
        }
    }

    @Test func lastChangeToPathWins() throws {
        let first = try repository.writeBlob("first\n")
        let second = try repository.writeBlob("second\n")
        let tree = try repository.writeTree(base: nil, changes: [
            .upsert(path: "a.txt", blob: first),
            .upsert(path: "/a.txt", blob: second),
            .upsert(path: "b.txt", blob: first),
            .remove(path: "b.txt"),
            .upsert(path: "c.txt", blob: first),
        ])
        #expect(try repository.entries(in: "", of: tree).map(\.name) == ["a.txt", "c.txt"])
        #expect(try repository.entry(at: "a.txt", in: tree)?.id == second)
    }

    @Test func removingMissingPathFails() throws {
        let blob = try repository.writeBlob("one\n")
        let base = try repository.writeTree(base: nil, changes: [.upsert(path: "keys/a.csv", blob: blob)])
        #expect(throws: GitError.notFound(.path("keys/b.csv", in: base))) {
            try repository.writeTree(base: base, changes: [
                .upsert(path: "keys/c.csv", blob: blob),
                .remove(path: "keys/b.csv"),
            ])
        }
    }

    @Test func emptyUpdateKeepsTree() throws {
        let base = try manyFiles(folders: 2, filesPerFolder: 2)
        #expect(try repository.writeTree(base: base, changes: []) == base)
        #expect(try repository.writeTree(base: nil, changes: []) == Repository.emptyTreeID)
    }

    @Test func commitIdAsBaseUsesItsTree() throws {
        let commit = try Fixture.commit(repository, parent: nil, files: ["a.txt": "a\n"], message: "One")
        let blob = try repository.writeBlob("b\n")
        let tree = try repository.writeTree(base: commit, changes: [.upsert(path: "b.txt", blob: blob)])
        #expect(try repository.entries(in: "", of: tree).map(\.name) == ["a.txt", "b.txt"])
    }
}
