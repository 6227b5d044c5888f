internal import CCurl

/// A request URL checked before any connection: its scheme, host and the parts that are safe
/// to log.
struct HTTPTarget {
    var url: String
    var isLoopback: Bool
    /// `scheme://host[:port]/path`, without credentials, query or fragment.
    var loggableURL: String
    /// The path alone, for log lines.
    var path: String

    /// Hosts that plain `http` may reach: the machine itself, where tests run their fakes.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "[::1]", "localhost"]

    /// Parses `url` with libcurl's own URL parser, so the check applies to the host libcurl will
    /// connect to, and accepts only `https`, or `http` to a loopback host.
    static func check(_ url: String, method: String) throws(HTTPError) -> HTTPTarget {
        let withoutQuery = String(url.prefix { $0 != "?" && $0 != "#" })
        guard let parts = URLParts(url) else {
            throw HTTPError(.invalidURL(withoutQuery), endpoint: HTTPEndpoint(method: method, url: withoutQuery), attempts: 0)
        }
        var loggable = "\(parts.scheme)://\(parts.host)"
        if let port = parts.port { loggable += ":\(port)" }
        loggable += parts.path
        let endpoint = HTTPEndpoint(method: method, url: loggable)

        let isLoopback = loopbackHosts.contains(parts.host.lowercased())
        switch parts.scheme {
        case "https":
            break
        case "http" where isLoopback:
            break
        case "http":
            throw HTTPError(.insecureURL, endpoint: endpoint, attempts: 0)
        default:
            throw HTTPError(.invalidURL(withoutQuery), endpoint: endpoint, attempts: 0)
        }
        return HTTPTarget(url: url, isLoopback: isLoopback, loggableURL: loggable, path: parts.path)
    }
}

/// The parts of a URL as libcurl's URL API (`curl_url`) reads them.
struct URLParts {
    var scheme: String
    var host: String
    var port: String?
    var path: String

    init?(_ url: String) {
        guard let handle = unsafe curl_url() else { return nil }
        defer { unsafe curl_url_cleanup(handle) }
        guard unsafe curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              let scheme = unsafe Self.part(handle, CURLUPART_SCHEME),
              let host = unsafe Self.part(handle, CURLUPART_HOST)
        else { return nil }
        self.scheme = scheme.lowercased()
        self.host = host
        port = unsafe Self.part(handle, CURLUPART_PORT)
        path = unsafe Self.part(handle, CURLUPART_PATH) ?? "/"
    }

    private static func part(_ handle: OpaquePointer, _ part: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard unsafe curl_url_get(handle, part, &value, 0) == CURLUE_OK, let value = unsafe value else { return nil }
        defer { unsafe curl_free(value) }
        return unsafe String(cString: value)
    }
}
