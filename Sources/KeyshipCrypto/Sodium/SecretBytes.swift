/// Bytes that must not outlive their use, such as a decrypted licence key or an identity's
/// secret scalar.
///
/// The buffer is heap memory owned by this object and overwritten with `sodium_memzero` when the
/// object is released. Bytes are lent only through `withUnsafeBytes`; printing the value shows
/// its size, never its contents.
@safe public final class SecretBytes: @unchecked Sendable, CustomStringConvertible {
    // @safe: the raw buffer never escapes except through `withUnsafeBytes`, which lends it for
    // the duration of a call.
    // @unchecked Sendable: the buffer is written only inside the static factory, before the
    // object exists, and is read-only for the rest of its life until `deinit`.
    private let storage: UnsafeMutableRawBufferPointer

    /// The number of bytes.
    public let count: Int

    private init(adopting storage: UnsafeMutableRawBufferPointer) {
        unsafe self.storage = storage
        self.count = storage.count
    }

    deinit {
        unsafe Sodium.wipe(storage)
        unsafe storage.deallocate()
    }

    /// Creates a buffer of `count` bytes that `fill` writes once.
    ///
    /// When `fill` throws, the buffer is wiped and freed before the error propagates.
    static func make<Failure: Error>(
        count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws(Failure) -> Void
    ) throws(Failure) -> SecretBytes {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 0), alignment: 1)
        unsafe storage.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            try unsafe fill(storage)
        } catch {
            unsafe Sodium.wipe(storage)
            unsafe storage.deallocate()
            throw error
        }
        return unsafe SecretBytes(adopting: storage)
    }

    /// Copies `bytes` into a new buffer; the caller remains responsible for wiping the source.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        unsafe storage.copyMemory(from: bytes)
        unsafe self.init(adopting: storage)
    }

    /// Copies the UTF-8 bytes of `text`.
    ///
    /// The `String` itself cannot be wiped, so prefer keeping secrets in `SecretBytes` from the
    /// moment they are read.
    public convenience init(utf8 text: String) {
        var text = text
        let storage = text.withUTF8 { utf8 in
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: utf8.count, alignment: 1)
            unsafe storage.copyMemory(from: UnsafeRawBufferPointer(utf8))
            return unsafe storage
        }
        unsafe self.init(adopting: storage)
    }

    /// Lends the bytes to `body`; the pointer is valid only during the call.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try unsafe body(UnsafeRawBufferPointer(storage))
    }

    /// Returns the bytes as a `String` when they are valid UTF-8, and nil otherwise.
    ///
    /// Call this only where the text must leave as text (a message to a buyer): a `String`
    /// cannot be wiped and lives until Swift frees it.
    public func utf8String() -> String? {
        unsafe withUnsafeBytes { bytes in
            unsafe String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self)
        }
    }

    /// Returns true when both hold the same bytes, comparing in constant time.
    public func hasSameBytes(as other: SecretBytes) -> Bool {
        unsafe withUnsafeBytes { left in
            unsafe other.withUnsafeBytes { right in unsafe Sodium.constantTimeEqual(left, right) }
        }
    }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
}
