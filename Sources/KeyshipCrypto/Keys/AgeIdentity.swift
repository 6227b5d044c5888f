/// An age X25519 identity: the secret key that opens key cells, written `AGE-SECRET-KEY-1...`.
///
/// The secret scalar lives in `SecretBytes` and is wiped when the last copy of the identity is
/// released. Printing an identity shows only its recipient.
public struct AgeIdentity: Sendable, CustomStringConvertible {
    static let humanReadablePart = "AGE-SECRET-KEY-"

    /// The 32-byte X25519 secret scalar.
    let secretKey: SecretBytes
    /// The public side, for encrypting to this identity.
    public let recipient: AgeRecipient

    init(secretKey: SecretBytes) {
        precondition(secretKey.count == Sodium.x25519KeySize)
        self.secretKey = secretKey
        var publicKey = [UInt8](repeating: 0, count: Sodium.x25519KeySize)
        unsafe secretKey.withUnsafeBytes { scalar in
            unsafe publicKey.withUnsafeMutableBytes { output in unsafe Sodium.x25519Base(scalar: scalar, into: output) }
        }
        self.recipient = AgeRecipient(publicKey: publicKey)
    }

    /// Generates a new identity from the system's secure random source.
    public static func generate() throws(AgeError) -> AgeIdentity {
        try Sodium.ensureReady()
        let secretKey = unsafe SecretBytes.make(count: Sodium.x25519KeySize) { unsafe Sodium.fillRandom($0) }
        return AgeIdentity(secretKey: secretKey)
    }

    /// Parses one `AGE-SECRET-KEY-1...` identity (Bech32, all upper or all lower case).
    ///
    /// The `String` cannot be wiped; read identities from files with `parseIdentities(bytes:)`
    /// where possible.
    public init(parsing text: String) throws(AgeError) {
        var utf8 = Array(text.utf8)
        defer { Sodium.wipe(&utf8) }
        self = try unsafe utf8.withUnsafeBytesTyped { bytes throws(AgeError) in
            try unsafe AgeIdentity(parsing: bytes, line: nil)
        }
    }

    /// Parses one identity from ASCII bytes; `line` only labels errors.
    init(parsing bytes: UnsafeRawBufferPointer, line: Int?) throws(AgeError) {
        try Sodium.ensureReady()
        var decoded: (humanReadablePart: String, data: [UInt8])
        do {
            decoded = try unsafe Bech32.decode(bytes)
        } catch {
            throw .invalidIdentity(line: line, problem: .notBech32)
        }
        defer { Sodium.wipe(&decoded.data) }
        guard decoded.humanReadablePart == Self.humanReadablePart.lowercased() else {
            throw .invalidIdentity(line: line, problem: .wrongType)
        }
        guard decoded.data.count == Sodium.x25519KeySize else {
            throw .invalidIdentity(line: line, problem: .wrongLength)
        }
        let secretKey = unsafe decoded.data.withUnsafeBytes { unsafe SecretBytes(copying: $0) }
        self.init(secretKey: secretKey)
    }

    /// Parses identity text as `age-keygen` writes it: one identity per line, with `#` comment
    /// lines and blank lines skipped. Surrounding spaces, tabs and a trailing CR are ignored on
    /// each line, so text pasted into an environment variable parses too.
    ///
    /// Returns an empty list when the text contains no identity.
    public static func parseIdentities(_ text: String) throws(AgeError) -> [AgeIdentity] {
        var utf8 = Array(text.utf8)
        defer { Sodium.wipe(&utf8) }
        return try unsafe utf8.withUnsafeBytesTyped { bytes throws(AgeError) in try unsafe parseIdentities(bytes: bytes) }
    }

    /// Parses identity text held in `bytes`; see `parseIdentities(_:)`.
    public static func parseIdentities(bytes: UnsafeRawBufferPointer) throws(AgeError) -> [AgeIdentity] {
        var identities: [AgeIdentity] = []
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, unsafe bytes[lineEnd] != 0x0A { lineEnd += 1 }
            lineNumber += 1

            var first = lineStart
            var last = lineEnd
            while first < last, unsafe isBlank(bytes[first]) { first += 1 }
            while last > first, unsafe isBlank(bytes[last - 1]) { last -= 1 }
            if first < last, unsafe bytes[first] != UInt8(ascii: "#") {
                let line = unsafe UnsafeRawBufferPointer(rebasing: bytes[first..<last])
                try unsafe identities.append(AgeIdentity(parsing: line, line: lineNumber))
            }
            lineStart = lineEnd + 1
        }
        return identities
    }

    /// Encodes the identity as `AGE-SECRET-KEY-1...` text, in upper case as `age-keygen` writes
    /// it, into `SecretBytes`, so that the caller can write it to a file and have it wiped.
    public func encodedSecretKey() -> SecretBytes {
        var data = unsafe secretKey.withUnsafeBytes { unsafe Array($0) }
        defer { Sodium.wipe(&data) }
        var text = Bech32.encode(humanReadablePart: Self.humanReadablePart, data: data, uppercase: true)
        defer { Sodium.wipe(&text) }
        return unsafe text.withUnsafeBytes { unsafe SecretBytes(copying: $0) }
    }

    public var description: String { "AgeIdentity(recipient: \(recipient.encoded))" }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
