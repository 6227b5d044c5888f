internal import CGit2

/// The mode git records for a tree entry.
public enum FileMode: UInt32, Sendable, Hashable {
    case tree = 0o040000
    case blob = 0o100644
    case executable = 0o100755
    case symlink = 0o120000
    /// A submodule's commit (a gitlink).
    case submodule = 0o160000

    /// The kind of object an entry with this mode names.
    public var kind: TreeEntry.Kind {
        switch self {
        case .tree: .tree
        case .blob, .executable, .symlink: .blob
        case .submodule: .submodule
        }
    }
}

/// One entry of a git tree, named by its path from the root of the commit's tree.
public struct TreeEntry: Sendable, Hashable {
    /// The kind of object an entry points to.
    public enum Kind: Sendable, Hashable {
        case blob
        case tree
        case submodule
    }

    /// The path from the root, with `/` between folders and no leading or trailing slash.
    public var path: String
    public var id: ObjectID
    public var mode: FileMode

    public init(path: String, id: ObjectID, mode: FileMode) {
        self.path = path
        self.id = id
        self.mode = mode
    }

    /// The last component of `path`.
    public var name: String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    public var kind: Kind { mode.kind }
}

extension Repository {
    /// Returns the entry at `path` in a tree (or a commit's tree), or nil when nothing is there.
    ///
    /// libgit2 reads only the trees along the path, so the cost grows with the path's depth and
    /// not with the size of the tree.
    public func entry(at path: String, in treeish: ObjectID) throws(GitError) -> TreeEntry? {
        let relative = TreePath.normalise(path)
        let root = try lookUpTree(treeish: treeish)
        guard !relative.isEmpty else {
            let id = unsafe ObjectID(git_object_id(root.pointer))
            return TreeEntry(path: "", id: id, mode: .tree)
        }
        var found: OpaquePointer?
        let code = unsafe git_tree_entry_bypath(&found, root.pointer, relative)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code)
        let entry = unsafe TreeEntryHandle(owning: found!)
        return unsafe TreeEntry(borrowing: entry.pointer, path: relative)
    }

    /// Reads the blob at `path` in a tree (or a commit's tree).
    ///
    /// Fails with `notFound(.path)` when the path is missing or names a folder.
    public func readBlob(at path: String, in treeish: ObjectID) throws(GitError) -> [UInt8] {
        guard let entry = try entry(at: path, in: treeish), entry.kind == .blob else {
            throw .notFound(.path(TreePath.normalise(path), in: treeish))
        }
        return try readBlob(entry.id)
    }

    /// Lists the entries directly inside `folder` ("" for the root), in git's tree order.
    ///
    /// Fails with `notFound(.path)` when the folder is missing or is a file.
    public func entries(in folder: String, of treeish: ObjectID) throws(GitError) -> [TreeEntry] {
        let tree = try folderTree(folder, in: treeish)
        return unsafe TreeEntry.list(tree.pointer, folder: TreePath.normalise(folder))
    }

    /// Lists every blob below `folder` ("" for the root), at any depth, in git's tree order.
    ///
    /// Fails with `notFound(.path)` when the folder is missing or is a file. Submodule entries
    /// are left out because their content lives in another repository.
    public func blobs(under folder: String, in treeish: ObjectID) throws(GitError) -> [TreeEntry] {
        var result: [TreeEntry] = []
        try collectBlobs(in: folderTree(folder, in: treeish), folder: TreePath.normalise(folder), into: &result)
        return result
    }

    /// Appends the blobs of `tree` and of its subtrees, depth first in tree order, as
    /// `git ls-tree -r` lists them.
    private func collectBlobs(in tree: ObjectHandle, folder: String, into result: inout [TreeEntry]) throws(GitError) {
        for entry in unsafe TreeEntry.list(tree.pointer, folder: folder) {
            switch entry.kind {
            case .blob: result.append(entry)
            case .tree: try collectBlobs(in: lookUpTree(treeish: entry.id), folder: entry.path, into: &result)
            case .submodule: continue
            }
        }
    }

    private func folderTree(_ folder: String, in treeish: ObjectID) throws(GitError) -> ObjectHandle {
        guard let entry = try entry(at: folder, in: treeish), entry.kind == .tree else {
            throw .notFound(.path(TreePath.normalise(folder), in: treeish))
        }
        return try lookUpTree(treeish: entry.id)
    }
}

/// Path handling shared by the tree readers and writers.
enum TreePath {
    /// Drops leading and trailing slashes, so `/keys/a/` and `keys/a` name the same entry.
    static func normalise(_ path: String) -> String {
        var characters = Substring(path)
        while characters.first == "/" { characters.removeFirst() }
        while characters.last == "/" { characters.removeLast() }
        return String(characters)
    }

    /// Returns the folders above `path`: `a` and `a/b` for `a/b/c`.
    static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var index = path.startIndex
        while let slash = path[index...].firstIndex(of: "/") {
            result.append(String(path[..<slash]))
            index = path.index(after: slash)
        }
        return result
    }

    /// Joins a folder and an entry name; the root folder is "".
    static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder + "/" + name
    }
}

/// An owned `git_tree_entry` returned by `git_tree_entry_bypath`, freed when released.
///
/// Such an entry is a copy that does not point into its tree, so it needs no repository.
@safe
final class TreeEntryHandle {
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        unsafe self.pointer = pointer
    }

    deinit {
        unsafe git_tree_entry_free(pointer)
    }
}

extension TreeEntry {
    /// Copies a libgit2 tree entry, which may be borrowed from a tree that stays alive meanwhile.
    @unsafe
    init(borrowing entry: OpaquePointer, path: String) {
        let rawMode = unsafe git_tree_entry_filemode(entry).rawValue
        // libgit2 normalises legacy modes such as 100664 when it reads a tree; a mode it does
        // not know is read as a plain file.
        self.init(
            path: path,
            id: unsafe ObjectID(git_tree_entry_id(entry)),
            mode: FileMode(rawValue: rawMode) ?? .blob)
    }

    /// Copies the entries of `tree`, which is inside `folder`.
    @unsafe
    static func list(_ tree: OpaquePointer, folder: String) -> [TreeEntry] {
        let count = unsafe git_tree_entrycount(tree)
        var entries: [TreeEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = unsafe git_tree_entry_byindex(tree, index) else { continue }
            let name = unsafe String(cString: git_tree_entry_name(entry))
            unsafe entries.append(TreeEntry(borrowing: entry, path: TreePath.join(folder, name)))
        }
        return entries
    }
}
