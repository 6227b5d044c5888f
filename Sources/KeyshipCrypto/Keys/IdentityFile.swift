public import KeyshipCore

/// The text of an identity file in the format `age-keygen` writes, for `keyship keygen`.
public enum IdentityFile {
    /// Returns the file contents for `identity`:
    ///
    ///     # created: 2026-12-04T10:15:00Z
    ///     # public key: age1...
    ///     AGE-SECRET-KEY-1...
    ///
    /// The text contains the secret key, so it comes as `SecretBytes`. Write it to a file with
    /// mode 0600 and let the value go.
    public static func contents(for identity: AgeIdentity, createdAt: Timestamp) -> SecretBytes {
        let comments = "# created: \(createdAt.iso)\n# public key: \(identity.recipient.encoded)\n"
        let secretKey = identity.encodedSecretKey()
        let commentBytes = Array(comments.utf8)
        return unsafe SecretBytes.make(count: commentBytes.count + secretKey.count + 1) { output in
            unsafe commentBytes.withUnsafeBytes { unsafe output.copyMemory(from: $0) }
            unsafe secretKey.withUnsafeBytes { key in
                unsafe UnsafeMutableRawBufferPointer(rebasing: output[commentBytes.count...]).copyMemory(from: key)
            }
            unsafe output[output.count - 1] = 0x0A
        }
    }
}
