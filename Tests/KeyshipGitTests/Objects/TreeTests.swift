import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct TreeTests {
    /// A repository with one commit holding a small store layout.
    struct Store {
        let scratch: ScratchDirectory
        let repository: Repository
        let commit: ObjectID

        init() throws {
            scratch = try ScratchDirectory("git-tree")
            repository = try Repository.create(at: scratch.path, bare: true)
            commit = try Fixture.commit(repository, parent: nil, files: [
                "keyship.yaml": "language: es\n",
                "catalog/office.yaml": "id: office\n",
                "catalog/windows.yaml": "id: windows\n",
                "keys/office/batch-1.csv": "id,key\n",
                "keys/office/2026/batch-2.csv": "id,key\nk2,BBB\n",
            ], message: "Add the store")
        }
    }

    @Test func blobRoundTrip() throws {
        let store = try Store()
        let bytes: [UInt8] = [0, 1, 2, 255, 10, 13]
        let id = try store.repository.writeBlob(bytes)
        #expect(try store.repository.readBlob(id) == bytes)
        #expect(try store.repository.writeBlob(bytes) == id)
        #expect(try store.repository.readBlob(try store.repository.writeBlob([])) == [])
    }

    @Test func blobIdMatchesGit() throws {
        let store = try Store()
        let id = try store.repository.writeBlob("hola\n")
        let expected = try GitCLI.run(["hash-object", "--stdin"], in: store.scratch.path, stdin: "hola\n")
        #expect(id.hex == expected)
    }

    @Test func fileReadByPath() throws {
        let store = try Store()
        #expect(try Fixture.text(store.repository, "keys/office/2026/batch-2.csv", in: store.commit) == "id,key\nk2,BBB\n")
        #expect(try Fixture.text(store.repository, "/keyship.yaml", in: store.commit) == "language: es\n")
    }

    @Test func entryAtPath() throws {
        let store = try Store()
        let file = try #require(try store.repository.entry(at: "catalog/office.yaml", in: store.commit))
        #expect(file.path == "catalog/office.yaml")
        #expect(file.name == "office.yaml")
        #expect(file.kind == .blob)
        #expect(file.mode == .blob)
        #expect(file.id == (try store.repository.writeBlob("id: office\n")))

        let folder = try #require(try store.repository.entry(at: "keys/office/", in: store.commit))
        #expect(folder.kind == .tree)
        #expect(folder.mode == .tree)
        #expect(folder.name == "office")

        #expect(try store.repository.entry(at: "keys/windows", in: store.commit) == nil)
        #expect(try store.repository.entry(at: "keyship.yaml/inner", in: store.commit) == nil)
    }

    @Test func missingFileFailsWithPath() throws {
        let store = try Store()
        #expect(throws: GitError.notFound(.path("keys/none.csv", in: store.commit))) {
            try store.repository.readBlob(at: "keys/none.csv", in: store.commit)
        }
        #expect(throws: GitError.notFound(.path("keys/office", in: store.commit))) {
            try store.repository.readBlob(at: "keys/office", in: store.commit)
        }
    }

    @Test func folderListing() throws {
        let store = try Store()
        let entries = try store.repository.entries(in: "keys/office", of: store.commit)
        #expect(entries.map(\.path) == ["keys/office/2026", "keys/office/batch-1.csv"])
        #expect(entries.map(\.name) == ["2026", "batch-1.csv"])
        #expect(entries.map(\.kind) == [.tree, .blob])

        let root = try store.repository.entries(in: "", of: store.commit)
        #expect(root.map(\.name) == ["catalog", "keys", "keyship.yaml"])
    }

    @Test func folderListingOfTreeId() throws {
        let store = try Store()
        let tree = try store.repository.commit(store.commit).tree
        #expect(try store.repository.entries(in: "catalog", of: tree).map(\.name) == ["office.yaml", "windows.yaml"])
    }

    @Test func listingMissingFolderFails() throws {
        let store = try Store()
        #expect(throws: GitError.notFound(.path("keys/windows", in: store.commit))) {
            try store.repository.entries(in: "keys/windows", of: store.commit)
        }
        #expect(throws: GitError.notFound(.path("keyship.yaml", in: store.commit))) {
            try store.repository.entries(in: "keyship.yaml", of: store.commit)
        }
    }

    @Test func recursiveBlobListing() throws {
        let store = try Store()
        let keys = try store.repository.blobs(under: "keys", in: store.commit)
        #expect(keys.map(\.path) == ["keys/office/2026/batch-2.csv", "keys/office/batch-1.csv"])
        let all = try store.repository.blobs(under: "", in: store.commit)
        #expect(all.map(\.path) == [
            "catalog/office.yaml", "catalog/windows.yaml",
            "keys/office/2026/batch-2.csv", "keys/office/batch-1.csv",
            "keyship.yaml",
        ])
        #expect(all.allSatisfy { $0.kind == .blob })
    }

    @Test func unknownObjectFails() throws {
        let store = try Store()
        let missing = try #require(ObjectID(hex: "1111111111111111111111111111111111111111"))
        #expect(throws: GitError.notFound(.object(missing))) {
            try store.repository.readBlob(missing)
        }
        #expect(throws: GitError.notFound(.object(missing))) {
            try store.repository.entries(in: "", of: missing)
        }
    }

    @Test func commitIsNotReadAsBlob() throws {
        let store = try Store()
        #expect(throws: GitError.notFound(.object(store.commit))) {
            try store.repository.readBlob(store.commit)
        }
    }
}
