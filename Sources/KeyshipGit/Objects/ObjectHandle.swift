internal import CGit2

/// An owned libgit2 object (`git_commit`, `git_tree`, `git_blob` or a plain `git_object`),
/// freed with `git_object_free` when released.
///
/// libgit2's object types are all `git_object` underneath, and their `*_free` functions all
/// call `git_object_free`, so one owner serves them. The handle keeps its repository alive,
/// because an object must not outlive the repository it was read from.
@safe
final class ObjectHandle {
    let pointer: OpaquePointer
    private let repository: Repository

    init(owning pointer: OpaquePointer, in repository: Repository) {
        unsafe self.pointer = pointer
        self.repository = repository
    }

    deinit {
        unsafe git_object_free(pointer)
    }
}

extension Repository {
    /// Looks up the commit `id`, failing with `notFound(.object)` when it is missing or is not
    /// a commit.
    func lookUpCommit(_ id: ObjectID) throws(GitError) -> ObjectHandle {
        try lookUp(id, as: GIT_OBJECT_COMMIT)
    }

    /// Looks up the blob `id`, failing with `notFound(.object)` when it is missing or is not a
    /// blob.
    func lookUpBlob(_ id: ObjectID) throws(GitError) -> ObjectHandle {
        try lookUp(id, as: GIT_OBJECT_BLOB)
    }

    /// Looks up a tree from the id of a tree or of a commit, whose tree is taken.
    func lookUpTree(treeish id: ObjectID) throws(GitError) -> ObjectHandle {
        let object = try lookUp(id, as: GIT_OBJECT_ANY)
        var tree: OpaquePointer?
        try check(unsafe git_object_peel(&tree, object.pointer, GIT_OBJECT_TREE)) { failure in
            failure.has(GIT_EINVALIDSPEC) || failure.has(GIT_EPEEL) || failure.has(GIT_ENOTFOUND)
                ? .notFound(.object(id)) : nil
        }
        return unsafe ObjectHandle(owning: tree!, in: self)
    }

    private func lookUp(_ id: ObjectID, as type: git_object_t) throws(GitError) -> ObjectHandle {
        var oid = id.oid
        var object: OpaquePointer?
        try check(unsafe git_object_lookup(&object, pointer, &oid, type)) { failure in
            failure.has(GIT_ENOTFOUND) ? .notFound(.object(id)) : nil
        }
        return unsafe ObjectHandle(owning: object!, in: self)
    }
}
