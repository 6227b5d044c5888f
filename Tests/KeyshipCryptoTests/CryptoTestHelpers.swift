import CSodium
import Foundation
import KeyshipCrypto

/// Returns the lower-case hex SHA-256 of `bytes`, computed with libsodium.
func sha256Hex(_ bytes: [UInt8]) -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    _ = crypto_hash_sha256(&digest, bytes, UInt64(bytes.count))
    return hex(digest)
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

func bytes(fromHex text: String) -> [UInt8] {
    var output: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        output.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return output
}

extension SecretBytes {
    /// Copies the bytes out, for assertions in tests only.
    var testBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

/// Decrypts `file` with the streaming API, returning the released plaintext and the error.
func streamDecrypt(_ file: [UInt8], with identities: [AgeIdentity]) -> (released: [UInt8], error: AgeError?) {
    var released: [UInt8] = []
    do {
        try Age.decrypt(file, with: identities) { chunk in released += chunk }
        return (released, nil)
    } catch {
        return (released, error)
    }
}
