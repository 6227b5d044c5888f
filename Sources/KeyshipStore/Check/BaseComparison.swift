import KeyshipCore
import KeyshipGit
import KeyshipYAML

/// Compares the work tree with a pull request's base (`check --base REV`).
///
/// The change under review is what differs between the fork point (the newest commit that both
/// `HEAD` and the base contain) and the work tree. The base moves on every few minutes, because
/// fulfilment runs commit sales to it, and those sales are not part of the change. Measuring from
/// the fork point keeps them out. Sales are judged against the base's own ledger, the newest one,
/// so a change cannot put back a key that sold after the branch was made.
///
/// Rules:
/// - any added, edited or deleted file under `ledger/` is an error, because only keyship writes
///   there;
/// - deleting a row under `keys/` is allowed (it removes stock), and so is editing an available
///   key's metadata;
/// - a row whose key cell changed under the same id is an error (another key under the old id);
/// - a changed, moved or new row whose id was sold in the base's ledger is an error ("edits a sold
///   key", "re-adds a sold key"), and so is a new row whose cell is a cell sold in the base's
///   ledger. A row left as it was in its file is not reported: merging the base removes it.
///
/// Only changed files are read from git. Their paths come from git's tree diffs and the work
/// tree's status, so the cost grows with the change and with the sales since the branch was made,
/// not with the size of the store.
///
/// NOTE: The fork point is found by walking commits, so a shallow clone that lacks the history
/// back to it fails with a git error; CI jobs need that history (`fetch-depth: 0` on GitHub).
enum BaseComparison {
    static func run(
        revision: String, root: String, tree: VisibleWorkTree, stock: [StockKey],
        records: [(path: String, record: LedgerRecord)], alreadyFlagged: Set<SourceLocation>,
        into diagnostics: inout DiagnosticList
    ) throws -> BaseSummary {
        let repository = try Repository.open(at: root)
        let workTree = repository.workTree.map(VisibleWorkTree.canonicalPath)
        guard workTree == VisibleWorkTree.canonicalPath(root) else {
            throw CheckError.storeNotAtRepositoryTop(store: root, workTree: workTree ?? repository.gitDirectory)
        }
        let base = try repository.resolveCommit(revision)
        guard let head = try? repository.resolveCommit("HEAD") else {
            throw CheckError.noCommit(base: revision)
        }
        let fork = try forkPoint(head: head, base: base, in: repository, revision: revision)
        let localChanges = try repository.localChanges(includingUntracked: true)

        // The change under review: fork point to HEAD, plus what is not committed yet.
        let forkSnapshot = GitSnapshot(repository: repository, commit: fork)
        var candidates = Set(try repository.changes(from: fork, to: head).map(\.path))
        candidates.formUnion(localChanges)
        var changedFiles = 0
        var changedBatches: [(path: String, before: [UInt8]?)] = []
        for path in candidates.sorted() {
            let before = try forkSnapshot.read(path)
            let after = try tree.read(path)
            guard before != after else { continue }
            changedFiles += 1
            if path.hasPrefix(StoreLayout.ledgerFolder + "/") {
                let change: CheckMessage.FileChange = before == nil ? .added : (after == nil ? .deleted : .modified)
                diagnostics.error(
                    at: SourceLocation(path: path),
                    CheckMessage.ledgerChanged(path: path, change: change, base: revision))
            } else if BatchFile.productID(fromBatchPath: path) != nil {
                changedBatches.append((path, before))
            }
        }

        let sold = try soldAtBase(
            base: base, head: head, localChanges: localChanges, records: records, repository: repository)
        compareRows(
            stock: stock, changedBatches: changedBatches, sold: sold, revision: revision,
            alreadyFlagged: alreadyFlagged, into: &diagnostics)
        return BaseSummary(revision: revision, commit: base.shortHex, forkPoint: fork.shortHex, changedFiles: changedFiles)
    }

