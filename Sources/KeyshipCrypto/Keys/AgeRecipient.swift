/// An age X25519 recipient: the public key that key cells are encrypted to, written `age1...`.
public struct AgeRecipient: Sendable, Hashable, CustomStringConvertible {
    static let humanReadablePart = "age"

    /// The 32-byte X25519 public key.
    let publicKey: [UInt8]

    init(publicKey: [UInt8]) {
        precondition(publicKey.count == Sodium.x25519KeySize)
        self.publicKey = publicKey
    }

    /// Parses an `age1...` recipient (Bech32, all lower or all upper case).
    ///
    /// Text that looks like a secret key is rejected without echoing it in the error.
    public init(parsing text: String) throws(AgeError) {
        if text.uppercased().contains("SECRET-KEY") {
            throw .invalidRecipient(value: "AGE-SECRET-KEY-1…", problem: .secretKey)
        }
        let utf8 = Array(text.utf8)
        let decoded: (humanReadablePart: String, data: [UInt8])
        do {
            decoded = try unsafe utf8.withUnsafeBytesTyped { bytes throws(Bech32.DecodingError) in
                try unsafe Bech32.decode(bytes)
            }
        } catch {
            throw .invalidRecipient(value: text, problem: .notBech32)
        }
        guard decoded.humanReadablePart == Self.humanReadablePart else {
            throw .invalidRecipient(value: text, problem: .wrongType)
        }
        guard decoded.data.count == Sodium.x25519KeySize else {
            throw .invalidRecipient(value: text, problem: .wrongLength)
        }
        self.init(publicKey: decoded.data)
    }

    /// The canonical `age1...` text, in lower case.
    public var encoded: String {
        String(decoding: Bech32.encode(humanReadablePart: Self.humanReadablePart, data: publicKey), as: UTF8.self)
    }

    public var description: String { encoded }
}
