import KeyshipCrypto
import Testing

@Suite struct SecretBytesTests {
    @Test func utf8StringRoundTrip() {
        let secret = SecretBytes(utf8: "XXXXX-YYYYY-ZZZZZ-ÁÉÍÓÚ")
        #expect(secret.count == 28)
        #expect(secret.utf8String() == "XXXXX-YYYYY-ZZZZZ-ÁÉÍÓÚ")
    }

    @Test func invalidUTF8GivesNil() {
        let bytes: [UInt8] = [0x41, 0xFF, 0x42]
        let secret = bytes.withUnsafeBytes { SecretBytes(copying: $0) }
        #expect(secret.utf8String() == nil)
        #expect(secret.testBytes == bytes)
    }

    @Test func descriptionIsRedacted() {
        let secret = SecretBytes(utf8: "ABCDE-12345")
        #expect("\(secret)" == "SecretBytes(11 bytes, redacted)")
    }

    @Test func sameBytesComparison() {
        #expect(SecretBytes(utf8: "abc").hasSameBytes(as: SecretBytes(utf8: "abc")))
        #expect(!SecretBytes(utf8: "abc").hasSameBytes(as: SecretBytes(utf8: "abd")))
        #expect(!SecretBytes(utf8: "abc").hasSameBytes(as: SecretBytes(utf8: "abcd")))
        #expect(SecretBytes(utf8: "").hasSameBytes(as: SecretBytes(utf8: "")))
    }
}
