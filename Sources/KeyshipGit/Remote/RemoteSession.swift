internal import CGit2
internal import KeyshipCore

/// The state of one fetch, push or clone that libgit2's callbacks read and write.
///
/// libgit2 receives it as an unretained payload pointer. The operation that creates a session
/// keeps it alive until libgit2 returns (`withExtendedLifetime`), and no callback ever
/// releases it, because the credentials callback can run several times. libgit2 calls the
/// handlers one at a time while the operation's thread waits: on that thread, or, for the
/// progress of a transfer between local paths, from its pack-building threads under its
/// progress lock.
final class RemoteSession {
    let options: RemoteOptions
    /// The remote's URL without user-info, safe to log and to show.
    let displayURL: String
    /// Header values and credentials to scrub from every message.
    private(set) var secrets: [String]

    private(set) var credentialAttempts = 0
    private(set) var credentialsExhausted = false
    /// Updates the server refused, in the order it reported them.
    private(set) var rejections: [(reference: String, reason: String)] = []
    /// Text the server sent on its progress channel, such as a hook's output, not yet ended by
    /// a newline.
    private var pendingRemoteText = ""

    init(url: String, options: RemoteOptions, headers: [String]) {
        self.options = options
        displayURL = Redactor.removingUserInfo(from: url)
        secrets = options.secrets + headers.compactMap(Redactor.headerValue)
    }

    /// Removes credentials and secret header values from a message of libgit2 or the server.
    func redact(_ text: String) -> String {
        Redactor.redact(text, secrets: secrets)
    }

    /// Points `callbacks` at this session's handlers. The session must outlive the operation.
    func install(into callbacks: inout git_remote_callbacks) {
        unsafe callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        unsafe callbacks.credentials = { credential, url, usernameFromURL, allowedTypes, payload in
            let session = unsafe Unmanaged<RemoteSession>.fromOpaque(payload!).takeUnretainedValue()
            let username = unsafe usernameFromURL.map { unsafe String(cString: $0) }
            return unsafe session.acquireCredential(credential, usernameFromURL: username, allowedTypes: allowedTypes)
        }
        unsafe callbacks.push_update_reference = { reference, status, payload in
            let session = unsafe Unmanaged<RemoteSession>.fromOpaque(payload!).takeUnretainedValue()
            guard let reference = unsafe reference, let status = unsafe status else { return 0 }
            unsafe session.recordRejection(reference: String(cString: reference), reason: String(cString: status))
            return 0
        }
        unsafe callbacks.sideband_progress = { text, length, payload in
            let session = unsafe Unmanaged<RemoteSession>.fromOpaque(payload!).takeUnretainedValue()
            guard let text = unsafe text, length > 0 else { return 0 }
            let bytes = unsafe UnsafeRawBufferPointer(start: text, count: Int(length))
            unsafe session.receiveRemoteText(String(decoding: bytes, as: UTF8.self))
            return 0
        }
    }

    /// Logs what is left of the server's output once the operation is over.
    func finish() {
        flushRemoteText(force: true)
    }

    // MARK: Credentials

    /// Creates the next credential libgit2 requests, or fails once the attempts are spent.
    @unsafe
    private func acquireCredential(
        _ credential: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?,
        usernameFromURL: String?,
        allowedTypes: UInt32
    ) -> Int32 {
        credentialAttempts += 1
        let logger = options.logger.with(["url": displayURL, "attempt": String(credentialAttempts)])
        guard credentialAttempts <= options.maxCredentialAttempts else {
            credentialsExhausted = true
            logger.warning("the remote rejected every credential offered")
            unsafe git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "the remote rejected every credential offered")
            return GIT_EAUTH.rawValue
        }
        let environment = options.environment
        let configuredUser = environment["KEYSHIP_GIT_USERNAME"].flatMap { $0.isEmpty ? nil : $0 }

        if allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            if let token = environment["KEYSHIP_GIT_TOKEN"], !token.isEmpty {
                logger.debug("offering the token from KEYSHIP_GIT_TOKEN")
                let user = configuredUser ?? usernameFromURL ?? "x-access-token"
                return unsafe git_credential_userpass_plaintext_new(credential, user, token)
            }
            if let user = configuredUser, let password = environment["KEYSHIP_GIT_PASSWORD"], !password.isEmpty {
                logger.debug("offering the password from KEYSHIP_GIT_PASSWORD")
                return unsafe git_credential_userpass_plaintext_new(credential, user, password)
            }
        }
        let sshUser = usernameFromURL ?? configuredUser ?? "git"
        if allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            logger.debug("offering the keys of ssh-agent")
            return unsafe git_credential_ssh_key_from_agent(credential, sshUser)
        }
        if allowedTypes & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return unsafe git_credential_username_new(credential, sshUser)
        }
        logger.warning("no credential fits what the remote accepts", ["allowed_types": String(allowedTypes)])
        return GIT_PASSTHROUGH.rawValue
    }

    // MARK: Push status and server output

    private func recordRejection(reference: String, reason: String) {
        let reason = redact(reason)
        rejections.append((reference, reason))
        options.logger.warning("the remote rejected a reference update", [
            "url": displayURL, "reference": reference, "reason": reason,
        ])
    }

    private func receiveRemoteText(_ text: String) {
        pendingRemoteText += text
        flushRemoteText(force: false)
    }

    /// Logs each complete line of server output; progress counters end in a carriage return.
    private func flushRemoteText(force: Bool) {
        while let end = pendingRemoteText.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            let line = String(pendingRemoteText[..<end])
            pendingRemoteText.removeSubrange(...end)
            logRemoteLine(line)
        }
        if force, !pendingRemoteText.isEmpty {
            logRemoteLine(pendingRemoteText)
            pendingRemoteText = ""
        }
    }

    private func logRemoteLine(_ line: String) {
        let trimmed = line.trimmingWhitespace
        guard !trimmed.isEmpty else { return }
        options.logger.info("remote: \(redact(trimmed))", ["url": displayURL])
    }
}

/// Scrubs credentials from text that may be shown or logged.
enum Redactor {
    /// Replaces `user:password@` in `scheme://` URLs and every secret value with `***`.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = removingUserInfo(from: text)
        for secret in secrets where !secret.isEmpty {
            result = result.replacing(secret, with: "***")
        }
        return result
    }

    /// Drops the user-info part (`user:token@`) of every `scheme://` URL in `text`.
    static func removingUserInfo(from text: String) -> String {
        text.replacing(#/([A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s]*@/#) { match in match.output.1 }
    }

    /// Returns the value of a `Name: value` header, which is treated as a secret.
    static func headerValue(_ header: String) -> String? {
        guard let colon = header.firstIndex(of: ":") else { return nil }
        let value = header[header.index(after: colon)...].trimmingWhitespace
        return value.isEmpty ? nil : value
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
