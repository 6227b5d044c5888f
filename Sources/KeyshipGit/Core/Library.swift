internal import CGit2

/// libgit2's global state, set up by the first read of this value and kept for the process.
///
/// Swift initialises a global `let` lazily and exactly once, even when several threads race.
/// libgit2 is never shut down: its state must outlive every repository, and the process
/// exit reclaims it.
private let libraryState: Int32 = git_libgit2_init()

/// Makes sure libgit2 is initialised; every entry point that creates a handle calls it first.
func initialiseLibrary() {
    _ = libraryState
}

/// The failure libgit2 reported for one call: its return code and the thread's last error.
struct LibraryFailure: Sendable {
    var code: Int32
    var errorClass: Int32
    var message: String

    /// Reads `git_error_last()`, which must happen on the failing thread before the next call.
    static func last(code: Int32) -> LibraryFailure {
        guard let error = unsafe git_error_last() else {
            return LibraryFailure(code: code, errorClass: 0, message: "no error message")
        }
        let message = unsafe error.pointee.message.map { unsafe String(cString: $0) } ?? "no error message"
        return LibraryFailure(code: code, errorClass: unsafe error.pointee.klass, message: message)
    }

    /// True when libgit2 returned `expected`.
    func has(_ expected: git_error_code) -> Bool {
        code == expected.rawValue
    }

    /// The generic translation, used when the calling site has no better case.
    var genericError: GitError {
        .other(code: code, errorClass: Self.className(errorClass), message: message)
    }

    /// True for failures of the transport: sockets, name resolution, TLS, SSH and HTTP.
    var isNetworkFailure: Bool {
        let networkClasses = [GIT_ERROR_NET, GIT_ERROR_SSL, GIT_ERROR_SSH, GIT_ERROR_HTTP].map { Int32($0.rawValue) }
        if networkClasses.contains(errorClass) || has(GIT_ECERTIFICATE) || has(GIT_EEOF) { return true }
        // libgit2 1.5's socket stream reports these with the operating-system class.
        let socketMessages = ["failed to connect to ", "failed to resolve address for ", "error receiving socket data"]
        return errorClass == Int32(GIT_ERROR_OS.rawValue) && socketMessages.contains { message.hasPrefix($0) }
    }

    /// libgit2's name for an error class (`git_error_t`), lower case as in its documentation.
    static func className(_ errorClass: Int32) -> String {
        let names = [
            "none", "nomemory", "os", "invalid", "reference", "zlib", "repository", "config", "regex",
            "odb", "index", "object", "net", "tag", "tree", "indexer", "ssl", "submodule", "thread",
            "stash", "checkout", "fetchhead", "merge", "ssh", "filter", "revert", "callback",
            "cherrypick", "describe", "rebase", "filesystem", "patch", "worktree", "sha", "http",
            "internal",
        ]
        return names.indices.contains(Int(errorClass)) ? names[Int(errorClass)] : "class \(errorClass)"
    }
}

/// Turns a libgit2 return code into a thrown `GitError`; codes of zero and above are returned.
///
/// `translate` maps the failure to a more precise case for the calling site, or returns nil to
/// use the generic one. This is the only place that reads libgit2's error state.
@discardableResult
func check(
    _ code: Int32,
    translate: (LibraryFailure) -> GitError? = { _ in nil }
) throws(GitError) -> Int32 {
    guard code < 0 else { return code }
    let failure = LibraryFailure.last(code: code)
    throw translate(failure) ?? failure.genericError
}
