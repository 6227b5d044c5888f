internal import CGit2
internal import KeyshipCore

/// An owned `git_remote`, freed when released; keeps its repository alive.
@safe
final class RemoteHandle {
    let pointer: OpaquePointer
    private let repository: Repository

    init(owning pointer: OpaquePointer, in repository: Repository) {
        unsafe self.pointer = pointer
        self.repository = repository
    }

    deinit {
        unsafe git_remote_free(pointer)
    }

    /// The URL the remote fetches from.
    var url: String {
        unsafe git_remote_url(pointer).map { unsafe String(cString: $0) } ?? ""
    }

    /// The URL the remote pushes to: `remote.<name>.pushurl` when set, else the fetch URL.
    ///
    /// NOTE: libgit2 1.5's transport for local paths pushes to the fetch URL even when a push
    /// URL is set; network transports use the push URL.
    var pushURL: String {
        unsafe git_remote_pushurl(pointer).map { unsafe String(cString: $0) } ?? url
    }
}

extension Repository {
    /// Returns the fetch URL of the configured remote `name`, such as `origin`.
    public func remoteURL(named name: String) throws(GitError) -> String {
        try lookUpRemote(name).url
    }

    /// Downloads objects from `remote` and updates the references `refspecs` name.
    ///
    /// `remote` is a configured remote's name (`origin`) or a URL or path. An empty `refspecs`
    /// uses the remote's configured fetch refspecs, which update its remote-tracking branches
    /// (`refs/remotes/origin/*`). A URL has no configured refspecs, so pass some such as
    /// `+refs/heads/main:refs/remotes/origin/main` with it.
    public func fetch(from remote: String, refspecs: [String] = [], options: RemoteOptions) throws(GitError) {
        let handle = try openRemote(remote)
        let headers = try ExtraHeaders.headers(for: handle.url, config: ConfigHandle.snapshot(of: self), logger: options.logger)
        let session = RemoteSession(url: handle.url, options: options, headers: headers)
        let headerList = CStringList(headers)
        let refspecList = CStringList(refspecs)

        var fetchOptions = unsafe git_fetch_options()
        try check(unsafe git_fetch_options_init(&fetchOptions, UInt32(GIT_FETCH_OPTIONS_VERSION)))
        unsafe fetchOptions.proxy_opts.type = GIT_PROXY_AUTO

        options.logger.info("fetch started", ["url": session.displayURL])
        let code = withExtendedLifetime(session) {
            unsafe session.install(into: &fetchOptions.callbacks)
            return unsafe headerList.withStringArray { headerArray in
                unsafe fetchOptions.custom_headers = headerArray
                return unsafe refspecList.withStringArray { refspecArray in
                    unsafe git_remote_fetch(handle.pointer, &refspecArray, &fetchOptions, "keyship: fetch")
                }
            }
        }
        session.finish()
        try check(code) { failure in session.translate(failure) }
        options.logger.info("fetch finished", ["url": session.displayURL])
    }

    /// Uploads what `refspecs` name (`refs/heads/main:refs/heads/main`) to `remote`, without
    /// forcing, and updates the matching remote-tracking branches.
    ///
    /// `remote` is a configured remote's name or a URL or path. A refused update fails with
    /// `pushRejected`, whether libgit2 refused it before sending (non-fast-forward) or the server
    /// refused it (a hook), which libgit2 reports only through a callback while succeeding.
    public func push(to remote: String, refspecs: [String], options: RemoteOptions) throws(GitError) {
        let handle = try openRemote(remote)
        let headers = try ExtraHeaders.headers(for: handle.pushURL, config: ConfigHandle.snapshot(of: self), logger: options.logger)
        let session = RemoteSession(url: handle.pushURL, options: options, headers: headers)
        let headerList = CStringList(headers)
        let refspecList = CStringList(refspecs)

        var pushOptions = unsafe git_push_options()
        try check(unsafe git_push_options_init(&pushOptions, UInt32(GIT_PUSH_OPTIONS_VERSION)))
        unsafe pushOptions.proxy_opts.type = GIT_PROXY_AUTO

        options.logger.info("push started", ["url": session.displayURL, "refspecs": refspecs.joined(separator: " ")])
        let code = withExtendedLifetime(session) {
            unsafe session.install(into: &pushOptions.callbacks)
            return unsafe headerList.withStringArray { headerArray in
                unsafe pushOptions.custom_headers = headerArray
                return unsafe refspecList.withStringArray { refspecArray in
                    unsafe git_remote_push(handle.pointer, &refspecArray, &pushOptions)
                }
            }
        }
        session.finish()
        let firstDestination = refspecs.first.map(Self.destination(ofRefspec:)) ?? ""
        try check(code) { failure in
            if failure.has(GIT_ENONFASTFORWARD) {
                return .pushRejected(reference: firstDestination, reason: session.redact(failure.message))
            }
            return session.translate(failure)
        }
        if let rejection = session.rejections.first {
            throw .pushRejected(reference: rejection.reference, reason: rejection.reason)
        }
        options.logger.info("push finished", ["url": session.displayURL])
    }

