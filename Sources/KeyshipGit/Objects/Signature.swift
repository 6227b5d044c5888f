internal import CGit2
public import KeyshipCore

/// Who made a commit and when: a name, an email and a time with its UTC offset.
public struct Signature: Sendable, Hashable {
    public var name: String
    public var email: String
    public var time: Timestamp
    /// Minutes east of UTC in the signer's time zone, as `git log` shows it (`+0100` is 60).
    public var utcOffsetMinutes: Int

    public init(name: String, email: String, time: Timestamp, utcOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// Copies a libgit2 signature.
    @unsafe
    init(_ signature: UnsafePointer<git_signature>) {
        self.init(
            name: unsafe String(cString: signature.pointee.name),
            email: unsafe String(cString: signature.pointee.email),
            time: Timestamp(secondsSinceEpoch: unsafe signature.pointee.when.time),
            utcOffsetMinutes: Int(unsafe signature.pointee.when.offset))
    }
}

/// The two people a commit names: who wrote the change and who committed it.
public enum SignatureRole: Sendable, Hashable {
    case author
    case committer
}

extension Repository {
    /// Returns the identity `git commit` would record for `role`, signed at `time`.
    ///
    /// The name comes from `GIT_AUTHOR_NAME` (or `GIT_COMMITTER_NAME`), then the `author.name`
    /// (or `committer.name`) and `user.name` settings; the email likewise from
    /// `GIT_AUTHOR_EMAIL`, `author.email`, `user.email` and then `EMAIL`. Unlike git, keyship
    /// never guesses an identity from the system user and host name: a missing value fails
    /// with `identityNotConfigured`, so no commit carries a made-up identity.
    public func signature(
        for role: SignatureRole,
        at time: Timestamp,
        utcOffsetMinutes: Int = 0,
        environment: [String: String]
    ) throws(GitError) -> Signature {
        try Self.signature(
            for: role, at: time, utcOffsetMinutes: utcOffsetMinutes, environment: environment,
            config: ConfigHandle.snapshot(of: self))
    }

    /// Returns the identity `git commit` would record for `role` in a repository that does not
    /// exist yet: the same rules as `signature(for:at:utcOffsetMinutes:environment:)`, reading
    /// only the global, XDG and system settings. `keyship init` checks it before writing.
    public static func defaultSignature(
        for role: SignatureRole,
        at time: Timestamp,
        utcOffsetMinutes: Int = 0,
        environment: [String: String]
    ) throws(GitError) -> Signature {
        try signature(
            for: role, at: time, utcOffsetMinutes: utcOffsetMinutes, environment: environment,
            config: ConfigHandle.defaultSnapshot())
    }

    private static func signature(
        for role: SignatureRole, at time: Timestamp, utcOffsetMinutes: Int, environment: [String: String],
        config: ConfigHandle
    ) throws(GitError) -> Signature {
        let prefix = role == .author ? "author" : "committer"
        let variable = role == .author ? "GIT_AUTHOR" : "GIT_COMMITTER"

        guard let name = try firstValue(
            environment: ["\(variable)_NAME"], config: ["\(prefix).name", "user.name"], in: config, environment)
        else { throw .identityNotConfigured(key: "user.name") }
        guard let email = try firstValue(
            environment: ["\(variable)_EMAIL"], config: ["\(prefix).email", "user.email"], in: config, environment)
            ?? environment["EMAIL"].flatMap({ $0.isEmpty ? nil : $0 })
        else { throw .identityNotConfigured(key: "user.email") }
        return Signature(name: name, email: email, time: time, utcOffsetMinutes: utcOffsetMinutes)
    }
}

/// Returns the first non-empty value among the environment variables and then the settings.
private func firstValue(
    environment variables: [String],
    config keys: [String],
    in config: ConfigHandle,
    _ environment: [String: String]
) throws(GitError) -> String? {
    for variable in variables {
        if let value = environment[variable], !value.isEmpty { return value }
    }
    for key in keys {
        if let value = try config.string(key), !value.isEmpty { return value }
    }
    return nil
}

/// An owned `git_signature` built from a `Signature`, freed when released.
@safe
final class SignatureHandle {
    let pointer: UnsafeMutablePointer<git_signature>

    /// Builds libgit2's copy, which rejects empty names and emails and angle brackets in them.
    init(_ signature: Signature) throws(GitError) {
        var created: UnsafeMutablePointer<git_signature>?
        try check(unsafe git_signature_new(
            &created, signature.name, signature.email,
            signature.time.secondsSinceEpoch, Int32(signature.utcOffsetMinutes)))
        unsafe pointer = created!
    }

    deinit {
        unsafe git_signature_free(pointer)
    }
}
