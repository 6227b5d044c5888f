import KeyshipCore
import KeyshipGit
@testable import KeyshipStore
import KeyshipTestSupport
import Testing

/// Reads through a commit snapshot, including more folders than it keeps listings for.
@Suite struct GitSnapshotTests {
    /// A commit with files at the root, in nested folders and in 40 ledger month folders.
    struct Fixture {
        let scratch: ScratchDirectory
        let repository: Repository
        let commit: ObjectID
        let monthCount = 40

        init() throws {
            scratch = try ScratchDirectory("git-snapshot")
            repository = try Repository.create(at: scratch.path, bare: true)
            var changes: [TreeChange] = [
                .upsert(path: "keyship.yaml", blob: try repository.writeBlob("language: es\n")),
                .upsert(path: "keys/office/b.csv", blob: try repository.writeBlob("id,key\nb,CELL\n")),
                .upsert(path: "keys/office/a.csv", blob: try repository.writeBlob("id,key\na,CELL\n")),
                .upsert(path: "keys/office/old", blob: try repository.writeBlob("not a batch\n")),
            ]
            for month in 0..<monthCount {
                let folder = Self.monthFolder(month)
                changes.append(.upsert(path: "\(folder)/T-\(month).yaml", blob: try repository.writeBlob("order: T-\(month)\n")))
            }
            let tree = try repository.writeTree(base: nil, changes: changes)
            let author = Signature(name: "Olga Operadora", email: "olga@example.com", time: Timestamp(secondsSinceEpoch: 1_800_000_000))
            commit = try repository.writeCommit(tree: tree, parents: [], message: "Store", author: author, committer: author)
        }

        static func monthFolder(_ month: Int) -> String {
            "ledger/tienda/\(2024 + month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)"
        }

        func text(_ snapshot: GitSnapshot, _ path: String) throws -> String? {
            try snapshot.read(path).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test func readsFilesAtEveryDepth() throws {
        let fixture = try Fixture()
        let snapshot = GitSnapshot(repository: fixture.repository, commit: fixture.commit)

        #expect(try fixture.text(snapshot, "keyship.yaml") == "language: es\n")
        #expect(try fixture.text(snapshot, "keys/office/a.csv") == "id,key\na,CELL\n")
        #expect(try fixture.text(snapshot, "/keys/office/b.csv") == "id,key\nb,CELL\n")
    }

    @Test(arguments: ["keys/office/missing.csv", "keys/office", "keys/office/", "keys/office/a.csv/x", "nowhere/a.csv", ""])
    func readReturnsNilForNoFile(path: String) throws {
        let fixture = try Fixture()
        let snapshot = GitSnapshot(repository: fixture.repository, commit: fixture.commit)

        #expect(try snapshot.read(path) == nil)
    }

    @Test func entriesAreSortedWithBlobIDs() throws {
        let fixture = try Fixture()
        let snapshot = GitSnapshot(repository: fixture.repository, commit: fixture.commit)
        let aID = try #require(try fixture.repository.entry(at: "keys/office/a.csv", in: fixture.commit)).id.hex
        let bID = try #require(try fixture.repository.entry(at: "keys/office/b.csv", in: fixture.commit)).id.hex
        let oldID = try #require(try fixture.repository.entry(at: "keys/office/old", in: fixture.commit)).id.hex

        #expect(try snapshot.entries(in: "keys/office") == [
            SnapshotEntry(name: "a.csv", kind: .file, contentID: aID),
            SnapshotEntry(name: "b.csv", kind: .file, contentID: bID),
            SnapshotEntry(name: "old", kind: .file, contentID: oldID),
        ])
        #expect(try snapshot.entries(in: "").map(\.name) == ["keys", "keyship.yaml", "ledger"])
        #expect(try snapshot.entries(in: "keys") == [SnapshotEntry(name: "office", kind: .folder)])
        #expect(try snapshot.entries(in: "keys/office/a.csv") == [])
        #expect(try snapshot.entries(in: "nowhere") == [])
    }

    /// 40 month folders are more than the snapshot keeps, so the second pass reads folders
    /// whose listings were dropped, in the opposite order.
    @Test func readsAgainAfterListingsAreDropped() throws {
        let fixture = try Fixture()
        let snapshot = GitSnapshot(repository: fixture.repository, commit: fixture.commit)
        #expect(fixture.monthCount > GitSnapshot.keptFolders)

        for month in 0..<fixture.monthCount {
            #expect(try fixture.text(snapshot, "\(Fixture.monthFolder(month))/T-\(month).yaml") == "order: T-\(month)\n")
        }
        for month in (0..<fixture.monthCount).reversed() {
            let folder = Fixture.monthFolder(month)
            #expect(try fixture.text(snapshot, "\(folder)/T-\(month).yaml") == "order: T-\(month)\n")
            #expect(try snapshot.read("\(folder)/T-\(month + 1).yaml") == nil)
            #expect(try snapshot.entries(in: folder).map(\.name) == ["T-\(month).yaml"])
        }
        #expect(try snapshot.files(under: "ledger").count == fixture.monthCount)
    }
}
