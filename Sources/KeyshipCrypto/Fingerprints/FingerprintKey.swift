public import KeyshipCore

/// The secret that turns licence keys into fingerprints: 32 random bytes, stored in the store as
/// an age file sealed to the store's recipients.
///
/// A fingerprint is HMAC-SHA-256 of the key's bytes under this secret, in lower-case hex. The
/// same licence key always gives the same fingerprint, whatever cell or id it is stored under,
/// and a fingerprint reveals nothing about the key to someone without this secret.
///
/// Surrounding white space is left out of the key before hashing, as `keyship keys import`
/// trims it, so a key sealed by hand with a trailing newline (`echo KEY | age`) has the same
/// fingerprint as the same key imported by keyship.
public final class FingerprintKey: Sendable, CustomStringConvertible {
    /// The size of the secret in bytes.
    public static let size = 32

    private let secret: SecretBytes

    private init(secret: SecretBytes) {
        self.secret = secret
    }

    /// Creates a new secret from the system's secure random source.
    public static func generate() throws(AgeError) -> FingerprintKey {
        try Sodium.ensureReady()
        let secret = unsafe SecretBytes.make(count: size) { buffer in unsafe Sodium.fillRandom(buffer) }
        return FingerprintKey(secret: secret)
    }

    /// Opens the stored secret: one binary age file as single-line base64, like a key cell.
    ///
    /// Throws `FingerprintKeyError.notOpened` when no identity opens the file or it is damaged,
    /// and `.wrongSize` when it does not hold exactly `size` bytes.
    public static func open(_ text: String, with identities: [AgeIdentity]) throws(FingerprintKeyError) -> FingerprintKey {
        let secret: SecretBytes
        do {
            secret = try KeyCell.open(Self.withoutSurroundingWhitespace(text), with: identities)
        } catch {
            throw .notOpened(error)
        }
        guard secret.count == size else { throw .wrongSize(secret.count) }
        return FingerprintKey(secret: secret)
    }

    /// Returns the secret sealed to every recipient, as the single line of base64 to store.
    public func sealed(to recipients: [AgeRecipient]) throws(AgeError) -> String {
        try KeyCell.seal(secret, to: recipients)
    }

    /// Returns the fingerprint of a decrypted licence key.
    public func fingerprint(of key: SecretBytes) -> String {
        unsafe key.withUnsafeBytes { bytes in unsafe fingerprint(ofBytes: bytes) }
    }

    /// Returns the fingerprint of a licence key given as text.
    public func fingerprint(ofKeyText text: String) -> String {
        fingerprint(of: SecretBytes(utf8: text))
    }

    /// Returns true when both hold the same secret, comparing in constant time.
    public func hasSameSecret(as other: FingerprintKey) -> Bool {
        secret.hasSameBytes(as: other.secret)
    }

    public var description: String { "FingerprintKey(redacted)" }

    private func fingerprint(ofBytes bytes: UnsafeRawBufferPointer) -> String {
        let trimmed = unsafe Self.trimmedRange(bytes)
        var digest = [UInt8](repeating: 0, count: Sodium.sha256Size)
        unsafe secret.withUnsafeBytes { key in
            unsafe digest.withUnsafeMutableBytes { output in
                unsafe Sodium.hmacSHA256(
                    key: key, message: [UnsafeRawBufferPointer(rebasing: bytes[trimmed])], into: output)
            }
        }
        return Self.hex(digest)
    }

    /// Returns the range of `bytes` without Unicode white space at either end, as
    /// `String.trimmingWhitespace` drops it at import. Bytes that are not valid UTF-8 count as
    /// text, so trimming stops at them.
    static func trimmedRange(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        var scalars: [(start: Int, end: Int, isWhitespace: Bool)] = []
        var offset = 0
        var decoder = UTF8()
        var iterator = unsafe bytes.makeIterator()
        decoding: while true {
            switch unsafe decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let width = UTF8.width(scalar)
                scalars.append((offset, offset + width, scalar.properties.isWhitespace))
                offset += width
            case .error:
                // The decoder consumed at least one byte; treat the rest as non-white text.
                scalars.append((offset, bytes.count, false))
                break decoding
            case .emptyInput:
                break decoding
            }
        }
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.isWhitespace })
        else { return bytes.count..<bytes.count }
        return scalars[first].start..<scalars[last].end
    }

    /// Returns the file's text without the line break a person's editor or `base64` may add.
    private static func withoutSurroundingWhitespace(_ text: String) -> String {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return String(text[start..<end])
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A failure to open the stored fingerprint key.
public enum FingerprintKeyError: KeyshipError, Equatable {
    /// No identity opens the file, or the file is damaged.
    case notOpened(AgeError)
    /// The file opened but does not hold a 32-byte secret.
    case wrongSize(Int)

    public func text(in language: Language) -> String {
        switch self {
        case .notOpened(let error):
            language.pick(
                es: "no se puede abrir la clave de huellas: \(error.text(in: .es))",
                en: "cannot open the fingerprint key: \(error.text(in: .en))")
        case .wrongSize(let count):
            language.pick(
                es: "la clave de huellas tiene \(count) bytes en lugar de \(FingerprintKey.size); recupera el fichero del historial de git",
                en: "the fingerprint key has \(count) bytes instead of \(FingerprintKey.size); restore the file from git history")
        }
    }
}