    /// Reports the changed rows of changed batch files.
    private static func compareRows(
        stock: [StockKey], changedBatches: [(path: String, before: [UInt8]?)], sold: SoldKeys, revision: String,
        alreadyFlagged: Set<SourceLocation>, into diagnostics: inout DiagnosticList
    ) {
        guard !changedBatches.isEmpty else { return }
        // Rows may move between changed files, so the rows before the change are indexed by id
        // across all of them. A row cannot come from an unchanged file: that row would still be
        // there, and the id check reports the pair.
        var rowsBefore: [String: KeyRow] = [:]
        var rowsBeforeByPath: [String: [String: KeyRow]] = [:]
        for (path, bytes) in changedBatches {
            guard let bytes else { continue }
            for key in BatchFile.decode(bytes, path: path).keys {
                if rowsBefore[key.row.id] == nil { rowsBefore[key.row.id] = key.row }
                if rowsBeforeByPath[path, default: [:]][key.row.id] == nil {
                    rowsBeforeByPath[path, default: [:]][key.row.id] = key.row
                }
            }
        }

        let changedPaths = Set(changedBatches.map(\.path))
        for key in stock where changedPaths.contains(key.batch) {
            let location = StockCheck.location(of: key)
            let row = key.row
            // A row left as it was in its file goes away when the base's sale is merged. A row
            // that moved to another file or changed would stay.
            guard rowsBeforeByPath[key.batch]?[row.id] != row, !alreadyFlagged.contains(location) else { continue }
            let before = rowsBefore[row.id]
            if let place = sold.byID[row.id] {
                if let before, before != row {
                    diagnostics.error(at: location, CheckMessage.editsSoldKey(id: row.id, sold: place, base: revision))
                } else {
                    diagnostics.error(at: location, CheckMessage.reAddsSoldKey(id: row.id, sold: place, base: revision))
                }
            } else if let before {
                if before.cell != row.cell {
                    diagnostics.error(at: location, CheckMessage.cellChanged(id: row.id, base: revision))
                }
            } else if let place = sold.byCell[row.cell] {
                diagnostics.error(at: location, CheckMessage.reAddsSoldCell(id: row.id, sold: place, base: revision))
            }
        }
    }

    /// Returns the keys sold in the base's ledger: the work tree's records, with every record
    /// file that differs between the work tree and the base read from the base instead.
    private static func soldAtBase(
        base: ObjectID, head: ObjectID, localChanges: [String], records: [(path: String, record: LedgerRecord)],
        repository: Repository
    ) throws -> SoldKeys {
        var recordsByPath: [String: LedgerRecord] = [:]
        recordsByPath.reserveCapacity(records.count)
        for (path, record) in records {
            recordsByPath[path] = record
        }
        var differing = Set(try repository.changes(from: head, to: base).map(\.path))
        differing.formUnion(localChanges)
        let baseSnapshot = GitSnapshot(repository: repository, commit: base)
        let parser = YAMLParser()
        for path in differing where isRecordPath(path) {
            recordsByPath[path] = nil
            // A record the base cannot decode is not this change's problem: the base's own
            // check reports it.
            guard let bytes = try baseSnapshot.read(path), let node = try? parser.parse(bytes, path: path) else { continue }
            let result = LedgerRecordCodec.decode(node, path: path)
            if let record = result.value, !result.diagnostics.hasErrors { recordsByPath[path] = record }
        }
        let sorted = recordsByPath.sorted { $0.key < $1.key }.map { (path: $0.key, record: $0.value) }
        return SoldKeys(records: sorted)
    }

    /// True for `ledger/<channel>/.../<order>.yaml`, the files `LedgerReader.allRecords` reads.
    private static func isRecordPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == Substring(StoreLayout.ledgerFolder), parts[1] != "notifications" else {
            return false
        }
        return path.hasSuffix(".yaml")
    }

    /// Returns the newest commit that both `head` and `base` contain.
    ///
    /// The commits only `head` has are listed first. Their parents outside that list are common
    /// ancestors, and the newest of those (the one no other one descends from) is the fork point.
    /// When several remain (criss-cross merges), the smallest id is taken, so the choice is stable.
    private static func forkPoint(head: ObjectID, base: ObjectID, in repository: Repository, revision: String) throws -> ObjectID {
        let ownCommits = try repository.history(from: head, excluding: [base])
        guard !ownCommits.isEmpty else { return head }
        let own = Set(ownCommits.map(\.id))
        let boundary = Set(ownCommits.flatMap(\.parents).filter { !own.contains($0) })
        guard !boundary.isEmpty else { throw CheckError.unrelatedHistory(base: revision) }
        var newest: [ObjectID] = []
        for candidate in boundary.sorted() {
            var isOlder = false
            for other in boundary where other != candidate {
                // `candidate` is an ancestor of `other` when nothing in it is missing from `other`.
                if try repository.history(from: candidate, excluding: [other], limit: 1).isEmpty {
                    isOlder = true
                    break
                }
            }
            if !isOlder { newest.append(candidate) }
        }
        return newest.first ?? boundary.sorted()[0]
    }
}
