internal import CGit2

/// One path that differs between two trees.
public struct DiffEntry: Sendable, Hashable {
    /// How the path changed. A rename shows as `deleted` at the old path plus `added` at the new
    /// one, and so does a change between file and symlink or between file and folder.
    public enum Status: Sendable, Hashable {
        case added
        case modified
        case deleted
    }

    public var status: Status
    /// The path from the root of the tree.
    public var path: String
    /// The blob before the change; nil when the path was added.
    public var oldID: ObjectID?
    /// The blob after the change; nil when the path was deleted.
    public var newID: ObjectID?

    public init(status: Status, path: String, oldID: ObjectID?, newID: ObjectID?) {
        self.status = status
        self.path = path
        self.oldID = oldID
        self.newID = newID
    }
}

/// An owned `git_diff`, freed when released; keeps its repository alive.
@safe
final class DiffHandle {
    let pointer: OpaquePointer
    private let repository: Repository

    init(owning pointer: OpaquePointer, in repository: Repository) {
        unsafe self.pointer = pointer
        self.repository = repository
    }

    deinit {
        unsafe git_diff_free(pointer)
    }
}

extension Repository {
    /// Lists the files that differ between two trees (or commits' trees), sorted by path.
    ///
    /// A nil `old` compares with an empty tree, so every file of `new` is `added`. Only tree
    /// entries are compared; no blob content is read.
    public func changes(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [DiffEntry] {
        let oldTree = try old.map { (id) throws(GitError) in try lookUpTree(treeish: id) }
        let newTree = try lookUpTree(treeish: new)

        var options = unsafe git_diff_options()
        try check(unsafe git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        var created: OpaquePointer?
        try check(unsafe git_diff_tree_to_tree(&created, pointer, oldTree?.pointer, newTree.pointer, &options))
        let diff = unsafe DiffHandle(owning: created!, in: self)

        let count = unsafe git_diff_num_deltas(diff.pointer)
        var entries: [DiffEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let delta = unsafe git_diff_get_delta(diff.pointer, index) else { continue }
            let status: DiffEntry.Status
            switch unsafe delta.pointee.status {
            case GIT_DELTA_ADDED: status = .added
            case GIT_DELTA_DELETED: status = .deleted
            case GIT_DELTA_MODIFIED: status = .modified
            default:
                // Tree-to-tree diffs without rename detection, type-change reporting or
                // unmodified entries produce only the three cases above.
                continue
            }
            let oldFile = unsafe delta.pointee.old_file
            let newFile = unsafe delta.pointee.new_file
            let path = unsafe String(cString: status == .deleted ? oldFile.path : newFile.path)
            entries.append(DiffEntry(
                status: status,
                path: path,
                oldID: status == .added ? nil : ObjectID(unsafe oldFile.id),
                newID: status == .deleted ? nil : ObjectID(unsafe newFile.id)))
        }
        return entries
    }
}
