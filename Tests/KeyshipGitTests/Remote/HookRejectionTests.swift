import Foundation
import KeyshipCore
import KeyshipGit
import KeyshipTestSupport
import Testing

/// Pushes to a `git daemon` whose hooks refuse the update. libgit2 reports such a refusal only
/// through the push-update-reference callback while `git_remote_push` returns success.
@Suite struct HookRejectionTests {
    let remote: RemoteFixture
    let daemon: GitDaemon

    init() throws {
        remote = try RemoteFixture("git-hook")
        try FileManager.default.createDirectory(at: remote.scratch.url("srv"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: remote.scratch.url("remote.git"), to: remote.scratch.url("srv/store.git"))
        daemon = try GitDaemon(basePath: remote.scratch.url("srv").path, logFile: remote.scratch.url("daemon.log"))
    }

    func installHook(_ name: String, _ script: String) throws {
        let hook = try remote.scratch.write("srv/store.git/hooks/\(name)", script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    }

    @Test func pushOverDaemonSucceedsWithoutHook() throws {
        defer { daemon.stop() }
        let clone = try Repository.clone(
            from: daemon.url("store.git"), to: remote.scratch.url("work").path, bare: true, options: Fixture.noCredentials)
        let commit = try Fixture.commit(clone, parent: remote.initialCommit, files: ["a.txt": "a\n"], message: "Over git://")
        try clone.push(commit, toBranch: "main", of: "origin", options: Fixture.noCredentials)
        let served = try Repository.open(at: remote.scratch.url("srv/store.git").path)
        #expect(try served.referenceTarget("refs/heads/main") == commit)
    }

    @Test func pushGoesToPushURL() throws {
        defer { daemon.stop() }
        let mirrorPath = remote.scratch.url("srv/mirror.git").path
        let mirror = try Repository.create(at: mirrorPath, bare: true)
        let clone = try Repository.clone(
            from: daemon.url("store.git"), to: remote.scratch.url("work").path, bare: true, options: Fixture.noCredentials)
        try GitCLI.run(["config", "remote.origin.pushurl", daemon.url("mirror.git")], in: remote.scratch.url("work").path)
        let commit = try Fixture.commit(clone, parent: remote.initialCommit, files: ["a.txt": "a\n"], message: "Mirror")
        try clone.push(commit, toBranch: "main", of: "origin", options: Fixture.noCredentials)
        #expect(try mirror.referenceTarget("refs/heads/main") == commit)
        let served = try Repository.open(at: remote.scratch.url("srv/store.git").path)
        #expect(try served.referenceTarget("refs/heads/main") == remote.initialCommit)
    }

    @Test func preReceiveRejectionIsDistinctError() throws {
        defer { daemon.stop() }
        try installHook("pre-receive", "#!/bin/sh\necho 'store is locked for maintenance' >&2\nexit 1\n")
        let clone = try Repository.clone(
            from: daemon.url("store.git"), to: remote.scratch.url("work").path, bare: true, options: Fixture.noCredentials)
        let commit = try Fixture.commit(clone, parent: remote.initialCommit, files: ["a.txt": "a\n"], message: "Refused")
        let logs = MemoryLogHandler()
        let options = RemoteOptions(environment: [:], logger: Logger(label: "git", handler: logs))

        #expect(throws: GitError.pushRejected(reference: "refs/heads/main", reason: "pre-receive hook declined")) {
            try clone.push(commit, toBranch: "main", of: "origin", options: options)
        }
        let served = try Repository.open(at: remote.scratch.url("srv/store.git").path)
        #expect(try served.referenceTarget("refs/heads/main") == remote.initialCommit)
        #expect(try clone.referenceTarget("refs/remotes/origin/main") == remote.initialCommit)
        let lines = logs.records.map(\.formatted)
        #expect(lines.contains { $0.contains("remote: store is locked for maintenance") })
    }

    @Test func updateHookRejectionIsDistinctError() throws {
        defer { daemon.stop() }
        try installHook("update", "#!/bin/sh\necho \"refusing $1\" >&2\nexit 1\n")
        let clone = try Repository.clone(
            from: daemon.url("store.git"), to: remote.scratch.url("work").path, bare: true, options: Fixture.noCredentials)
        let commit = try Fixture.commit(clone, parent: remote.initialCommit, files: ["a.txt": "a\n"], message: "Refused")
        #expect(throws: GitError.pushRejected(reference: "refs/heads/main", reason: "hook declined")) {
            try clone.push(commit, toBranch: "main", of: "origin", options: Fixture.noCredentials)
        }
    }
}
