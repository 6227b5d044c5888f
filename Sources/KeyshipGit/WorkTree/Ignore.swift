internal import CGit2

extension Repository {
    /// Returns true when git would ignore `path` (relative to the work tree) under the
    /// repository's `.gitignore` files, `.git/info/exclude` and `core.excludesFile`.
    ///
    /// keyship asks this before writing plaintext keys into a folder inside the work tree, so a
    /// `git add .` can never pick them up. The path need not exist.
    public func isIgnored(_ path: String) throws(GitError) -> Bool {
        _ = try requireWorkTree()
        var ignored: Int32 = 0
        try check(unsafe git_ignore_path_is_ignored(&ignored, pointer, path))
        return ignored == 1
    }
}
