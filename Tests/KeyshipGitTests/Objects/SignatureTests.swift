import KeyshipCore
import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct SignatureTests {
    let scratch: ScratchDirectory
    let repository: Repository
    let time = Timestamp(secondsSinceEpoch: 1_796_379_300)

    init() throws {
        scratch = try ScratchDirectory("git-signature")
        repository = try Repository.create(at: scratch.path, bare: false)
        try GitCLI.run(["config", "user.name", "Lucía Pérez"], in: scratch.path)
        try GitCLI.run(["config", "user.email", "lucia@example.com"], in: scratch.path)
    }

    @Test func identityFromRepositoryConfig() throws {
        let signature = try repository.signature(for: .author, at: time, utcOffsetMinutes: 60, environment: [:])
        #expect(signature == Signature(name: "Lucía Pérez", email: "lucia@example.com", time: time, utcOffsetMinutes: 60))
        let committer = try repository.signature(for: .committer, at: time, environment: [:])
        #expect(committer.name == "Lucía Pérez")
        #expect(committer.utcOffsetMinutes == 0)
    }

    @Test func roleSettingsComeFirst() throws {
        try GitCLI.run(["config", "author.name", "Autora"], in: scratch.path)
        try GitCLI.run(["config", "committer.email", "committer@example.com"], in: scratch.path)
        let author = try repository.signature(for: .author, at: time, environment: [:])
        #expect(author.name == "Autora")
        #expect(author.email == "lucia@example.com")
        let committer = try repository.signature(for: .committer, at: time, environment: [:])
        #expect(committer.name == "Lucía Pérez")
        #expect(committer.email == "committer@example.com")
    }

    @Test func environmentComesFirst() throws {
        let environment = ["GIT_AUTHOR_NAME": "Env Author", "GIT_AUTHOR_EMAIL": "env@example.com", "GIT_COMMITTER_NAME": ""]
        let author = try repository.signature(for: .author, at: time, environment: environment)
        #expect(author.name == "Env Author")
        #expect(author.email == "env@example.com")
        let committer = try repository.signature(for: .committer, at: time, environment: environment)
        #expect(committer.name == "Lucía Pérez")
    }

    @Test func signatureUsedInCommit() throws {
        let signature = try repository.signature(for: .author, at: time, environment: [:])
        let tree = try repository.writeTree(base: nil, changes: [])
        let commit = try repository.writeCommit(
            tree: tree, parents: [], message: "Start", author: signature, committer: signature)
        let gitShowOutput = try GitCLI.run(["show", "-s", "--format=%an <%ae> %at", commit.hex], in: scratch.path)
        #expect(gitShowOutput == "Lucía Pérez <lucia@example.com> 1796379300")
    }
}
