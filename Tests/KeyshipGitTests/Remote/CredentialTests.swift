import Foundation
import KeyshipCore
import KeyshipGit
import KeyshipTestSupport
import Testing

/// Fetches and pushes over smart HTTP to a server on 127.0.0.1 that demands a Basic
/// `Authorization` header, as a hosted git server does.
@Suite struct CredentialTests {
    static let token = "tok-3f9a-secret"
    /// `x-access-token:tok-3f9a-secret` in base64, the header libgit2 builds from the token.
    static let authorization = "Basic eC1hY2Nlc3MtdG9rZW46dG9rLTNmOWEtc2VjcmV0"

    let remote: RemoteFixture
    let server: SmartHTTPServer

    init() throws {
        remote = try RemoteFixture("git-http")
        try FileManager.default.createDirectory(at: remote.scratch.url("srv"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: remote.scratch.url("remote.git"), to: remote.scratch.url("srv/store.git"))
        server = try SmartHTTPServer(
            basePath: remote.scratch.url("srv").path, scratch: remote.scratch, authorization: Self.authorization)
    }

    func options(_ environment: [String: String], logs: MemoryLogHandler = MemoryLogHandler()) -> RemoteOptions {
        RemoteOptions(environment: environment, maxCredentialAttempts: 3, logger: Logger(label: "git", handler: logs))
    }

    @Test func tokenFromEnvironment() throws {
        defer { server.stop() }
        let clone = try Repository.clone(
            from: server.url("store.git"), to: remote.scratch.url("work").path, bare: true,
            options: options(["KEYSHIP_GIT_TOKEN": Self.token]))
        #expect(try clone.resolveCommit("origin/main") == remote.initialCommit)

        let commit = try Fixture.commit(clone, parent: remote.initialCommit, files: ["a.txt": "a\n"], message: "Over HTTP")
        try clone.push(commit, toBranch: "main", of: "origin", options: options(["KEYSHIP_GIT_TOKEN": Self.token]))
        let served = try Repository.open(at: remote.scratch.url("srv/store.git").path)
        #expect(try served.referenceTarget("refs/heads/main") == commit)
        #expect(server.requests.contains("POST /store.git/git-receive-pack 200"))
    }

    @Test func userNameAndPasswordFromEnvironment() throws {
        defer { server.stop() }
        let environment = ["KEYSHIP_GIT_USERNAME": "x-access-token", "KEYSHIP_GIT_PASSWORD": Self.token]
        let clone = try Repository.clone(
            from: server.url("store.git"), to: remote.scratch.url("work").path, bare: true,
            options: options(environment))
        #expect(try clone.resolveCommit("origin/main") == remote.initialCommit)
    }

    @Test func extraHeaderFromConfig() throws {
        defer { server.stop() }
        let repository = try Repository.create(at: remote.scratch.url("work").path, bare: true)
        try GitCLI.run(
            ["config", "http.\(server.url("")).extraheader", "AUTHORIZATION: \(Self.authorization)"],
            in: remote.scratch.url("work").path)
        try repository.fetch(
            from: server.url("store.git"), refspecs: ["+refs/heads/main:refs/remotes/origin/main"], options: options([:]))
        #expect(try repository.referenceTarget("refs/remotes/origin/main") == remote.initialCommit)
        // The header went with the first request, so the server never had to challenge.
        #expect(!server.requests.contains { $0.hasSuffix(" 401") })
    }

    @Test func wrongTokenStopsAfterBoundedAttempts() throws {
        defer { server.stop() }
        let wrongToken = "tok-wrong-7c1d"
        let logs = MemoryLogHandler()
        let repository = try Repository.create(at: remote.scratch.url("work").path, bare: true)
        let url = "http://keyship:pw-in-url-9e2b@127.0.0.1:\(server.port)/store.git"

        var caught: GitError?
        do {
            try repository.fetch(
                from: url, refspecs: ["+refs/heads/main:refs/remotes/origin/main"],
                options: options(["KEYSHIP_GIT_TOKEN": wrongToken], logs: logs))
        } catch {
            caught = error
        }
        let error = try #require(caught)
        #expect(error == .authenticationFailed(url: server.url("store.git")))

        let attempts = logs.records.compactMap { $0.metadata["attempt"] }
        #expect(attempts == ["1", "2", "3", "4"])
        // One request without credentials, one with the URL's user and password, which
        // libgit2 tries on its own, then one for each of the three attempts allowed.
        #expect(server.requests.filter { $0.hasSuffix(" 401") }.count == 5)

        let everything = [error.text(in: .es), error.text(in: .en)] + logs.records.map(\.formatted)
        for text in everything {
            #expect(!text.contains(wrongToken))
            #expect(!text.contains("pw-in-url-9e2b"))
        }
    }

    @Test func missingCredentialsFailAsAuthentication() throws {
        defer { server.stop() }
        let repository = try Repository.create(at: remote.scratch.url("work").path, bare: true)
        #expect(throws: GitError.authenticationFailed(url: server.url("store.git"))) {
            try repository.fetch(
                from: server.url("store.git"), refspecs: ["+refs/heads/main:refs/remotes/origin/main"],
                options: options([:]))
        }
    }

    @Test func unreachableServerIsNetworkError() throws {
        server.stop()
        let repository = try Repository.create(at: remote.scratch.url("work").path, bare: true)
        let expected = GitError.network(
            url: server.url("store.git"), message: "failed to connect to 127.0.0.1: Connection refused")
        #expect(throws: expected) {
            try repository.fetch(
                from: server.url("store.git"), refspecs: ["+refs/heads/main:refs/remotes/origin/main"],
                options: options([:]))
        }
    }
}