    /// Pushes `commit` to the branch `branch` of `remote`, without forcing.
    ///
    /// libgit2 pushes references, not commits, so the commit is first written to
    /// `refs/keyship/outgoing/<branch>`, which is deleted again afterwards, even on failure. No
    /// local branch moves; the remote-tracking branch (`refs/remotes/<remote>/<branch>`) of a
    /// configured remote does.
    ///
    /// When two processes push at once, at most one succeeds and the other gets `pushRejected`,
    /// also for a remote that is a folder on this machine (see `pushToFolder`).
    public func push(_ commit: ObjectID, toBranch branch: String, of remote: String, options: RemoteOptions) throws(GitError) {
        let outgoing = "refs/keyship/outgoing/\(branch)"
        var oid = commit.oid
        var created: OpaquePointer?
        try check(unsafe git_reference_create(&created, pointer, outgoing, &oid, 1, "keyship: push")) { failure in
            failure.has(GIT_ENOTFOUND) ? .notFound(.object(commit)) : nil
        }
        _ = unsafe ReferenceHandle(owning: created!, in: self)
        defer { try? deleteReference(outgoing) }
        if let folder = try localRepository(of: remote) {
            try pushToFolder(commit, from: outgoing, toBranch: branch, of: remote, folder: folder, options: options)
        } else {
            try push(to: remote, refspecs: ["\(outgoing):refs/heads/\(branch)"], options: options)
        }
    }

    /// Pushes to a remote that is a repository folder on this machine, with a compare-and-swap.
    ///
    /// libgit2's transport for local folders (1.5.1 here, and `local_push` in its current source)
    /// tests that a push fast-forwards against the references it read when it connected, then
    /// overwrites the branch without comparing it again. Two processes that push at once could
    /// both succeed, and the commit of the first would be lost. So the objects travel in a push
    /// to a staging reference named after the commit, and the branch then moves in the remote
    /// repository itself with a compare-and-swap under git's reference lock, as
    /// `git receive-pack` does.
    private func pushToFolder(
        _ commit: ObjectID, from outgoing: String, toBranch branch: String, of remote: String, folder: Repository,
        options: RemoteOptions
    ) throws(GitError) {
        let staging = "refs/keyship/incoming/\(commit.hex)"
        try push(to: remote, refspecs: ["\(outgoing):\(staging)"], options: options)
        defer { try? folder.deleteReference(staging) }
        guard try folder.referenceTarget(staging) == commit else {
            // The transport wrote to another repository than the one opened here.
            throw .notFound(.reference(staging))
        }

        let target = "refs/heads/\(branch)"
        let current = try folder.referenceTarget(target)
        if let current, current != commit, try !folder.isDescendant(commit, of: current) {
            throw .pushRejected(reference: target, reason: nonFastForwardReason(remoteTip: current))
        }
        do {
            try folder.updateReference(target, to: commit, expecting: current, message: "keyship: push")
        } catch {
            guard case .referenceMoved(_, _, let actual) = error else { throw error }
            throw .pushRejected(reference: target, reason: nonFastForwardReason(remoteTip: actual))
        }

        // libgit2 moves the remote-tracking branch after a push to the branch itself, so this
        // path does the same for a configured remote.
        if !remote.contains("/") && !remote.contains(":") {
            let tracking = "refs/remotes/\(remote)/\(branch)"
            try? updateReference(tracking, to: commit, expecting: try? referenceTarget(tracking), message: "keyship: push")
        }
    }

