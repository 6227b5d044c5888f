internal import CGit2

/// An owned `git_revwalk`, freed when released; keeps its repository alive.
@safe
final class RevisionWalkHandle {
    let pointer: OpaquePointer
    private let repository: Repository

    init(owning pointer: OpaquePointer, in repository: Repository) {
        unsafe self.pointer = pointer
        self.repository = repository
    }

    deinit {
        unsafe git_revwalk_free(pointer)
    }
}

extension Repository {
    /// Lists the commits reachable from `tip`, newest first (children before their parents, then
    /// by commit time), stopping after `limit` commits when one is given.
    ///
    /// Commits reachable from any of `excluding` are left out, so `history(from: new, excluding:
    /// [old])` lists what happened since `old`. With `path`, only commits that changed what is at
    /// that path (a file, or anything inside a folder) are listed: a commit whose entry at
    /// `path` differs from the entry in each of its parents, or a root commit that has the path.
    /// A merge that took the path unchanged from one side is left out, as `git log -- path`
    /// leaves it out; unlike git, the walk still visits that merge's other parents.
    public func history(
        from tip: ObjectID,
        touching path: String? = nil,
        excluding: [ObjectID] = [],
        limit: Int? = nil
    ) throws(GitError) -> [Commit] {
        var created: OpaquePointer?
        try check(unsafe git_revwalk_new(&created, pointer))
        let walk = unsafe RevisionWalkHandle(owning: created!, in: self)
        try check(unsafe git_revwalk_sorting(walk.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue))

        var tipOID = tip.oid
        try check(unsafe git_revwalk_push(walk.pointer, &tipOID)) { failure in
            failure.has(GIT_ENOTFOUND) ? .notFound(.object(tip)) : nil
        }
        for hidden in excluding {
            var hiddenOID = hidden.oid
            try check(unsafe git_revwalk_hide(walk.pointer, &hiddenOID)) { failure in
                failure.has(GIT_ENOTFOUND) ? .notFound(.object(hidden)) : nil
            }
        }

        var entryIDs = PathEntryCache(path: path.map(TreePath.normalise))
        var commits: [Commit] = []
        while limit.map({ commits.count < $0 }) ?? true {
            var oid = git_oid()
            let code = unsafe git_revwalk_next(&oid, walk.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code)
            let commit = try self.commit(ObjectID(oid))
            if try entryIDs.touches(commit, in: self) { commits.append(commit) }
        }
        return commits
    }
}

/// The id of the entry at one path in each commit seen so far, so a linear history reads each
/// commit's tree once.
private struct PathEntryCache {
    let path: String?
    private var known: [ObjectID: ObjectID?] = [:]

    init(path: String?) {
        self.path = path
    }

    /// True when there is no path to filter on, or `commit` changed the entry at the path.
    mutating func touches(_ commit: Commit, in repository: Repository) throws(GitError) -> Bool {
        guard let path else { return true }
        let own = try entryID(at: path, commit.id, tree: commit.tree, repository)
        guard !commit.parents.isEmpty else { return own != nil }
        for parent in commit.parents {
            if try entryID(at: path, parent, tree: nil, repository) == own { return false }
        }
        return true
    }

    private mutating func entryID(
        at path: String, _ commit: ObjectID, tree: ObjectID?, _ repository: Repository
    ) throws(GitError) -> ObjectID? {
        if let cached = known[commit] { return cached }
        let id = try repository.entry(at: path, in: tree ?? commit)?.id
        known[commit] = id
        return id
    }
}
