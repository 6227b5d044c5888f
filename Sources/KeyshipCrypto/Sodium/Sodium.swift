internal import CSodium

/// Whether `sodium_init` succeeded; Swift runs this global's initialiser once, on first use,
/// and thread-safely.
private let sodiumIsReady: Bool = sodium_init() >= 0

/// The libsodium primitives age needs, on raw buffers.
///
/// Callers pass buffers of the documented sizes; a wrong size is a programming error and traps.
/// HKDF is built here on HMAC-SHA-256 because Debian's libsodium 1.0.18 has no HKDF.
enum Sodium {
    static let x25519KeySize = 32
    static let chachaKeySize = 32
    static let chachaNonceSize = 12
    static let tagSize = 16
    static let sha256Size = 32

    /// Initialises libsodium on first use and throws when it cannot start, which happens only
    /// when the system offers no secure random source.
    static func ensureReady() throws(AgeError) {
        guard sodiumIsReady else { throw AgeError.cryptoLibraryUnavailable }
    }

    /// Fills `buffer` with bytes from the system's secure random source.
    static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        unsafe randombytes_buf(base, buffer.count)
    }

    /// Overwrites `buffer` with zeros in a way the compiler cannot remove.
    static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        unsafe sodium_memzero(base, buffer.count)
    }

    /// Overwrites an array's storage with zeros; used for temporaries that held secret bytes.
    static func wipe(_ bytes: inout [UInt8]) {
        unsafe bytes.withUnsafeMutableBytes { unsafe wipe($0) }
    }

    /// Compares two buffers in time that does not depend on their contents.
    static func constantTimeEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        return unsafe sodium_memcmp(left, right, lhs.count) == 0
    }

    /// Returns true when every byte of `buffer` is zero, in constant time.
    static func isAllZero(_ buffer: UnsafeRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        return unsafe sodium_is_zero(base.assumingMemoryBound(to: UInt8.self), buffer.count) == 1
    }

    /// Writes X25519(scalar, basepoint), the public key of `scalar`, into `output` (32 bytes).
    static func x25519Base(scalar: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(scalar.count == x25519KeySize && output.count == x25519KeySize)
        _ = unsafe crypto_scalarmult_curve25519_base(bytes(output), bytes(scalar))
    }

    /// Writes X25519(scalar, point) into `output` (32 bytes).
    ///
    /// Returns false when the result is all zeros (a low-order `point`); `output` is then zeroed.
    static func x25519(
        scalar: UnsafeRawBufferPointer, point: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        precondition(scalar.count == x25519KeySize && point.count == x25519KeySize && output.count == x25519KeySize)
        // libsodium 1.0.18 returns -1 for a low-order point without writing `output`. The explicit
        // zero check keeps the rule visible and independent of that detail.
        let status = unsafe crypto_scalarmult_curve25519(bytes(output), bytes(scalar), bytes(point))
        guard status == 0, unsafe !isAllZero(UnsafeRawBufferPointer(output)) else {
            unsafe wipe(output)
            return false
        }
        return true
    }

    /// Writes HMAC-SHA-256 over the concatenation of `message` parts into `output` (32 bytes).
    static func hmacSHA256(
        key: UnsafeRawBufferPointer, message: [UnsafeRawBufferPointer], into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(output.count == sha256Size)
        var state = crypto_auth_hmacsha256_state()
        defer { unsafe withUnsafeMutableBytes(of: &state) { unsafe wipe($0) } }
        _ = unsafe crypto_auth_hmacsha256_init(&state, bytes(key), key.count)
        for unsafe part in unsafe message where part.count > 0 {
            _ = unsafe crypto_auth_hmacsha256_update(&state, bytes(part), UInt64(part.count))
        }
        _ = unsafe crypto_auth_hmacsha256_final(&state, bytes(output))
    }

    /// Writes 32 bytes of HKDF-SHA-256 (RFC 5869) output into `output`.
    ///
    /// With a 32-byte output, HKDF-Expand needs one block: T(1) = HMAC(PRK, info || 0x01).
    static func hkdfSHA256(
        inputKey: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer, info: [UInt8],
        into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(output.count == sha256Size)
        let pseudorandomKey = UnsafeMutableRawBufferPointer.allocate(byteCount: sha256Size, alignment: 1)
        defer {
            unsafe wipe(pseudorandomKey)
            unsafe pseudorandomKey.deallocate()
        }
        // An empty salt is HMAC's empty key, which RFC 2104 pads with zeros exactly as
        // RFC 5869's default salt of HashLen zero bytes would be.
        unsafe hmacSHA256(key: salt, message: [inputKey], into: pseudorandomKey)
        let infoBytes = info + [0x01]
        unsafe infoBytes.withUnsafeBytes { infoBuffer in
            unsafe hmacSHA256(key: UnsafeRawBufferPointer(pseudorandomKey), message: [infoBuffer], into: output)
        }
    }

    /// Encrypts `plaintext` with ChaCha20-Poly1305 (RFC 7539), without associated data, into
    /// `output` of `plaintext.count + 16` bytes.
    static func chachaSeal(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, plaintext: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(key.count == chachaKeySize && nonce.count == chachaNonceSize)
        precondition(output.count == plaintext.count + tagSize)
        _ = unsafe crypto_aead_chacha20poly1305_ietf_encrypt(
            bytes(output), nil, bytes(plaintext), UInt64(plaintext.count), nil, 0, nil, bytes(nonce), bytes(key))
    }

    /// Decrypts and authenticates `ciphertext` (at least 16 bytes) into `output` of
    /// `ciphertext.count - 16` bytes.
    ///
    /// Returns false when authentication fails; `output` is then zeroed.
    static func chachaOpen(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, ciphertext: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        precondition(key.count == chachaKeySize && nonce.count == chachaNonceSize)
        precondition(ciphertext.count >= tagSize && output.count == ciphertext.count - tagSize)
        let status = unsafe crypto_aead_chacha20poly1305_ietf_decrypt(
            bytes(output), nil, nil, bytes(ciphertext), UInt64(ciphertext.count), nil, 0, bytes(nonce), bytes(key))
        guard status == 0 else {
            unsafe wipe(output)
            return false
        }
        return true
    }

    /// Returns the SHA-256 digest of `data`.
    static func sha256(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: sha256Size)
        unsafe digest.withUnsafeMutableBytes { output in
            _ = unsafe crypto_hash_sha256(bytes(output), bytes(data), UInt64(data.count))
        }
        return digest
    }

    /// Returns the buffer's start as the `unsigned char *` libsodium takes.
    ///
    /// Empty Swift buffers may have no base address, and several libsodium parameters are
    /// declared `nonnull`, so an empty buffer maps to a pointer to a static byte that is never
    /// read or written (libsodium reads zero bytes from it).
    private static func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
        guard let base = buffer.baseAddress else { return unsafe UnsafePointer(emptyPlaceholder) }
        return unsafe base.assumingMemoryBound(to: UInt8.self)
    }

    private static func bytes(_ buffer: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<UInt8> {
        guard let base = buffer.baseAddress else { return unsafe emptyPlaceholder }
        return unsafe base.assumingMemoryBound(to: UInt8.self)
    }

    /// A one-byte buffer whose address is passed for empty buffers. libsodium reads and writes
    /// zero bytes through it, so sharing it between threads is safe despite `nonisolated(unsafe)`.
    private nonisolated(unsafe) static let emptyPlaceholder: UnsafeMutablePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        unsafe pointer.initialize(to: 0)
        return unsafe pointer
    }()
}
