internal import KeyshipCore

/// The HTTP headers git's `http.extraheader` settings add to requests for one URL.
///
/// CI checkouts store their access token this way (GitHub Actions' checkout sets
/// `http.https://github.com/.extraheader` to an `AUTHORIZATION: basic …` header), so honouring
/// it lets keyship push with the job's own credentials. The selection follows git 2.39's
/// `http.c` and `urlmatch.c`: values apply in the order git reads its files; a value whose URL
/// matches less specifically than one already applied is skipped; an empty value clears the
/// list so far.
enum ExtraHeaders {
    /// Returns the headers to send to `url`; nothing for URLs that are not HTTP or HTTPS.
    static func headers(for url: String, config: ConfigHandle, logger: Logger) throws(GitError) -> [String] {
        guard let target = MatchURL(url), target.scheme == "http" || target.scheme == "https" else { return [] }
        let entries = try config.entries(matching: #"^http\..*extraheader$"#)

        var headers: [String] = []
        var best = Specificity.none
        for entry in entries {
            guard let specificity = specificity(of: entry.name, for: target), specificity >= best else { continue }
            best = specificity
            if entry.value.isEmpty {
                headers.removeAll()
            } else {
                headers.append(entry.value)
            }
        }
        return headers.filter { header in
            guard let problem = problem(with: header) else { return true }
            // Only the header's name is logged: its value is usually a credential.
            logger.warning("skipping an http.extraheader value that libgit2 would reject", [
                "header": headerName(header), "problem": problem,
            ])
            return false
        }
    }

    /// The closeness of a setting URL's match, compared as git's `cmp_matches` does: the length
    /// of the host pattern, then the length of the path, then whether a user name matched.
    struct Specificity: Comparable {
        var hostLength: Int
        var pathLength: Int
        var userMatched: Bool

        static let none = Specificity(hostLength: 0, pathLength: 0, userMatched: false)

        static func < (lhs: Specificity, rhs: Specificity) -> Bool {
            (lhs.hostLength, lhs.pathLength, lhs.userMatched ? 1 : 0)
                < (rhs.hostLength, rhs.pathLength, rhs.userMatched ? 1 : 0)
        }
    }

    /// Returns the specificity of the setting `name` (`http.extraheader` or
    /// `http.<url>.extraheader`) for `target`, or nil when its URL does not match.
    static func specificity(of name: String, for target: MatchURL) -> Specificity? {
        let prefix = "http."
        let suffix = ".extraheader"
        guard name.lowercased().hasPrefix(prefix) else { return nil }
        if name.lowercased() == "http.extraheader" { return Specificity.none }
        guard name.lowercased().hasSuffix(suffix) else { return nil }
        let pattern = String(name.dropFirst(prefix.count).dropLast(suffix.count))
        guard let setting = MatchURL(pattern) else { return nil }
        return setting.specificity(matching: target)
    }

    /// Returns the reason libgit2 1.5 would reject `header`, or nil when it accepts it.
    ///
    /// libgit2's own error message would quote the whole header, credential included, so the
    /// check happens here first.
    static func problem(with header: String) -> String? {
        guard let colon = header.firstIndex(of: ":") else { return "no colon after the header name" }
        let name = header[..<colon]
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard !name.isEmpty, name.allSatisfy({ tokenCharacters.contains($0) }) else { return "invalid header name" }
        guard !header.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return "line break in the header" }
        let reserved = ["user-agent", "host", "accept", "content-type", "transfer-encoding", "content-length"]
        guard !reserved.contains(name.lowercased()) else { return "libgit2 sets this header itself" }
        return nil
    }

    private static func headerName(_ header: String) -> String {
        String(header.prefix { $0 != ":" }.prefix(40))
    }
}

/// A URL split the way git's `urlmatch.c` compares URLs: scheme and host in lower case,
/// default ports dropped, and a path that always starts with `/`.
struct MatchURL: Equatable {
    var scheme: String
    var user: String?
    var host: String
    var port: String?
    var path: String

    /// Parses `scheme://[user[:password]@]host[:port][/path]`; other forms return nil.
    init?(_ text: String) {
        guard let separator = text.firstRange(of: "://") else { return nil }
        scheme = text[..<separator.lowerBound].lowercased()
        var rest = Substring(text[separator.upperBound...])
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            user = String(userInfo.prefix { $0 != ":" })
            authority = authority[authority.index(after: at)...]
        }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            let portText = String(authority[authority.index(after: colon)...])
            let defaultPort = ["http": "80", "https": "443"][scheme]
            port = portText.isEmpty || portText == defaultPort ? nil : portText
            authority = authority[..<colon]
        }
        host = authority.lowercased()
        guard !scheme.isEmpty, !host.isEmpty else { return nil }
        path = rest.isEmpty ? "/" : String(rest)
    }

    /// Returns how specifically this setting URL matches `target`, or nil when it does not match.
    func specificity(matching target: MatchURL) -> ExtraHeaders.Specificity? {
        guard scheme == target.scheme, port == target.port, Self.hostMatches(host, target.host) else { return nil }
        if let user, user != target.user { return nil }
        guard Self.pathMatches(path, target.path) else { return nil }
        let matchedPath = path.hasSuffix("/") ? path.dropLast().count : path.count
        return ExtraHeaders.Specificity(hostLength: host.count, pathLength: matchedPath, userMatched: user != nil)
    }

    /// Compares host names label by label; a `*` label in the pattern matches any one label.
    private static func hostMatches(_ pattern: String, _ host: String) -> Bool {
        let patternLabels = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let hostLabels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard patternLabels.count == hostLabels.count else { return false }
        return zip(patternLabels, hostLabels).allSatisfy { $0 == "*" || $0 == $1 }
    }

    /// True when `pattern` is `target` or a folder above it.
    private static func pathMatches(_ pattern: String, _ target: String) -> Bool {
        let folder = pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern
        guard !folder.isEmpty else { return true }
        return target == folder || target.hasPrefix(folder + "/")
    }
}
