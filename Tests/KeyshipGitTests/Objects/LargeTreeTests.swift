import KeyshipGit
import KeyshipTestSupport
import Testing

/// The store's scale: 100,000 files in 1,000 folders. A run must update such a tree touching
/// only the folders it changes; the benchmark (`keyship-bench`) measures how long that takes.
@Suite struct LargeTreeTests {
    static let folderCount = 1_000
    static let filesPerFolder = 100

    static func path(_ folder: Int, _ file: Int) -> String {
        "keys/p" + pad(folder, 4) + "/batch-" + pad(file, 3) + ".csv"
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    @Test func largeTreeUpdateAndReads() throws {
        let scratch = try ScratchDirectory("git-large-tree")
        let repository = try Repository.create(at: scratch.path, bare: true)

        // 1,000 distinct blobs shared by the 100,000 entries: the tree's size is what matters.
        var blobs: [ObjectID] = []
        for index in 0..<1_000 { blobs.append(try repository.writeBlob("id,key\nk\(index),CELL\(index)\n")) }
        var initial: [TreeChange] = []
        initial.reserveCapacity(Self.folderCount * Self.filesPerFolder)
        for folder in 0..<Self.folderCount {
            for file in 0..<Self.filesPerFolder {
                initial.append(.upsert(path: Self.path(folder, file), blob: blobs[(folder * 7 + file) % blobs.count]))
            }
        }
        let base = try repository.writeTree(base: nil, changes: initial)
        #expect(try repository.entries(in: "keys", of: base).count == Self.folderCount)

        // 2,000 changes spread over every folder: 500 removals, 500 new files, 1,000 edits.
        var spread: [TreeChange] = []
        for index in 0..<2_000 {
            let folder = index % Self.folderCount
            let file = (index / Self.folderCount) * 50 + (index * 7) % 50
            let blob = try repository.writeBlob("id,key\nchanged\(index)\n")
            switch index % 4 {
            case 0: spread.append(.remove(path: Self.path(folder, file)))
            case 1: spread.append(.upsert(path: "keys/p" + Self.pad(folder, 4) + "/new-\(index).csv", blob: blob))
            default: spread.append(.upsert(path: Self.path(folder, file), blob: blob))
            }
        }
        let spreadTree = try repository.writeTree(base: base, changes: spread)
        let spreadChanges = try repository.changes(from: base, to: spreadTree)
        #expect(spreadChanges.count == 2_000)
        #expect(spreadChanges.filter { $0.status == .deleted }.count == 500)
        #expect(spreadChanges.filter { $0.status == .added }.count == 500)

        // 2,000 changes inside 20 folders, as a run that touches a few batches and the ledger.
        var concentrated: [TreeChange] = []
        for index in 0..<2_000 {
            let blob = try repository.writeBlob("order \(index)\n")
            concentrated.append(.upsert(path: "ledger/c" + Self.pad(index % 20, 2) + "/order-\(index).yaml", blob: blob))
        }
        for folder in 0..<20 {
            let blob = try repository.writeBlob("id,key\nedited\(folder)\n")
            concentrated.append(.upsert(path: Self.path(folder * 50, 0), blob: blob))
        }
        let concentratedTree = try repository.writeTree(base: base, changes: concentrated)
        let before = try repository.entries(in: "keys", of: base)
        let after = try repository.entries(in: "keys", of: concentratedTree)
        let rewritten = zip(before, after).filter { $0.id != $1.id }.map(\.0.name)
        #expect(rewritten == (0..<20).map { "p" + Self.pad($0 * 50, 4) })
        #expect(after.count == Self.folderCount)

        // 1,000 files read by path from a commit of the full tree, spread over the folders.
        let commit = try repository.writeCommit(
            tree: base, parents: [], message: "Large store", author: Fixture.author, committer: Fixture.committer)
        for index in 0..<1_000 {
            let path = Self.path((index * 37) % Self.folderCount, 60 + index % 40)
            #expect(try repository.readBlob(at: path, in: commit).starts(with: Array("id,key\n".utf8)))
        }
    }
}
