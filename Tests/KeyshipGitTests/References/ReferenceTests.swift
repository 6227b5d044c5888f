import Foundation
import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct ReferenceTests {
    let scratch: ScratchDirectory
    let repository: Repository
    let first: ObjectID
    let second: ObjectID

    init() throws {
        scratch = try ScratchDirectory("git-refs")
        repository = try Repository.create(at: scratch.path, bare: true, initialBranch: "main")
        first = try Fixture.commit(repository, parent: nil, files: ["a.txt": "1\n"], message: "First")
        second = try Fixture.commit(repository, parent: first, files: ["a.txt": "2\n"], message: "Second")
    }

    @Test func createThenCompareAndSwap() throws {
        try repository.updateReference("refs/heads/main", to: first, expecting: nil, message: "create")
        #expect(try repository.referenceTarget("refs/heads/main") == first)
        #expect(try repository.referenceTarget("HEAD") == first)
        try repository.updateReference("refs/heads/main", to: second, expecting: first, message: "advance")
        #expect(try repository.referenceTarget("refs/heads/main") == second)
    }

    @Test func updateWritesReflogMessage() throws {
        let workTree = try Repository.create(at: scratch.url("work").path, bare: false, initialBranch: "main")
        let commit = try Fixture.commit(workTree, parent: nil, files: ["a.txt": "1\n"], message: "First")
        try workTree.updateReference("refs/heads/main", to: commit, expecting: nil, message: "keyship: reserve")
        let log = try GitCLI.run(["reflog", "show", "--format=%gs", "refs/heads/main"], in: scratch.url("work").path)
        #expect(log == "keyship: reserve")
    }

    @Test func compareAndSwapFailsWhenMoved() throws {
        try repository.updateReference("refs/heads/main", to: second, expecting: nil, message: "create")
        let third = try Fixture.commit(repository, parent: second, files: ["a.txt": "3\n"], message: "Third")
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/main", expected: first, actual: second)) {
            try repository.updateReference("refs/heads/main", to: third, expecting: first, message: "stale")
        }
        #expect(try repository.referenceTarget("refs/heads/main") == second)
    }

    @Test func createFailsWhenReferenceExists() throws {
        try repository.updateReference("refs/heads/main", to: first, expecting: nil, message: "create")
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/main", expected: nil, actual: first)) {
            try repository.updateReference("refs/heads/main", to: second, expecting: nil, message: "create again")
        }
    }

    @Test func compareAndSwapFailsWhenMissing() throws {
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/other", expected: first, actual: nil)) {
            try repository.updateReference("refs/heads/other", to: second, expecting: first, message: "advance")
        }
        #expect(try repository.referenceTarget("refs/heads/other") == nil)
    }

    @Test func unbornBranchHasNoTarget() throws {
        #expect(try repository.referenceTarget("HEAD") == nil)
        #expect(try repository.currentBranch() == "main")
    }

    @Test func currentBranchOfInitialBranch() throws {
        let other = try Repository.create(at: scratch.url("other").path, bare: false, initialBranch: "tienda")
        #expect(try other.currentBranch() == "tienda")
    }

    @Test func detachedHeadHasNoBranch() throws {
        try repository.updateReference("refs/heads/main", to: first, expecting: nil, message: "create")
        try GitCLI.run(["update-ref", "--no-deref", "HEAD", second.hex], in: scratch.path)
        #expect(try repository.currentBranch() == nil)
        #expect(try repository.referenceTarget("HEAD") == second)
    }

    @Test func invalidReferenceNameFails() throws {
        #expect(throws: GitError.self) {
            try repository.updateReference("refs/heads/bad..name", to: first, expecting: nil, message: "bad")
        }
    }
}
