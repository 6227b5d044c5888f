/// Encryption and decryption of age v1 files (the C2SP age format) with X25519 recipients.
///
/// Files are handled whole in memory, in the binary format; `AgeArmor` converts the PEM text
/// format. Decryption follows the format strictly: any deviation from the header grammar,
/// non-canonical base64, a wrong header MAC or a broken STREAM payload is an error.
public enum Age {
    /// Encrypts `plaintext` to every recipient, returning a binary age file.
    public static func encrypt(_ plaintext: UnsafeRawBufferPointer, to recipients: [AgeRecipient]) throws(AgeError) -> [UInt8] {
        try Sodium.ensureReady()
        guard !recipients.isEmpty else { throw .noRecipients }

        let fileKey = AgeFileKey.generate()
        var stanzas: [AgeStanza] = []
        for recipient in recipients {
            try stanzas.append(X25519Stanza.wrap(fileKey, to: recipient))
        }
        var file = AgeHeader.encodeAuthenticatedPart(stanzas)
        let mac = AgeFileKey.headerMAC(fileKey, over: file[...])
        file += AgeHeader.encodeMACSuffix(mac)
        file += unsafe AgePayload.encrypt(plaintext, fileKey: fileKey)
        return file
    }

    /// Encrypts the bytes of `plaintext` to every recipient, returning a binary age file.
    public static func encrypt(_ plaintext: SecretBytes, to recipients: [AgeRecipient]) throws(AgeError) -> [UInt8] {
        try unsafe plaintext.withUnsafeBytes { bytes throws(AgeError) in try unsafe encrypt(bytes, to: recipients) }
    }

    /// Decrypts a binary age file with the first identity that matches one of its stanzas.
    ///
    /// The plaintext is returned only when the whole file is valid; on any error nothing is
    /// returned and the partial plaintext is wiped.
    public static func decrypt(_ file: [UInt8], with identities: [AgeIdentity]) throws(AgeError) -> SecretBytes {
        let opened = try open(file, with: identities)
        let size = AgePayload.plaintextSize(payloadCount: file.count - opened.payloadOffset)
        return try unsafe SecretBytes.make(count: size) { output throws(AgeError) in
            var written = 0
            try unsafe file.withUnsafeBytesTyped { bytes throws(AgeError) in
                let payload = unsafe UnsafeRawBufferPointer(rebasing: bytes[opened.payloadOffset...])
                try unsafe AgePayload.decrypt(payload, fileKey: opened.fileKey) { chunk in
                    unsafe UnsafeMutableRawBufferPointer(rebasing: output[written..<(written + chunk.count)])
                        .copyMemory(from: chunk)
                    written += chunk.count
                }
            }
            precondition(written == size, "the payload layout fixes the plaintext size")
        }
    }

    /// Decrypts a binary age file, handing each authenticated 64 KiB chunk of plaintext to
    /// `release` as soon as it is verified.
    ///
    /// Every chunk that authenticates is released before the next one is read. A broken payload
    /// (a later chunk fails, data follows the final chunk, or the file ends after a full
    /// non-final chunk) therefore throws after some plaintext was released, as in any streaming
    /// decryption. The caller must treat what it received as untrusted until this function
    /// returns normally. The buffer lent to `release` is wiped after each call.
    public static func decrypt(
        _ file: [UInt8], with identities: [AgeIdentity], release: (UnsafeRawBufferPointer) -> Void
    ) throws(AgeError) {
        let opened = try open(file, with: identities)
        try unsafe file.withUnsafeBytesTyped { bytes throws(AgeError) in
            let payload = unsafe UnsafeRawBufferPointer(rebasing: bytes[opened.payloadOffset...])
            try unsafe AgePayload.decrypt(payload, fileKey: opened.fileKey, release: release)
        }
    }

    /// Checks that `file` is a well-formed binary age file without decrypting it: the header
    /// grammar, well-formed X25519 stanzas, the MAC line, the payload nonce and a chunk layout
    /// that can hold at least one tag.
    ///
    /// Neither the MAC nor any chunk can be verified without an identity.
    public static func validate(_ file: [UInt8]) throws(AgeError) {
        _ = try validatedHeader(file)
    }

    /// Validates `file` as `validate(_:)` does and returns its parsed header.
    static func validatedHeader(_ file: [UInt8]) throws(AgeError) -> AgeHeader {
        let header = try AgeHeader.parse(file)
        _ = try checkStanzas(header.stanzas)
        try AgePayload.checkLayout(payloadCount: file.count - header.payloadOffset)
        return header
    }

    /// Returns the X25519 stanzas of a parsed header, after checking the rules that do not
    /// depend on an identity.
    static func checkStanzas(_ stanzas: [AgeStanza]) throws(AgeError) -> [(number: Int, parts: X25519Stanza.Parts)] {
        // A passphrase stanza must stand alone, so that a passphrase-encrypted file cannot also
        // be opened by someone else's key.
        if stanzas.count > 1, stanzas.contains(where: { $0.type == "scrypt" }) {
            throw .invalidHeader(.scryptNotAlone)
        }
        var x25519: [(number: Int, parts: X25519Stanza.Parts)] = []
        for (index, stanza) in stanzas.enumerated() {
            if let parts = try X25519Stanza.parts(of: stanza, number: index + 1) {
                x25519.append((index + 1, parts))
            }
        }
        return x25519
    }

    /// Parses the header, unwraps the file key and verifies the header MAC.
    private static func open(
        _ file: [UInt8], with identities: [AgeIdentity]
    ) throws(AgeError) -> (fileKey: SecretBytes, payloadOffset: Int) {
        try Sodium.ensureReady()
        let header = try AgeHeader.parse(file)
        let stanzas = try checkStanzas(header.stanzas)

        var fileKey: SecretBytes?
        search: for identity in identities {
            for stanza in stanzas {
                if let key = try X25519Stanza.unwrap(stanza.parts, number: stanza.number, with: identity) {
                    fileKey = key
                    break search
                }
            }
        }
        guard let fileKey else { throw .noMatchingIdentity }

        let expected = AgeFileKey.headerMAC(fileKey, over: header.authenticatedBytes)
        let matches = unsafe expected.withUnsafeBytes { left in
            unsafe header.mac.withUnsafeBytes { right in unsafe Sodium.constantTimeEqual(left, right) }
        }
        guard matches else { throw .headerMACMismatch }
        guard file.count - header.payloadOffset >= AgePayload.nonceSize else { throw .invalidHeader(.missingNonce) }
        return (fileKey, header.payloadOffset)
    }
}
