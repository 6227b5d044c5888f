internal import CGit2

/// An owned `git_config`, freed when released.
///
/// keyship reads configuration only through snapshots, so the values cannot change between two
/// reads of one operation. A snapshot does not point into its repository.
@safe
final class ConfigHandle {
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        unsafe self.pointer = pointer
    }

    deinit {
        unsafe git_config_free(pointer)
    }

    /// Returns a snapshot of the configuration `git` would read in `repository`: local,
    /// global, XDG and system files.
    static func snapshot(of repository: Repository) throws(GitError) -> ConfigHandle {
        var config: OpaquePointer?
        try check(unsafe git_repository_config_snapshot(&config, repository.pointer))
        return unsafe ConfigHandle(owning: config!)
    }

    /// Returns a snapshot of the global, XDG and system configuration, for work outside a
    /// repository.
    static func defaultSnapshot() throws(GitError) -> ConfigHandle {
        initialiseLibrary()
        var live: OpaquePointer?
        try check(unsafe git_config_open_default(&live))
        let liveHandle = unsafe ConfigHandle(owning: live!)
        var snapshot: OpaquePointer?
        try check(unsafe git_config_snapshot(&snapshot, liveHandle.pointer))
        return unsafe ConfigHandle(owning: snapshot!)
    }

    /// Returns the value of `key` (for example `user.name`), or nil when it is unset.
    func string(_ key: String) throws(GitError) -> String? {
        var value: UnsafePointer<CChar>?
        let code = unsafe git_config_get_string(&value, pointer, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code)
        return unsafe value.map { unsafe String(cString: $0) }
    }

    /// One configuration value, with the level of the file it came from.
    struct Entry {
        /// The key as libgit2 reports it: section and variable in lower case, a subsection
        /// (such as a URL) as written.
        var name: String
        var value: String
        /// libgit2's `git_config_level_t`: system 2, XDG 3, global 4, local 5, app 6.
        var level: Int32
    }

    /// Returns every value whose key matches the POSIX extended `pattern`, ordered as git
    /// reads them: system, XDG, global, then repository-local files, and file order inside one.
    func entries(matching pattern: String) throws(GitError) -> [Entry] {
        var created: OpaquePointer?
        try check(unsafe git_config_iterator_glob_new(&created, pointer, pattern))
        let iterator = unsafe ConfigIteratorHandle(owning: created!, over: self)
        var entries: [Entry] = []
        while true {
            var entry: UnsafeMutablePointer<git_config_entry>?
            let code = unsafe git_config_next(&entry, iterator.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code)
            // The iterator owns the entry until the next call, so copy it now.
            guard let entry = unsafe entry else { continue }
            unsafe entries.append(Entry(
                name: String(cString: entry.pointee.name),
                value: entry.pointee.value.map { unsafe String(cString: $0) } ?? "",
                level: entry.pointee.level.rawValue))
        }
        // libgit2 visits the most specific file first; a stable sort restores git's order.
        return entries.enumerated()
            .sorted { ($0.element.level, $0.offset) < ($1.element.level, $1.offset) }
            .map(\.element)
    }
}

/// An owned `git_config_iterator`, freed when released; keeps its configuration alive.
@safe
private final class ConfigIteratorHandle {
    let pointer: OpaquePointer
    private let config: ConfigHandle

    init(owning pointer: OpaquePointer, over config: ConfigHandle) {
        unsafe self.pointer = pointer
        self.config = config
    }

    deinit {
        unsafe git_config_iterator_free(pointer)
    }
}
