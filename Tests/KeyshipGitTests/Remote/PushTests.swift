import Foundation
import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct PushTests {
    @Test func cloneOfBareRemote() throws {
        let remote = try RemoteFixture("git-clone")
        let clone = try remote.clone("work")
        #expect(!clone.isBare)
        #expect(try clone.currentBranch() == "main")
        #expect(try clone.resolveCommit("origin/main") == remote.initialCommit)
        #expect(try clone.resolveCommit("HEAD") == remote.initialCommit)
        #expect(try clone.remoteURL(named: "origin") == remote.remotePath)
        #expect(try clone.isWorkTreeClean())

        let bare = try remote.clone("mirror.git", bare: true)
        #expect(bare.isBare)
        #expect(try Fixture.text(bare, "keyship.yaml", in: try bare.resolveCommit("main")) == "language: es\n")
    }

    @Test func secondPushIsRejectedThenRetrySucceeds() throws {
        let remote = try RemoteFixture("git-push-race")
        let first = try remote.clone("first", bare: true)
        let second = try remote.clone("second", bare: true)

        let tip = try first.resolveCommit("origin/main")
        let firstCommit = try Fixture.commit(first, parent: tip, files: ["ledger/a.yaml": "order: A\n"], message: "Reserve A")
        try first.push(firstCommit, toBranch: "main", of: "origin", options: Fixture.noCredentials)
        #expect(try first.referenceTarget("refs/remotes/origin/main") == firstCommit)
        #expect(try first.referenceTarget("refs/keyship/outgoing/main") == nil)

        let stale = try second.resolveCommit("origin/main")
        let secondCommit = try Fixture.commit(second, parent: stale, files: ["ledger/b.yaml": "order: B\n"], message: "Reserve B")
        #expect(throws: GitError.pushRejected(reference: "refs/heads/main", reason: "cannot push because a reference that you are trying to update on the remote contains commits that are not present locally.")) {
            try second.push(secondCommit, toBranch: "main", of: "origin", options: Fixture.noCredentials)
        }
        #expect(try second.referenceTarget("refs/keyship/outgoing/main") == nil)

        try second.fetch(from: "origin", options: Fixture.noCredentials)
        let newTip = try second.resolveCommit("origin/main")
        #expect(newTip == firstCommit)
        let retried = try Fixture.commit(second, parent: newTip, files: ["ledger/b.yaml": "order: B\n"], message: "Reserve B")
        try second.push(retried, toBranch: "main", of: "origin", options: Fixture.noCredentials)

        let bare = try Repository.open(at: remote.remotePath)
        #expect(try bare.referenceTarget("refs/heads/main") == retried)
        #expect(try Fixture.text(bare, "ledger/a.yaml", in: retried) == "order: A\n")
        #expect(try Fixture.text(bare, "ledger/b.yaml", in: retried) == "order: B\n")
    }

    @Test func nonFastForwardAfterFetchIsRejected() throws {
        let remote = try RemoteFixture("git-push-nonff")
        let first = try remote.clone("first", bare: true)
        let second = try remote.clone("second", bare: true)
        let ahead = try Fixture.commit(first, parent: remote.initialCommit, files: ["a.txt": "a\n"], message: "Ahead")
        try first.push(ahead, toBranch: "main", of: "origin", options: Fixture.noCredentials)

        try second.fetch(from: "origin", options: Fixture.noCredentials)
        let sideways = try Fixture.commit(second, parent: remote.initialCommit, files: ["b.txt": "b\n"], message: "Sideways")
        #expect(throws: GitError.pushRejected(reference: "refs/heads/main", reason: "cannot push non-fastforwardable reference")) {
            try second.push(sideways, toBranch: "main", of: "origin", options: Fixture.noCredentials)
        }
    }

    @Test func pushAndFetchByPath() throws {
        let remote = try RemoteFixture("git-push-url")
        let clone = try remote.clone("work", bare: true)
        let commit = try Fixture.commit(clone, parent: remote.initialCommit, files: ["a.txt": "a\n"], message: "By path")
        try clone.updateReference("refs/heads/topic", to: commit, expecting: nil, message: "topic")
        try clone.push(to: remote.remotePath, refspecs: ["refs/heads/topic:refs/heads/topic"], options: Fixture.noCredentials)

        let other = try Repository.create(at: remote.scratch.url("other.git").path, bare: true)
        try other.fetch(
            from: remote.remotePath, refspecs: ["+refs/heads/*:refs/remotes/store/*"], options: Fixture.noCredentials)
        #expect(try other.referenceTarget("refs/remotes/store/topic") == commit)
        #expect(try other.referenceTarget("refs/remotes/store/main") == remote.initialCommit)
    }

    @Test func unknownRemoteNameFails() throws {
        let remote = try RemoteFixture("git-remote-name")
        let clone = try remote.clone("work", bare: true)
        #expect(throws: GitError.notFound(.remote("orgin"))) {
            try clone.fetch(from: "orgin", options: Fixture.noCredentials)
        }
        #expect(throws: GitError.notFound(.remote("orgin"))) {
            try clone.remoteURL(named: "orgin")
        }
    }

    @Test func missingRemotePathFails() throws {
        let remote = try RemoteFixture("git-remote-missing")
        let clone = try remote.clone("work", bare: true)
        let missing = remote.scratch.url("gone.git").path
        #expect(throws: GitError.notARepository(path: missing)) {
            try clone.fetch(from: missing, refspecs: ["+refs/heads/*:refs/remotes/gone/*"], options: Fixture.noCredentials)
        }
        let notRepository = remote.scratch.url("plain").path
        try remote.scratch.write("plain/file.txt", "x\n")
        #expect(throws: GitError.notARepository(path: notRepository)) {
            try clone.fetch(from: notRepository, refspecs: ["+refs/heads/*:refs/remotes/gone/*"], options: Fixture.noCredentials)
        }
    }
}
