import KeyshipCore
import KeyshipCrypto
import Testing

@Suite struct IdentityFileTests {
    @Test func writesAgeKeygenFormat() throws {
        let identity = try AgeIdentity(
            parsing: "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX")
        let created = try #require(Timestamp(iso: "2026-12-04T10:15:00Z"))
        let contents = IdentityFile.contents(for: identity, createdAt: created)
        #expect(
            contents.utf8String() == """
                # created: 2026-12-04T10:15:00Z
                # public key: age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj
                AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX

                """)
    }

    @Test func generatedFileParsesBack() throws {
        let identity = try AgeIdentity.generate()
        let contents = IdentityFile.contents(for: identity, createdAt: Timestamp(secondsSinceEpoch: 0))
        let parsed = try contents.withUnsafeBytes { try AgeIdentity.parseIdentities(bytes: $0) }
        #expect(parsed.map(\.recipient) == [identity.recipient])
    }
}
