import Foundation
import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct RepositoryTests {
    @Test func createWorkTreeRepository() throws {
        let scratch = try ScratchDirectory("git-create")
        let repository = try Repository.create(at: scratch.url("store").path, bare: false, initialBranch: "tienda")
        #expect(!repository.isBare)
        #expect(repository.workTree == scratch.url("store").path + "/")
        #expect(repository.gitDirectory == scratch.url("store/.git").path + "/")
        let head = try String(contentsOf: scratch.url("store/.git/HEAD"), encoding: .utf8)
        #expect(head == "ref: refs/heads/tienda\n")
    }

    @Test func createBareRepository() throws {
        let scratch = try ScratchDirectory("git-create-bare")
        let repository = try Repository.create(at: scratch.url("store.git").path, bare: true)
        #expect(repository.isBare)
        #expect(repository.workTree == nil)
        #expect(repository.gitDirectory == scratch.url("store.git").path + "/")
        #expect(try repository.currentBranch() == "main")
    }

    @Test func createAgainKeepsRepository() throws {
        let scratch = try ScratchDirectory("git-create-again")
        let first = try Repository.create(at: scratch.path, bare: true, initialBranch: "tienda")
        let commit = try Fixture.commit(first, parent: nil, files: ["a.txt": "a\n"], message: "One")
        try first.updateReference("refs/heads/tienda", to: commit, expecting: nil, message: "create")
        let second = try Repository.create(at: scratch.path, bare: true, initialBranch: "main")
        #expect(try second.currentBranch() == "tienda")
        #expect(try second.resolveCommit("HEAD") == commit)
    }

    @Test func openFromSubfolder() throws {
        let scratch = try ScratchDirectory("git-open")
        _ = try Repository.create(at: scratch.path, bare: false)
        try scratch.write("keys/office/batch.csv", "id\n")
        let repository = try Repository.open(at: scratch.url("keys/office").path)
        #expect(repository.workTree == scratch.path + "/")
    }

    @Test func openWithoutSearchFailsInSubfolder() throws {
        let scratch = try ScratchDirectory("git-open-nosearch")
        _ = try Repository.create(at: scratch.path, bare: false)
        try scratch.write("keys/batch.csv", "id\n")
        let folder = scratch.url("keys").path
        #expect(throws: GitError.notARepository(path: folder)) {
            try Repository.open(at: folder, searchingParents: false)
        }
    }

    @Test func openBareRepository() throws {
        let scratch = try ScratchDirectory("git-open-bare")
        _ = try Repository.create(at: scratch.path, bare: true)
        #expect(try Repository.open(at: scratch.path).isBare)
    }

    @Test func openMissingFolderFails() throws {
        let scratch = try ScratchDirectory("git-open-missing")
        let path = scratch.url("nothing-here").path
        #expect(throws: GitError.notARepository(path: path)) {
            try Repository.open(at: path)
        }
    }

    @Test func bareRepositoryHasNoWorkTreeStatus() throws {
        let scratch = try ScratchDirectory("git-bare-status")
        let repository = try Repository.create(at: scratch.path, bare: true)
        #expect(throws: GitError.noWorkTree(path: scratch.path + "/")) {
            try repository.isWorkTreeClean()
        }
    }
}
