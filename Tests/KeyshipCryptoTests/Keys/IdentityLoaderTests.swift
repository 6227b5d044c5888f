import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing

@Suite struct IdentityLoaderTests {
    static let specIdentity = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
    static let specRecipient = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"

    @Test func neitherVariableGivesNil() throws {
        #expect(try IdentityLoader.load(environment: [:]) == nil)
        #expect(try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY": "", "KEYSHIP_IDENTITY_FILE": ""]) == nil)
    }

    @Test func inlineIdentityText() throws {
        let second = try AgeIdentity.generate()
        let text = "# public key: \(Self.specRecipient)\n\(Self.specIdentity)\n\(try #require(second.encodedSecretKey().utf8String()))\n"
        let identities = try #require(try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY": text]))
        #expect(identities.map(\.recipient.encoded) == [Self.specRecipient, second.recipient.encoded])
    }

    @Test func identityFile() throws {
        let scratch = try ScratchDirectory("identity")
        let file = try scratch.write("keys.txt", "# created: 2026-12-04T10:15:00Z\n\(Self.specIdentity)\n")
        let identities = try #require(try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY_FILE": file.path]))
        #expect(identities.map(\.recipient.encoded) == [Self.specRecipient])
    }

    @Test func bothVariablesAreRejected() throws {
        let error = #expect(throws: IdentityLoadError.self) {
            try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY": Self.specIdentity, "KEYSHIP_IDENTITY_FILE": "/x"])
        }
        #expect(error == .bothVariablesSet)
        #expect(error?.text(in: .en) == "Both KEYSHIP_IDENTITY and KEYSHIP_IDENTITY_FILE are set. Set only one of them.")
        #expect(
            error?.text(in: .es) == "KEYSHIP_IDENTITY y KEYSHIP_IDENTITY_FILE están definidas a la vez. Define solo una de las dos.")
    }

    @Test func missingFileNamesPath() throws {
        let scratch = try ScratchDirectory("identity")
        let path = scratch.url("absent.txt").path
        let error = #expect(throws: IdentityLoadError.self) {
            try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY_FILE": path])
        }
        #expect(error == .unreadableFile(path: path, problem: .notFound))
        #expect(
            error?.text(in: .en)
                == "Cannot read the identity file \(path) (named by KEYSHIP_IDENTITY_FILE): it does not exist. "
                + "Check the path and the file's permissions.")
        #expect(
            error?.text(in: .es)
                == "No se puede leer el fichero de identidades \(path) (indicado por KEYSHIP_IDENTITY_FILE): no existe. "
                + "Comprueba la ruta y los permisos del fichero.")
    }

    @Test func directoryIsRejected() throws {
        let scratch = try ScratchDirectory("identity")
        #expect(throws: IdentityLoadError.unreadableFile(path: scratch.path, problem: .isDirectory)) {
            try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY_FILE": scratch.path])
        }
    }

    @Test func oversizedFileIsRejected() throws {
        let scratch = try ScratchDirectory("identity")
        let file = try scratch.write("big.txt", String(repeating: "#", count: IdentityLoader.maximumFileSize + 1))
        #expect(throws: IdentityLoadError.unreadableFile(path: file.path, problem: .tooLarge(limit: 65_536))) {
            try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY_FILE": file.path])
        }
    }

    @Test func commentsOnlyIsNoIdentity() throws {
        let error = #expect(throws: IdentityLoadError.self) {
            try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY": "# created: today\n\n"])
        }
        #expect(error == .noIdentity(source: .environment))
        #expect(
            error?.text(in: .en)
                == "The variable KEYSHIP_IDENTITY contains no age identity, only comments or blank lines. "
                + "Add the AGE-SECRET-KEY-1... line written by keyship keygen or age-keygen.")
    }

    @Test func invalidLineNamesSourceAndLineWithoutSecret() throws {
        let scratch = try ScratchDirectory("identity")
        let broken = String(Self.specIdentity.dropLast()) + "Y"
        let file = try scratch.write("keys.txt", "# comment\n\(Self.specIdentity)\n\(broken)\n")
        let error = #expect(throws: IdentityLoadError.self) {
            try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY_FILE": file.path])
        }
        #expect(error == .invalidIdentity(source: .file(path: file.path), line: 3, problem: .notBech32))
        #expect(
            error?.text(in: .en)
                == "Line 3 of the file \(file.path) (named by KEYSHIP_IDENTITY_FILE) is not a valid age identity: "
                + "it is not Bech32 (check for typos, missing characters or mixed case). "
                + "Use the AGE-SECRET-KEY-1... line written by keyship keygen or age-keygen.")
        #expect(error?.text(in: .es).contains("GFPYYSJZ") == false)
    }

    @Test func recipientInPlaceOfIdentity() throws {
        #expect(throws: IdentityLoadError.invalidIdentity(source: .environment, line: 1, problem: .wrongType)) {
            try IdentityLoader.load(environment: ["KEYSHIP_IDENTITY": Self.specRecipient])
        }
    }
}
