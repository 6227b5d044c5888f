import Foundation
import KeyshipCore
import KeyshipGit

/// The store's work tree as git would commit it: `.git` and ignored paths are left out.
///
/// In a git repository the ignore rules are git's own (`.gitignore` files, `.git/info/exclude`
/// and `core.excludesFile`). Outside a repository only the `data/` folder at the root is left
/// out, because that is where keyship's local files (inboxes, outboxes) usually live.
///
/// Folder listings are cached, so the checks that walk the same folder (the file list, the stock
/// loader and the ledger reader) pay for each listing and each ignore lookup once.
final class VisibleWorkTree: StoreSnapshot {
    private let files: WorkTreeSnapshot
    private let repository: Repository?
    /// The store root relative to the repository's work tree, ending in `/`. It is empty when the
    /// store is the repository's top folder.
    private let repositoryPrefix: String
    /// The canonical path of the repository's work tree, or nil outside a repository.
    private let repositoryRoot: String?
    /// The canonical path of the store root.
    let canonicalRoot: String
    private var listings: [String: Listing] = [:]

    /// One folder's visible entries, with name sets for constant-time lookups.
    private struct Listing {
        var entries: [SnapshotEntry]
        var files: Set<String>
        var folders: Set<String>
    }

    /// The folder left out when the store is not a git repository.
    static let unversionedDataFolder = "data"

    /// Opens the work tree at `root`, using the git repository that contains it when there is one.
    init(root: String) {
        files = WorkTreeSnapshot(root: root)
        let rootPath = Self.canonicalPath(root)
        canonicalRoot = rootPath
        if let repository = try? Repository.open(at: rootPath), let workTree = repository.workTree,
           let prefix = Self.relativePrefix(of: rootPath, in: workTree) {
            self.repository = repository
            repositoryPrefix = prefix
            repositoryRoot = Self.canonicalPath(workTree)
        } else {
            repository = nil
            repositoryPrefix = ""
            repositoryRoot = nil
        }
    }

    /// True when the store lies inside a git work tree and git's ignore rules apply.
    var isGitRepository: Bool { repository != nil }

    var label: String { files.label }

    func read(_ path: String) throws -> [UInt8]? {
        guard try isVisibleFile(path) else { return nil }
        return try files.read(path)
    }

    func entries(in folder: String) throws -> [SnapshotEntry] {
        try listing(of: folder).entries
    }

    private func listing(of folder: String) throws -> Listing {
        if let cached = listings[folder] { return cached }
        var listing = Listing(entries: [], files: [], folders: [])
        for entry in try files.entries(in: folder) {
            let path = folder.isEmpty ? entry.name : "\(folder)/\(entry.name)"
            let isFolder = entry.kind == .folder
            guard try !isIgnored(path, isFolder: isFolder) else { continue }
            listing.entries.append(entry)
            if isFolder {
                listing.folders.insert(entry.name)
            } else {
                listing.files.insert(entry.name)
            }
        }
        listings[folder] = listing
        return listing
    }

    /// Returns every visible file path of the store, sorted.
    func allFiles() throws -> [String] {
        try files(under: "")
    }

    /// Returns the path relative to the repository's work tree of `folder` (an absolute path)
    /// when git would track files in it: the folder is inside the repository and not ignored.
    /// Returns nil when git would not, or when the store is not in a repository.
    func trackedRepositoryPath(ofFolder folder: String) throws -> String? {
        guard let repository, let repositoryRoot,
              let prefix = Self.relativePrefix(of: Self.canonicalPath(folder), in: repositoryRoot)
        else { return nil }
        // `relativePrefix` ends in `/` except for the work tree itself, and a trailing `/` makes
        // git match the path as a folder.
        guard !prefix.isEmpty else { return "" }
        return try repository.isIgnored(prefix) ? nil : String(prefix.dropLast())
    }

    private func isVisibleFile(_ path: String) throws -> Bool {
        let components = path.split(separator: "/").map(String.init)
        guard let name = components.last else { return false }
        // Every folder on the way must be visible too; the cached listings make this cheap.
        var folder = ""
        for component in components.dropLast() {
            guard try listing(of: folder).folders.contains(component) else { return false }
            folder = folder.isEmpty ? component : "\(folder)/\(component)"
        }
        return try listing(of: folder).files.contains(name)
    }

    private func isIgnored(_ path: String, isFolder: Bool) throws -> Bool {
        guard let repository else {
            return isFolder && path == Self.unversionedDataFolder
        }
        return try repository.isIgnored(repositoryPrefix + path)
    }

    /// Returns `path` relative to `workTree` with a trailing `/` (empty for the work tree itself),
    /// or nil when `path` is not inside it.
    private static func relativePrefix(of path: String, in workTree: String) -> String? {
        let base = canonicalPath(workTree)
        if path == base { return "" }
        let withSlash = base.hasSuffix("/") ? base : base + "/"
        guard path.hasPrefix(withSlash) else { return nil }
        return String(path.dropFirst(withSlash.count)) + "/"
    }

    /// Returns the absolute path without `.`, `..` or symbolic links, so two spellings of one folder compare equal.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
