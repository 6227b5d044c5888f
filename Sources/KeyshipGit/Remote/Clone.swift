internal import CGit2
internal import KeyshipCore

extension Repository {
    /// Clones the repository at `url` (a URL or a path) into `path` and opens the clone.
    ///
    /// A clone with a work tree checks out the remote's default branch. Credentials and extra
    /// headers work as for `fetch`; the headers come from the global and system settings,
    /// because the new repository has none of its own yet.
    public static func clone(
        from url: String,
        to path: String,
        bare: Bool = false,
        options: RemoteOptions
    ) throws(GitError) -> Repository {
        initialiseLibrary()
        let headers = try ExtraHeaders.headers(for: url, config: ConfigHandle.defaultSnapshot(), logger: options.logger)
        let session = RemoteSession(url: url, options: options, headers: headers)
        let headerList = CStringList(headers)

        var cloneOptions = unsafe git_clone_options()
        try check(unsafe git_clone_options_init(&cloneOptions, UInt32(GIT_CLONE_OPTIONS_VERSION)))
        unsafe cloneOptions.bare = bare ? 1 : 0
        unsafe cloneOptions.fetch_opts.proxy_opts.type = GIT_PROXY_AUTO

        options.logger.info("clone started", ["url": session.displayURL, "path": path])
        var created: OpaquePointer?
        let code = withExtendedLifetime(session) {
            unsafe session.install(into: &cloneOptions.fetch_opts.callbacks)
            return unsafe headerList.withStringArray { headerArray in
                unsafe cloneOptions.fetch_opts.custom_headers = headerArray
                return unsafe git_clone(&created, url, path, &cloneOptions)
            }
        }
        session.finish()
        try check(code) { failure in session.translate(failure) }
        options.logger.info("clone finished", ["url": session.displayURL, "path": path])
        return unsafe Repository(owning: created!)
    }
}
