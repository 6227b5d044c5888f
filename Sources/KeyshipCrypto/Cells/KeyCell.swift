/// A licence key as stored in a CSV cell: one binary age file encoded as a single line of
/// standard base64 with padding, so `base64 -d | age -d -i identity` reads it.
public enum KeyCell {
    /// Encrypts `key` to every recipient and returns the cell text.
    public static func seal(_ key: String, to recipients: [AgeRecipient]) throws(AgeError) -> String {
        try seal(SecretBytes(utf8: key), to: recipients)
    }

    /// Encrypts the bytes of `key` to every recipient and returns the cell text.
    public static func seal(_ key: SecretBytes, to recipients: [AgeRecipient]) throws(AgeError) -> String {
        let file = try Age.encrypt(key, to: recipients)
        return Base64.encodeString(file, padded: true)
    }

    /// Decrypts a cell with the first identity that matches it.
    ///
    /// Throws `AgeError.noMatchingIdentity` when the cell was encrypted to none of
    /// `identities`, and the other `AgeError` cases when the cell is damaged.
    public static func open(_ cell: String, with identities: [AgeIdentity]) throws(AgeError) -> SecretBytes {
        try Age.decrypt(decode(cell), with: identities)
    }

    /// Checks that a cell is a well-formed age file without any identity. The check covers
    /// base64, the header grammar and stanza structure, the MAC line, at least one X25519 stanza
    /// (the only kind keyship can open), and a payload of at least a nonce and one tag.
    ///
    /// This is the check for pull requests, which have no access to the identity. It cannot
    /// detect whether the cell was encrypted to the store's recipients, because X25519 stanzas
    /// do not name their recipient.
    public static func validate(_ cell: String) throws(AgeError) {
        let header = try Age.validatedHeader(decode(cell))
        guard header.stanzas.contains(where: { $0.type == X25519Stanza.type }) else {
            throw .invalidHeader(.noX25519Stanza)
        }
    }

    private static func decode(_ cell: String) throws(AgeError) -> [UInt8] {
        guard !cell.isEmpty else { throw .invalidCell(.empty) }
        guard let file = Base64.decode(cell.utf8, padded: true) else { throw .invalidCell(.notBase64) }
        return file
    }
}
