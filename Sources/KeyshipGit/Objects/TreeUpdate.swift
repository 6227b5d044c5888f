internal import CGit2

/// One change to apply to a tree, addressed by the path from the tree's root.
public enum TreeChange: Sendable, Hashable {
    /// Adds or replaces the file at `path` with `blob`, creating missing folders.
    case upsert(path: String, blob: ObjectID, mode: FileMode = .blob)
    /// Removes the file or folder at `path`; it must exist. A folder left empty disappears,
    /// because git does not store empty trees.
    case remove(path: String)

    /// The path from the root, without leading or trailing slashes.
    public var path: String {
        switch self {
        case .upsert(let path, _, _), .remove(let path): TreePath.normalise(path)
        }
    }
}

extension Repository {
    /// Writes the tree that results from applying `changes` to `base` (a tree or commit id; nil
    /// starts from an empty tree) and returns its id.
    ///
    /// Only the trees along the changed paths are read and rewritten (`git_tree_create_updated`),
    /// so the cost grows with the number of changes, not with the size of the tree. When a path
    /// appears more than once, the changes apply in order, so the last one wins. Removing a path
    /// that neither `base` nor an earlier change contains fails with `notFound(.path)`. A file can
    /// become a folder by removing it and adding paths below it in the same call. Adding a path
    /// below a file that stays fails with libgit2's "D/F conflict" error.
    public func writeTree(base: ObjectID?, changes: [TreeChange]) throws(GitError) -> ObjectID {
        let effective = try effectiveChanges(changes, base: base)

        // libgit2 rejects an upsert below a path removed in the same call ("D/F conflict"), as
        // when a file becomes a folder, so such removals are written first.
        let removed = Set(effective.compactMap { change -> String? in
            if case .remove(let path) = change { return path } else { return nil }
        })
        let upsertBelowRemoval = effective.contains { change in
            guard case .upsert(let path, _, _) = change else { return false }
            return TreePath.ancestors(of: path).contains { removed.contains($0) }
        }
        if upsertBelowRemoval {
            let removals = effective.filter { if case .remove = $0 { true } else { false } }
            let intermediate = try applyUpdates(removals, to: base)
            return try applyUpdates(effective.filter { if case .upsert = $0 { true } else { false } }, to: intermediate)
        }
        return try applyUpdates(effective, to: base)
    }

    /// Calls `git_tree_create_updated` with changes that name each path once.
    private func applyUpdates(_ changes: [TreeChange], to base: ObjectID?) throws(GitError) -> ObjectID {
        let baseTree = try base.map { (id) throws(GitError) in try lookUpTree(treeish: id) }
        let paths = CStringList(changes.map(\.path))
        var updates: [git_tree_update] = unsafe []
        unsafe updates.reserveCapacity(changes.count)
        for (index, change) in changes.enumerated() {
            var update = unsafe git_tree_update()
            unsafe update.path = paths[index]
            switch change {
            case .upsert(_, let blob, let mode):
                unsafe update.action = GIT_TREE_UPDATE_UPSERT
                unsafe update.id = blob.oid
                unsafe update.filemode = git_filemode_t(rawValue: mode.rawValue)
            case .remove:
                unsafe update.action = GIT_TREE_UPDATE_REMOVE
            }
            unsafe updates.append(update)
        }

        var oid = git_oid()
        let code = unsafe updates.withUnsafeBufferPointer { buffer in
            unsafe git_tree_create_updated(&oid, pointer, baseTree?.pointer, buffer.count, buffer.baseAddress)
        }
        try check(code)
        return ObjectID(oid)
    }

    /// The id of the empty tree, which every git repository can name without storing it.
    public static let emptyTreeID = ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")!

    /// Reduces `changes` to one change per path with the effect of applying them in order, and
    /// checks that every removed path exists.
    ///
    /// libgit2 fails on a missing path with a message that names only its last component, so
    /// the check happens here, where the whole path is known.
    private func effectiveChanges(_ changes: [TreeChange], base: ObjectID?) throws(GitError) -> [TreeChange] {
        var lastIndex: [String: Int] = [:]
        var upserted: Set<String> = []
        for (index, change) in changes.enumerated() {
            lastIndex[change.path] = index
            if case .upsert = change { upserted.insert(change.path) }
        }
        var effective: [TreeChange] = []
        for (index, change) in changes.enumerated() where lastIndex[change.path] == index {
            guard case .remove(let path) = change else {
                effective.append(change)
                continue
            }
            let existing = try base.flatMap { (id) throws(GitError) in try entry(at: path, in: id) }
            if existing != nil {
                effective.append(change)
            } else if !upserted.contains(change.path) {
                throw .notFound(.path(change.path, in: base ?? Self.emptyTreeID))
            }
            // A path added earlier in this list and removed again is simply left out.
        }
        return effective
    }
}
