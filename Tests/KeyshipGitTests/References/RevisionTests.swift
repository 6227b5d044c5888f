import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct RevisionTests {
    let scratch: ScratchDirectory
    let repository: Repository
    let commits: [ObjectID]

    init() throws {
        scratch = try ScratchDirectory("git-revision")
        repository = try Repository.create(at: scratch.path, bare: true, initialBranch: "main")
        var commits: [ObjectID] = []
        for number in 1...3 {
            commits.append(try Fixture.commit(
                repository, parent: commits.last, files: ["a.txt": "\(number)\n"], message: "Commit \(number)"))
        }
        self.commits = commits
        try repository.updateReference("refs/heads/main", to: commits[2], expecting: nil, message: "create")
        try repository.updateReference("refs/remotes/origin/main", to: commits[1], expecting: nil, message: "fetch")
        try GitCLI.run(["tag", "-a", "-m", "Release", "v1", commits[0].hex], in: scratch.path)
    }

    struct Case: Sendable, CustomStringConvertible {
        var revision: String
        var commitIndex: Int
        var description: String { revision }
    }

    static let cases: [Case] = [
        Case(revision: "HEAD", commitIndex: 2),
        Case(revision: "main", commitIndex: 2),
        Case(revision: "refs/heads/main", commitIndex: 2),
        Case(revision: "main~2", commitIndex: 0),
        Case(revision: "HEAD^", commitIndex: 1),
        Case(revision: "origin/main", commitIndex: 1),
        Case(revision: "v1", commitIndex: 0),
    ]

    @Test(arguments: cases)
    func revisionResolves(_ testCase: Case) throws {
        #expect(try repository.resolveCommit(testCase.revision) == commits[testCase.commitIndex])
    }

    @Test func hexIdsResolve() throws {
        #expect(try repository.resolveCommit(commits[1].hex) == commits[1])
        #expect(try repository.resolveCommit(String(commits[1].hex.prefix(10))) == commits[1])
    }

    static let unknown = ["nothing", "main~9", "origin/other", "zz", "main:a.txt"]

    @Test(arguments: unknown)
    func unknownRevisionFails(_ revision: String) throws {
        #expect(throws: GitError.notFound(.revision(revision))) {
            try repository.resolveCommit(revision)
        }
    }
}
