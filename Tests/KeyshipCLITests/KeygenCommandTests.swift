import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing

@Suite struct KeygenCommandTests {
    @Test func writesPrivateIdentityFile() async throws {
        let scratch = try ScratchDirectory("keygen")
        let result = await CLIHarness.run(["keygen", "id.txt", "--lang", "en"], environment: [:], in: scratch.url)
        #expect(result.exitCode == .success)
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.url("id.txt").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOf: scratch.url("id.txt"), encoding: .utf8)
        let identities = try AgeIdentity.parseIdentities(text)
        #expect(identities.count == 1)
        let recipient = try #require(identities.first?.recipient.encoded)
        #expect(result.output.contains("Recipient: \(recipient)"))
        #expect(!result.output.contains("AGE-SECRET-KEY"))
    }

    @Test func neverOverwrites() async throws {
        let scratch = try ScratchDirectory("keygen")
        try scratch.write("id.txt", "existing")
        let result = await CLIHarness.run(["keygen", "id.txt", "--lang", "es"], environment: [:], in: scratch.url)
        #expect(result.exitCode == .failure)
        #expect(result.errors == "error: \(scratch.url("id.txt").path) ya existe; keyship no sobrescribe identidades, elige otro nombre\n")
        #expect(try String(contentsOf: scratch.url("id.txt"), encoding: .utf8) == "existing")
    }

    @Test func missingFileArgumentIsUsageError() async {
        let result = await CLIHarness.run(["keygen", "--lang", "en"], environment: [:])
        #expect(result.exitCode == .usage)
        #expect(result.errors == "error: missing argument FILE; run keyship keygen --help\n")
    }
}
