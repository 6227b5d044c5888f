import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipGit

/// Writes the synthetic store straight into a bare repository's object database: blobs, then
/// one tree per ledger month folder, then the root tree and a single commit. No work tree and
/// no per-order commits, so a million past orders cost a million blob writes and little else.
final class StoreBuilder {
    let repository: Repository
    let recipient: AgeRecipient
    /// The folder the channels' inboxes and outboxes live in.
    let channelsRoot: URL
    private let branchReference = "refs/heads/main"
    private let author = Signature(
        name: "Olga Operadora", email: "olga@example.com", time: StoreBlueprint.now.adding(seconds: -3_600))

    init(repository: Repository, recipient: AgeRecipient, channelsRoot: URL) {
        self.repository = repository
        self.recipient = recipient
        self.channelsRoot = channelsRoot
    }

    /// Writes the first commit: settings, catalogue, templates, `batches` batch files holding
    /// `keys` keys, and past orders `0..<history`. Returns the commit.
    func buildInitial(keys: Int, batches: Int, history: Int, progress: (String) -> Void) throws -> ObjectID {
        var changes: [TreeChange] = []
        for file in StoreBlueprint.definitionFiles(recipient: recipient.encoded, root: channelsRoot) {
            changes.append(.upsert(path: file.path, blob: try repository.writeBlob(file.text)))
        }

        let stockStart = ContinuousClock.now
        for index in 0..<batches {
            let batch = try SyntheticData.batch(index, of: batches, keys: keys, recipient: recipient)
            changes.append(.upsert(path: batch.path, blob: try repository.writeBlob(BatchFile.encode(batch.rows))))
        }
        progress("sealed \(keys) keys into \(batches) batch files in \(Self.elapsed(since: stockStart))")

        changes += try historyFolders(records: 0..<history, base: nil, progress: progress)
        let tree = try repository.writeTree(base: nil, changes: changes)
        let commit = try repository.writeCommit(
            tree: tree, parents: [], message: "Set up the benchmark store\n", author: author, committer: author)
        try repository.updateReference(branchReference, to: commit, expecting: nil, message: "keyship-bench: build")
        return commit
    }

    /// Adds past orders `records` to the ledger in a commit on top of `parent`, and moves the
    /// branch there. Returns the commit.
    func extendHistory(records: Range<Int>, parent: ObjectID, progress: (String) -> Void) throws -> ObjectID {
        let baseTree = try repository.commit(parent).tree
        let changes = try historyFolders(records: records, base: baseTree, progress: progress)
        let tree = try repository.writeTree(base: baseTree, changes: changes)
        let commit = try repository.writeCommit(
            tree: tree, parents: [parent], message: "Add past orders to the benchmark store\n", author: author,
            committer: author)
        try repository.updateReference(branchReference, to: commit, expecting: parent, message: "keyship-bench: extend")
        return commit
    }

    /// Writes the records numbered `records` and returns one change per month folder they fall
    /// in: the folder's new tree, which keeps the entries `base` already had there.
    ///
    /// Work goes month by month, so memory contains one month's entries at a time.
    private func historyFolders(records: Range<Int>, base: ObjectID?, progress: (String) -> Void) throws -> [TreeChange] {
        guard !records.isEmpty else { return [] }
        let start = ContinuousClock.now
        var folderChanges: [TreeChange] = []
        let months = StoreBlueprint.historyMonths
        for month in 0..<months {
            var entries: [String: [TreeChange]] = [:]
            let offset = (month - records.lowerBound % months + months) % months
            for index in stride(from: records.lowerBound + offset, to: records.upperBound, by: months) {
                let record = SyntheticData.historyRecord(index)
                let path = StoreLayout.closedRecordPath(
                    channel: record.channel, orderID: record.orderID, orderCreatedAt: record.orderCreatedAt)
                let folder = String(path[..<path.lastIndex(of: "/")!])
                let name = String(path[path.index(after: path.lastIndex(of: "/")!)...])
                let blob = try repository.writeBlob(LedgerRecordCodec.encode(record))
                entries[folder, default: []].append(.upsert(path: name, blob: blob))
            }
            for (folder, changes) in entries.sorted(by: { $0.key < $1.key }) {
                let existing = try base.flatMap { try repository.entry(at: folder, in: $0) }?.id
                let tree = try repository.writeTree(base: existing, changes: changes)
                folderChanges.append(.upsert(path: folder, blob: tree, mode: .tree))
            }
            if (month + 1) % 6 == 0 {
                progress("wrote past orders of \(month + 1) of \(months) months (\(Self.elapsed(since: start)))")
            }
        }
        return folderChanges
    }

    /// Writes the new orders into the channels' inboxes.
    func writeInbox(orders: Int) throws {
        for channel in StoreBlueprint.channels {
            try FileManager.default.createDirectory(
                at: StoreBlueprint.inbox(channel, root: channelsRoot), withIntermediateDirectories: true)
        }
        for index in 0..<orders {
            let order = SyntheticData.newOrder(index, of: orders)
            let url = StoreBlueprint.inbox(order.channel, root: channelsRoot).appendingPathComponent(order.fileName)
            try Data(order.json.utf8).write(to: url)
        }
    }

    static func elapsed(since start: ContinuousClock.Instant) -> String {
        let duration = ContinuousClock.now - start
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.1f s", seconds)
    }
}
