import KeyshipCore
public import KeyshipGit

/// The store as it is in one git commit, read straight from the object database, so a bare
/// clone works and the work tree's state does not matter.
public final class GitSnapshot: StoreSnapshot {
    public let repository: Repository
    public let commit: ObjectID

    public init(repository: Repository, commit: ObjectID) {
        self.repository = repository
        self.commit = commit
    }

    public var label: String { "commit \(commit.shortHex)" }

    public func read(_ path: String) throws -> [UInt8]? {
        guard let entry = try repository.entry(at: path, in: commit), entry.kind == .blob else { return nil }
        return try repository.readBlob(entry.id)
    }

    public func entries(in folder: String) throws -> [SnapshotEntry] {
        if !folder.isEmpty {
            guard let entry = try repository.entry(at: folder, in: commit), entry.kind == .tree else { return [] }
        }
        return try repository.entries(in: folder, of: commit).compactMap { entry in
            switch entry.kind {
            case .blob: SnapshotEntry(name: entry.name, kind: .file, contentID: entry.id.hex)
            case .tree: SnapshotEntry(name: entry.name, kind: .folder)
            case .submodule: nil
            }
        }.sorted { $0.name < $1.name }
    }
}
