internal import CGit2

/// An owned `git_status_list`, freed when released; keeps its repository alive.
@safe
final class StatusListHandle {
    let pointer: OpaquePointer
    private let repository: Repository

    init(owning pointer: OpaquePointer, in repository: Repository) {
        unsafe self.pointer = pointer
        self.repository = repository
    }

    deinit {
        unsafe git_status_list_free(pointer)
    }
}

extension Repository {
    /// Lists the paths whose index or work-tree state differs from `HEAD`, sorted: staged and
    /// unstaged edits, deletions, conflicts and, with `includingUntracked`, files git does not
    /// track and does not ignore.
    public func localChanges(includingUntracked: Bool = true) throws(GitError) -> [String] {
        _ = try requireWorkTree()
        var options = unsafe git_status_options()
        try check(unsafe git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)))
        unsafe options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        var flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        if includingUntracked {
            flags |= GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        }
        unsafe options.flags = flags

        var created: OpaquePointer?
        try check(unsafe git_status_list_new(&created, pointer, &options))
        let list = unsafe StatusListHandle(owning: created!, in: self)

        var paths: Set<String> = []
        let count = unsafe git_status_list_entrycount(list.pointer)
        for index in 0..<count {
            guard let entry = unsafe git_status_byindex(list.pointer, index) else { continue }
            if let delta = unsafe entry.pointee.head_to_index, let path = unsafe delta.pointee.new_file.path {
                unsafe paths.insert(String(cString: path))
            }
            if let delta = unsafe entry.pointee.index_to_workdir, let path = unsafe delta.pointee.old_file.path {
                unsafe paths.insert(String(cString: path))
            }
        }
        return paths.sorted()
    }

    /// True when `localChanges(includingUntracked:)` is empty.
    public func isWorkTreeClean(includingUntracked: Bool = true) throws(GitError) -> Bool {
        try localChanges(includingUntracked: includingUntracked).isEmpty
    }
}
