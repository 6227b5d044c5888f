/// The native X25519 recipient stanza: `-> X25519 <share>` with the wrapped file key as body.
///
///     shared secret = X25519(ephemeral secret, recipient)
///     wrap key      = HKDF-SHA-256(ikm = shared secret, salt = share || recipient,
///                                  info = "age-encryption.org/v1/X25519")
///     body          = ChaCha20-Poly1305(wrap key, nonce = 12 zero bytes, file key)
enum X25519Stanza {
    static let type = "X25519"
    static let label = "age-encryption.org/v1/X25519"
    static let bodySize = AgeFileKey.size + Sodium.tagSize

    /// The parts of a well-formed X25519 stanza.
    struct Parts {
        var share: [UInt8]
        var body: [UInt8]
    }

    /// Returns the share and body of an X25519 stanza, or nil for a stanza of another type.
    /// Throws when an X25519 stanza is malformed, naming it by `number` (from 1).
    ///
    /// The body length is checked before any decryption, as age requires. This keeps a wrong
    /// length from being used to probe which identity a file was encrypted to.
    static func parts(of stanza: AgeStanza, number: Int) throws(AgeError) -> Parts? {
        guard stanza.type == type else { return nil }
        guard stanza.arguments.count == 2,
              let share = Base64.decode(stanza.arguments[1].utf8, padded: false),
              share.count == Sodium.x25519KeySize,
              stanza.body.count == bodySize
        else { throw .invalidHeader(.invalidX25519Stanza(stanza: number)) }
        return Parts(share: share, body: stanza.body)
    }

    /// Wraps `fileKey` for `recipient` with a fresh ephemeral key.
    static func wrap(_ fileKey: SecretBytes, to recipient: AgeRecipient) throws(AgeError) -> AgeStanza {
        let ephemeralSecret = unsafe SecretBytes.make(count: Sodium.x25519KeySize) { unsafe Sodium.fillRandom($0) }
        var share = [UInt8](repeating: 0, count: Sodium.x25519KeySize)
        unsafe ephemeralSecret.withUnsafeBytes { scalar in
            unsafe share.withUnsafeMutableBytes { unsafe Sodium.x25519Base(scalar: scalar, into: $0) }
        }

        let sharedSecret = try unsafe SecretBytes.make(count: Sodium.x25519KeySize) { output throws(AgeError) in
            let isUsable = unsafe ephemeralSecret.withUnsafeBytes { scalar in
                unsafe recipient.publicKey.withUnsafeBytes { point in
                    unsafe Sodium.x25519(scalar: scalar, point: point, into: output)
                }
            }
            guard isUsable else { throw .invalidRecipient(value: recipient.encoded, problem: .lowOrderPoint) }
        }
        let wrapKey = deriveWrapKey(sharedSecret: sharedSecret, share: share, recipient: recipient)

        var body = [UInt8](repeating: 0, count: bodySize)
        unsafe wrapKey.withUnsafeBytes { key in
            unsafe fileKey.withUnsafeBytes { plaintext in
                unsafe zeroNonce.withUnsafeBytes { nonce in
                    unsafe body.withUnsafeMutableBytes { output in
                        unsafe Sodium.chachaSeal(key: key, nonce: nonce, plaintext: plaintext, into: output)
                    }
                }
            }
        }
        return AgeStanza(arguments: [type, Base64.encodeString(share, padded: false)], body: body)
    }

    /// Unwraps the file key from a well-formed stanza's `parts` with `identity`.
    ///
    /// Returns nil when the stanza was not encrypted to this identity, and throws when the
    /// share is a low-order point, which age requires to abort the whole decryption.
    static func unwrap(_ parts: Parts, number: Int, with identity: AgeIdentity) throws(AgeError) -> SecretBytes? {
        let sharedSecret = try unsafe SecretBytes.make(count: Sodium.x25519KeySize) { output throws(AgeError) in
            let isUsable = unsafe identity.secretKey.withUnsafeBytes { scalar in
                unsafe parts.share.withUnsafeBytes { point in
                    unsafe Sodium.x25519(scalar: scalar, point: point, into: output)
                }
            }
            guard isUsable else { throw .invalidHeader(.lowOrderX25519Share(stanza: number)) }
        }
        let wrapKey = deriveWrapKey(sharedSecret: sharedSecret, share: parts.share, recipient: identity.recipient)

        var opened = false
        let fileKey = unsafe SecretBytes.make(count: AgeFileKey.size) { output in
            opened = unsafe wrapKey.withUnsafeBytes { key in
                unsafe zeroNonce.withUnsafeBytes { nonce in
                    unsafe parts.body.withUnsafeBytes { ciphertext in
                        unsafe Sodium.chachaOpen(key: key, nonce: nonce, ciphertext: ciphertext, into: output)
                    }
                }
            }
        }
        return opened ? fileKey : nil
    }

    private static let zeroNonce = [UInt8](repeating: 0, count: Sodium.chachaNonceSize)

    private static func deriveWrapKey(sharedSecret: SecretBytes, share: [UInt8], recipient: AgeRecipient) -> SecretBytes {
        let salt = share + recipient.publicKey
        return unsafe SecretBytes.make(count: Sodium.chachaKeySize) { output in
            unsafe sharedSecret.withUnsafeBytes { inputKey in
                unsafe salt.withUnsafeBytes { saltBytes in
                    unsafe Sodium.hkdfSHA256(inputKey: inputKey, salt: saltBytes, info: Array(label.utf8), into: output)
                }
            }
        }
    }
}
