internal import CGit2

extension Repository {
    /// Updates the work tree and index from `baseline` to the tree of `commit`, refusing when
    /// that would overwrite local changes. No reference moves.
    ///
    /// `baseline` is the commit the work tree currently matches; nil means `HEAD`. After a run
    /// commits and pushes, check out the new commit with the old one as baseline, then move the
    /// branch with `updateReference`: that order leaves `HEAD`, the index and the files in step
    /// whichever step fails. Files that differ between the two commits are rewritten; a file
    /// with local edits or an untracked file in the way makes the call fail with
    /// `localChanges`, listing every such path, before anything is written. Local edits to
    /// other files stay as they are.
    public func checkOut(_ commit: ObjectID, baseline: ObjectID? = nil) throws(GitError) {
        _ = try requireWorkTree()
        let target = try lookUpTree(treeish: commit)
        let baselineTree = try baseline.map { (id) throws(GitError) in try lookUpTree(treeish: id) }
        let conflicts = CheckoutConflicts()

        var options = unsafe git_checkout_options()
        try check(unsafe git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)))
        unsafe options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        unsafe options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT.rawValue
        unsafe options.notify_payload = Unmanaged.passUnretained(conflicts).toOpaque()
        unsafe options.notify_cb = { _, path, _, _, _, payload in
            let conflicts = unsafe Unmanaged<CheckoutConflicts>.fromOpaque(payload!).takeUnretainedValue()
            if let path = unsafe path { unsafe conflicts.paths.append(String(cString: path)) }
            return 0
        }
        unsafe options.baseline = baselineTree?.pointer

        let code = withExtendedLifetime(conflicts) {
            unsafe git_checkout_tree(pointer, target.pointer, &options)
        }
        try check(code) { failure in
            failure.has(GIT_ECONFLICT) ? .localChanges(paths: conflicts.paths.sorted()) : nil
        }
    }
}

/// The paths a checkout found in conflict, filled by libgit2's notify callback.
///
/// Passed as an unretained payload; `checkOut` keeps it alive until libgit2 returns.
private final class CheckoutConflicts {
    var paths: [String] = []
}