    /// libgit2's reason for a push that does not fast-forward, so pushes to folders read the same
    /// as the others: it depends on whether this repository has the remote's tip.
    private func nonFastForwardReason(remoteTip: ObjectID?) -> String {
        if let remoteTip, (try? commit(remoteTip)) != nil {
            return "cannot push non-fastforwardable reference"
        }
        return "cannot push because a reference that you are trying to update on the remote contains commits that are not present locally."
    }

    /// Opens the repository `remote` points to when it is a folder on this machine, which is
    /// when libgit2 uses its local transport: a `file://` URL or a path to an existing folder.
    func localRepository(of remote: String) throws(GitError) -> Repository? {
        let url = try openRemote(remote).url
        let path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        guard url.hasPrefix("file://") || !url.contains("://") else { return nil }
        return try? Repository.open(at: path, searchingParents: false)
    }

    /// Returns true when `commit` has `ancestor` in its history (and is not `ancestor` itself).
    func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) throws(GitError) -> Bool {
        var commitOID = commit.oid
        var ancestorOID = ancestor.oid
        let code = unsafe git_graph_descendant_of(pointer, &commitOID, &ancestorOID)
        if code < 0 { try check(code) }
        return code == 1
    }

    /// Opens a configured remote, or an anonymous one for a URL or path.
    ///
    /// A name without `/` or `:` must be a configured remote, so a mistyped `orgin` fails with
    /// `notFound(.remote)` instead of being tried as a relative path.
    func openRemote(_ remote: String) throws(GitError) -> RemoteHandle {
        let looksLikeLocation = remote.contains("/") || remote.contains(":")
        if !looksLikeLocation { return try lookUpRemote(remote) }
        var created: OpaquePointer?
        try check(unsafe git_remote_create_anonymous(&created, pointer, remote))
        return unsafe RemoteHandle(owning: created!, in: self)
    }

    private func lookUpRemote(_ name: String) throws(GitError) -> RemoteHandle {
        var found: OpaquePointer?
        try check(unsafe git_remote_lookup(&found, pointer, name)) { failure in
            failure.has(GIT_ENOTFOUND) || failure.has(GIT_EINVALIDSPEC) ? .notFound(.remote(name)) : nil
        }
        return unsafe RemoteHandle(owning: found!, in: self)
    }

    /// Returns the remote reference a push refspec updates: `refs/heads/main` for
    /// `+a:refs/heads/main`.
    static func destination(ofRefspec refspec: String) -> String {
        guard let colon = refspec.lastIndex(of: ":") else { return refspec.hasPrefix("+") ? String(refspec.dropFirst()) : refspec }
        return String(refspec[refspec.index(after: colon)...])
    }
}

extension RemoteSession {
    /// Maps a failed transfer to `authenticationFailed` or `network`, with secrets removed, or
    /// returns nil for failures that are not about the remote.
    func translate(_ failure: LibraryFailure) -> GitError? {
        if failure.has(GIT_EAUTH) || credentialsExhausted {
            return .authenticationFailed(url: displayURL)
        }
        // libgit2 1.5 reads a missing local path as a URL of an unknown scheme. A folder that
        // is not a repository fails with the repository error class.
        let isLocalPath = displayURL.hasPrefix("/") || displayURL.hasPrefix(".") || displayURL.hasPrefix("file://")
        let missingRepository = failure.message == "unsupported URL protocol"
            || failure.errorClass == Int32(GIT_ERROR_REPOSITORY.rawValue)
        if isLocalPath, missingRepository {
            return .notARepository(path: displayURL)
        }
        if failure.isNetworkFailure {
            return .network(url: displayURL, message: redact(failure.message))
        }
        return nil
    }
}
