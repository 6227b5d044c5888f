/// Syntax rules for names, codes, addresses and paths in store files. Pure checks on text: no
/// look-ups, no network, no file system.
public enum ValueRules {
    /// Checks the form of a channel name: `[a-z0-9_-]+`.
    public static func isChannelName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { isLowerOrDigit($0) || $0 == "_" || $0 == "-" }
    }

    /// Checks the form of a product id, which is also a file and folder name: ASCII letters,
    /// digits, `.`, `_` and `-`, starting with a letter or digit.
    public static func isProductID(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isLetterOrDigit(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLetterOrDigit($0) || "._-".unicodeScalars.contains($0) }
    }

    /// Checks for a two-letter lower-case language code (ISO 639-1), such as `es`.
    public static func isLanguageCode(_ text: String) -> Bool {
        text.unicodeScalars.count == 2 && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }

    /// Checks for an environment variable name as POSIX shells accept it, upper-case only:
    /// `[A-Z_][A-Z0-9_]*`.
    public static func isEnvironmentName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("A"..."Z").contains(first) || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// True for text in an environment-variable field that looks like a credential rather than a
    /// name: 16 characters or more with letters and digits mixed, and no `_` between words.
    /// Names such as `KEYSHIP_PCC_API_KEY` never match.
    public static func looksLikeSecret(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.count >= 16, !scalars.contains(where: { $0 == " " || $0 == "_" }) else { return false }
        let hasDigit = scalars.contains { ("0"..."9").contains($0) }
        let hasLetter = scalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        return hasDigit && hasLetter
    }

    /// Bech32's data characters: lower-case letters and digits except `1`, `b`, `i` and `o`.
    static let bech32Characters = Set("qpzry9x8gf2tvdw0s3jn54khce6mua7l".unicodeScalars)

    /// Checks the form of an age X25519 recipient: `age1` and Bech32 data characters. The
    /// checksum and key length are checked where recipients are decoded for encryption.
    public static func isAgeRecipient(_ text: String) -> Bool {
        guard text.hasPrefix("age1") else { return false }
        let data = text.unicodeScalars.dropFirst(4)
        return !data.isEmpty && data.allSatisfy { bech32Characters.contains($0) }
    }

    /// Checks the form of an e-mail address: one `@` with text on both sides, and no spaces,
    /// commas or angle brackets.
    /// Addresses on hosts without a dot, such as `keyship@localhost`, are accepted.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return !text.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }
    }

    /// Checks the form of an IANA time zone name: `UTC`, or components such as `Europe/Madrid` or
    /// `America/Argentina/Buenos_Aires` made of ASCII letters, digits, `_`, `+` and `-`.
    /// Only the form is checked here, because the core reads no files; `StoreDefinition.load`
    /// checks that the zone exists in the system's zone database.
    public static func isTimeZoneName(_ text: String) -> Bool {
        if text == "UTC" { return true }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, ("A"..."Z").contains(first) || ("a"..."z").contains(first)
            else { return false }
            return part.unicodeScalars.allSatisfy { isLetterOrDigit($0) || "_+-".unicodeScalars.contains($0) }
        }
    }

    /// Checks for a relative path inside the store: not empty, no leading `/`, no `.` or `..`
    /// component, no backslash and no empty component.
    public static func isStorePath(_ text: String) -> Bool {
        guard !text.isEmpty, !text.hasPrefix("/"), !text.contains("\\") else { return false }
        return text.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part != "." && part != ".."
        }
    }

    /// Checks for single-line standard base64 with padding, the form key cells are stored in.
    public static func isBase64(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty, scalars.count % 4 == 0 else { return false }
        let padding = scalars.reversed().prefix { $0 == "=" }.count
        guard padding <= 2 else { return false }
        return scalars.dropLast(padding).allSatisfy { isLetterOrDigit($0) || $0 == "+" || $0 == "/" }
    }

    /// The outcome of `checkServiceURL`.
    public enum URLCheck: Sendable, Hashable {
        case valid
        case invalid
        /// `http` for a host other than 127.0.0.1 or localhost.
        case insecure
        /// A user, password, query or fragment, which may carry a credential.
        case credentials
    }

    /// Checks the base URL of a service: `https://host[:port][/path]`, or `http` for 127.0.0.1
    /// and localhost only.
    public static func checkServiceURL(_ text: String) -> URLCheck {
        // Checked before the form, so an invalid URL with a password is never shown in a message.
        if text.contains(where: { "@?#".contains($0) }) { return .credentials }
        guard let separator = text.firstRange(of: "://") else { return .invalid }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { return .invalid }
        let authority = text[separator.upperBound...].prefix { $0 != "/" }
        let host: Substring
        let port: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .invalid }
            host = authority[authority.startIndex...close]
            port = authority[authority.index(after: close)...]
        } else {
            host = authority.prefix { $0 != ":" }
            port = authority.dropFirst(host.count)
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { return .invalid }
        if !port.isEmpty {
            let digits = port.dropFirst()
            guard port.first == ":", let number = Int(digits), (1...65535).contains(number) else { return .invalid }
        }
        if scheme == "http" && !isLoopbackHost(String(host)) { return .insecure }
        return .valid
    }

    /// True for 127.0.0.1 and localhost, the hosts where unencrypted connections are accepted.
    public static func isLoopbackHost(_ host: String) -> Bool {
        host == "127.0.0.1" || host.lowercased() == "localhost"
    }

    private static func isLowerOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
