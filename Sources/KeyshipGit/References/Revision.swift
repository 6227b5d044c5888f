internal import CGit2

extension Repository {
    /// Resolves a revision such as `HEAD`, `main`, `origin/main`, `main~2` or a full or
    /// abbreviated commit id to the commit it names.
    ///
    /// Fails with `notFound(.revision)` when the revision is missing, ambiguous, malformed or
    /// names something that is not a commit (a tree or blob, for example).
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        let notFound: (LibraryFailure) -> GitError? = { failure in
            let codes = [GIT_ENOTFOUND, GIT_EAMBIGUOUS, GIT_EINVALIDSPEC, GIT_EPEEL, GIT_EUNBORNBRANCH]
            return codes.contains { failure.has($0) } ? .notFound(.revision(revision)) : nil
        }
        var object: OpaquePointer?
        try check(unsafe git_revparse_single(&object, pointer, revision), translate: notFound)
        let named = unsafe ObjectHandle(owning: object!, in: self)
        var commit: OpaquePointer?
        try check(unsafe git_object_peel(&commit, named.pointer, GIT_OBJECT_COMMIT), translate: notFound)
        let peeled = unsafe ObjectHandle(owning: commit!, in: self)
        return unsafe ObjectID(git_object_id(peeled.pointer))
    }
}
