internal import CGit2

/// A git repository on disk, bare or with a work tree, opened through libgit2.
///
/// Not `Sendable`: libgit2 lets one thread at a time use a repository handle, so keep each
/// `Repository` inside one task or actor and open another one elsewhere.
@safe
public final class Repository {
    /// The owned `git_repository`, freed in `deinit`.
    ///
    /// Extensions in this module lend it to libgit2 calls while `self` is alive, and every
    /// handle derived from it holds a reference to this object so it is freed last.
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        unsafe self.pointer = pointer
    }

    deinit {
        unsafe git_repository_free(pointer)
    }

    /// Opens the repository at `path`: a work tree, a `.git` folder or a bare repository.
    ///
    /// With `searchingParents`, a path inside a work tree finds the repository above it, as
    /// `git` does from a subfolder.
    public static func open(at path: String, searchingParents: Bool = true) throws(GitError) -> Repository {
        initialiseLibrary()
        var handle: OpaquePointer?
        let flags = searchingParents ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
        try check(unsafe git_repository_open_ext(&handle, path, flags, nil)) { failure in
            if failure.has(GIT_ENOTFOUND) { return .notARepository(path: path) }
            if failure.has(GIT_EOWNER) { return .untrustedOwner(path: path) }
            return nil
        }
        return unsafe Repository(owning: handle!)
    }

    /// Creates a repository at `path`, making missing folders, whose unborn `HEAD` names
    /// `initialBranch`. Re-running it on an existing repository leaves its content alone.
    public static func create(at path: String, bare: Bool, initialBranch: String = "main") throws(GitError) -> Repository {
        initialiseLibrary()
        var options = unsafe git_repository_init_options()
        try check(unsafe git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)))
        unsafe options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var handle: OpaquePointer?
        let code = unsafe initialBranch.withCString { branch in
            unsafe options.initial_head = branch
            return unsafe git_repository_init_ext(&handle, path, &options)
        }
        try check(code)
        return unsafe Repository(owning: handle!)
    }

    /// True when the repository has no work tree.
    public var isBare: Bool {
        unsafe git_repository_is_bare(pointer) == 1
    }

    /// The path of the git folder (`.git` or the bare repository itself), ending in `/`.
    public var gitDirectory: String {
        unsafe String(cString: git_repository_path(pointer))
    }

    /// The path of the work tree, ending in `/`, or nil for a bare repository.
    public var workTree: String? {
        guard let path = unsafe git_repository_workdir(pointer) else { return nil }
        return unsafe String(cString: path)
    }

    /// The work tree, or `noWorkTree` for a bare repository.
    func requireWorkTree() throws(GitError) -> String {
        guard let workTree else { throw .noWorkTree(path: gitDirectory) }
        return workTree
    }
}

@available(*, unavailable, message: "A Repository must stay in one task; open another one elsewhere.")
extension Repository: Sendable {}
