public import KeyshipCore

/// How keyship authenticates to a remote and where it logs the exchange.
///
/// Credentials come only from `environment`, never from the repository:
/// - HTTPS: `KEYSHIP_GIT_TOKEN` as the password, with `KEYSHIP_GIT_USERNAME` (or the URL's user
///   name, or `x-access-token`) as the user name; without a token, `KEYSHIP_GIT_USERNAME` and
///   `KEYSHIP_GIT_PASSWORD`.
/// - SSH: the keys that `ssh-agent` holds (`SSH_AUTH_SOCK`), for the URL's user name, then
///   `KEYSHIP_GIT_USERNAME`, then `git`.
/// HTTPS requests also carry the headers that git's `http.extraheader` and
/// `http.<url>.extraheader` settings name, as CI checkouts set them.
public struct RemoteOptions: Sendable {
    /// The process environment to take credentials from.
    public var environment: [String: String]
    /// How many times libgit2 may ask for credentials in one operation before it fails with
    /// `authenticationFailed`; a server that rejects a credential asks again.
    public var maxCredentialAttempts: Int
    /// Receives start, finish, retry and remote-output lines; never a credential.
    public var logger: Logger

    public init(environment: [String: String], maxCredentialAttempts: Int = 3, logger: Logger = .disabled) {
        self.environment = environment
        self.maxCredentialAttempts = maxCredentialAttempts
        self.logger = logger
    }

    /// The secrets these options can hand to a server, for scrubbing from messages.
    var secrets: [String] {
        ["KEYSHIP_GIT_TOKEN", "KEYSHIP_GIT_PASSWORD"].compactMap { environment[$0] }.filter { !$0.isEmpty }
    }
}
