import KeyshipCore
public import KeyshipGit

/// The store as it is in one git commit, read straight from the object database, so a bare
/// clone works and the work tree's state does not matter.
///
/// The snapshot keeps the listings of the folders it read last. libgit2 keeps parsed trees in
/// its object cache only up to 4096 bytes (its default `GIT_OPT_SET_CACHE_OBJECT_LIMIT`). So
/// without these listings, every read in a large folder, such as a ledger month of tens of
/// thousands of records, would load and parse that folder's tree again. A run's cost would
/// then grow with the size of the history.
public final class GitSnapshot: StoreSnapshot {
    public let repository: Repository
    public let commit: ObjectID

    /// How many folder listings are kept. A run works in a few folders at a time: a channel's
    /// open records, the month new orders close into, the batch files of a product. The bound
    /// keeps memory flat when a reader walks every folder of the ledger.
    static let keptFolders = 16

    /// One folder's entries, read once from its tree.
    private struct Listing {
        /// Sorted by name.
        var entries: [SnapshotEntry]
        /// The blob id of each file, by name.
        var files: [String: ObjectID]
    }

    /// Listings by folder path, with nil for a path that names no folder.
    private var listings: [String: Listing?] = [:]
    /// The folder paths in `listings`, least recently used first.
    private var recentFolders: [String] = []

    public init(repository: Repository, commit: ObjectID) {
        self.repository = repository
        self.commit = commit
    }

    public var label: String { "commit \(commit.shortHex)" }

    public func read(_ path: String) throws -> [UInt8]? {
        let relative = Self.normalise(path)
        let slash = relative.lastIndex(of: "/")
        let folder = slash.map { String(relative[..<$0]) } ?? ""
        let name = slash.map { String(relative[relative.index(after: $0)...]) } ?? relative
        guard !name.isEmpty, let id = try listing(of: folder)?.files[name] else { return nil }
        return try repository.readBlob(id)
    }

    public func entries(in folder: String) throws -> [SnapshotEntry] {
        try listing(of: Self.normalise(folder))?.entries ?? []
    }

    /// Returns the listing of `folder` ("" for the root), reading its tree on first use.
    private func listing(of folder: String) throws -> Listing? {
        if let cached = listings[folder] {
            if let index = recentFolders.firstIndex(of: folder) {
                recentFolders.append(recentFolders.remove(at: index))
            }
            return cached
        }
        let listing = try readListing(of: folder)
        if recentFolders.count == Self.keptFolders {
            listings[recentFolders.removeFirst()] = nil
        }
        listings[folder] = .some(listing)
        recentFolders.append(folder)
        return listing
    }

    private func readListing(of folder: String) throws -> Listing? {
        if !folder.isEmpty {
            guard let entry = try repository.entry(at: folder, in: commit), entry.kind == .tree else { return nil }
        }
        var entries: [SnapshotEntry] = []
        var files: [String: ObjectID] = [:]
        for entry in try repository.entries(in: folder, of: commit) {
            switch entry.kind {
            case .blob:
                entries.append(SnapshotEntry(name: entry.name, kind: .file, contentID: entry.id.hex))
                files[entry.name] = entry.id
            case .tree:
                entries.append(SnapshotEntry(name: entry.name, kind: .folder))
            case .submodule:
                continue
            }
        }
        entries.sort { $0.name < $1.name }
        return Listing(entries: entries, files: files)
    }

    /// Drops leading and trailing slashes, as libgit2's path lookups do.
    private static func normalise(_ path: String) -> String {
        var characters = Substring(path)
        while characters.first == "/" { characters.removeFirst() }
        while characters.last == "/" { characters.removeLast() }
        return String(characters)
    }
}
