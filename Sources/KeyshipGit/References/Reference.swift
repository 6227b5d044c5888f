internal import CGit2

/// An owned `git_reference`, freed when released; keeps its repository alive.
@safe
final class ReferenceHandle {
    let pointer: OpaquePointer
    private let repository: Repository

    init(owning pointer: OpaquePointer, in repository: Repository) {
        unsafe self.pointer = pointer
        self.repository = repository
    }

    deinit {
        unsafe git_reference_free(pointer)
    }
}

extension Repository {
    /// Returns the commit a reference points to, following symbolic references such as `HEAD`,
    /// or nil when the reference does not exist or its branch has no commit yet.
    ///
    /// `name` is a full reference name: `HEAD`, `refs/heads/main`, `refs/remotes/origin/main`.
    public func referenceTarget(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = unsafe git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code)
        return ObjectID(oid)
    }

    /// Points the reference `name` at `target` if it is still at `expected`, atomically.
    ///
    /// A nil `expected` means the reference must not exist yet. When it points elsewhere, or
    /// exists when it should not, or another process is updating it at the same moment, nothing
    /// changes and the call fails with `referenceMoved`. `message` goes into the reflog. This
    /// moves only the reference: the work tree and index of a checked-out branch stay as they
    /// were (see `checkOut(_:baseline:)`).
    public func updateReference(
        _ name: String,
        to target: ObjectID,
        expecting expected: ObjectID?,
        message: String
    ) throws(GitError) {
        var newOID = target.oid
        var created: OpaquePointer?
        let code: Int32
        if let expected {
            var currentOID = expected.oid
            code = unsafe git_reference_create_matching(&created, pointer, name, &newOID, 1, &currentOID, message)
        } else {
            code = unsafe git_reference_create_matching(&created, pointer, name, &newOID, 0, nil, message)
        }
        if code < 0 {
            let failure = LibraryFailure.last(code: code)
            // EMODIFIED: the reference is at another commit; ENOTFOUND: it was expected but is
            // gone; EEXISTS: it was expected to be absent. ELOCKED: another process holds the
            // reference's lock file because it is updating it right now, so it is moving.
            if failure.has(GIT_EMODIFIED) || failure.has(GIT_ENOTFOUND) || failure.has(GIT_EEXISTS)
                || failure.has(GIT_ELOCKED) {
                let actual = try? referenceTarget(name)
                throw .referenceMoved(reference: name, expected: expected, actual: actual ?? nil)
            }
            throw failure.genericError
        }
        _ = unsafe ReferenceHandle(owning: created!, in: self)
    }

    /// Deletes the reference `name` if it exists.
    func deleteReference(_ name: String) throws(GitError) {
        var found: OpaquePointer?
        let code = unsafe git_reference_lookup(&found, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return }
        try check(code)
        let reference = unsafe ReferenceHandle(owning: found!, in: self)
        try check(unsafe git_reference_delete(reference.pointer))
    }

    /// The branch `HEAD` names (`main` for `refs/heads/main`), even before its first commit,
    /// or nil when `HEAD` is detached.
    public func currentBranch() throws(GitError) -> String? {
        var found: OpaquePointer?
        try check(unsafe git_reference_lookup(&found, pointer, "HEAD"))
        let head = unsafe ReferenceHandle(owning: found!, in: self)
        guard let target = unsafe git_reference_symbolic_target(head.pointer) else { return nil }
        let name = unsafe String(cString: target)
        let prefix = "refs/heads/"
        return name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
    }
}
