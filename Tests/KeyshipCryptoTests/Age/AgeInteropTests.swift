import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing

/// Checks our age files against the reference `age` and `age-keygen` tools, both ways.
@Suite(.enabled(if: ProcessRunner.isAvailable("age") && ProcessRunner.isAvailable("age-keygen"), "age is not installed"))
struct AgeInteropTests {
    static let sizes = [0, 5, 65_536, 70_000]

    static func plaintext(size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 7) }
    }

    /// Generates an identity file with `age-keygen` and returns its path and our parse of it.
    private func ageKeygenIdentity(in scratch: ScratchDirectory) throws -> (path: String, identity: AgeIdentity) {
        let path = scratch.url("age-keygen.txt").path
        let result = try ProcessRunner.run("age-keygen", ["-o", path])
        #expect(result.status == 0, "age-keygen failed: \(result.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let identities = try AgeIdentity.parseIdentities(text)
        #expect(identities.count == 1)
        return (path, try #require(identities.first))
    }

    @Test func ageKeygenIdentityParses() throws {
        let scratch = try ScratchDirectory("interop")
        let (path, identity) = try ageKeygenIdentity(in: scratch)
        let recipient = try ProcessRunner.run("age-keygen", ["-y", path])
        #expect(recipient.status == 0)
        #expect(recipient.stdout.trimmingCharacters(in: .newlines) == identity.recipient.encoded)
    }

    @Test(arguments: sizes)
    func ourFileDecryptsWithAge(size: Int) throws {
        let scratch = try ScratchDirectory("interop")
        let (path, identity) = try ageKeygenIdentity(in: scratch)
        let plaintext = Self.plaintext(size: size)
        let file = try plaintext.withUnsafeBytes { try Age.encrypt($0, to: [identity.recipient]) }

        let result = try ProcessRunner.run("age", ["-d", "-i", path], stdin: Data(file))
        #expect(result.status == 0, "age -d failed: \(result.stderr)")
        #expect(Array(result.stdoutData) == plaintext)
    }

    @Test(arguments: sizes)
    func ageFileDecryptsWithUs(size: Int) throws {
        let identity = try AgeIdentity.generate()
        let plaintext = Self.plaintext(size: size)
        let result = try ProcessRunner.run("age", ["-r", identity.recipient.encoded], stdin: Data(plaintext))
        #expect(result.status == 0, "age -r failed: \(result.stderr)")
        #expect(try Age.decrypt(Array(result.stdoutData), with: [identity]).testBytes == plaintext)
    }

    @Test func armoredAgeFileDecryptsWithUs() throws {
        let identity = try AgeIdentity.generate()
        let plaintext = Self.plaintext(size: 3000)
        let result = try ProcessRunner.run("age", ["-a", "-r", identity.recipient.encoded], stdin: Data(plaintext))
        #expect(result.status == 0, "age -a failed: \(result.stderr)")
        let file = try AgeArmor.decode(Array(result.stdoutData))
        #expect(try Age.decrypt(file, with: [identity]).testBytes == plaintext)
        #expect(AgeArmor.encode(file) == result.stdout)
    }

    @Test func multiRecipientAgeFileDecryptsWithEachIdentity() throws {
        let identities = try (0..<3).map { _ in try AgeIdentity.generate() }
        let arguments = identities.flatMap { ["-r", $0.recipient.encoded] }
        let result = try ProcessRunner.run("age", arguments, stdin: Data("KEY-FOR-THREE".utf8))
        #expect(result.status == 0, "age failed: \(result.stderr)")
        for identity in identities {
            #expect(try Age.decrypt(Array(result.stdoutData), with: [identity]).utf8String() == "KEY-FOR-THREE")
        }
    }

    @Test func ourIdentityFileWorksWithAge() throws {
        let scratch = try ScratchDirectory("interop")
        let identity = try AgeIdentity.generate()
        let contents = IdentityFile.contents(for: identity, createdAt: Timestamp(secondsSinceEpoch: 1_796_379_300))
        let path = try scratch.write("keyship-identity.txt", contents.withUnsafeBytes { Data($0) }).path

        let recipient = try ProcessRunner.run("age-keygen", ["-y", path])
        #expect(recipient.status == 0, "age-keygen -y failed: \(recipient.stderr)")
        #expect(recipient.stdout == identity.recipient.encoded + "\n")

        let cell = try KeyCell.seal("W269N-WFGWX-YVC9B-4J6C9-T83GX", to: [identity.recipient])
        let result = try ProcessRunner.run("/bin/sh", ["-c", "base64 -d | age -d -i \"$0\"", path], stdin: Data(cell.utf8))
        #expect(result.status == 0, "base64 -d | age -d failed: \(result.stderr)")
        #expect(result.stdout == "W269N-WFGWX-YVC9B-4J6C9-T83GX")
    }

    @Test func ageRejectsOurTamperedFileToo() throws {
        let scratch = try ScratchDirectory("interop")
        let (path, identity) = try ageKeygenIdentity(in: scratch)
        var file = try Age.encrypt(SecretBytes(utf8: "KEY"), to: [identity.recipient])
        file[file.count - 1] ^= 0x01
        let result = try ProcessRunner.run("age", ["-d", "-i", path], stdin: Data(file))
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
    }
}
