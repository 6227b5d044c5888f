import Foundation
import KeyshipCore
import KeyshipGit
import KeyshipTestSupport

/// Runs the `git` command-line tool, isolated from the machine's global and system settings.
enum GitCLI {
    @discardableResult
    static func run(
        _ arguments: [String], in directory: String, home: String? = nil, stdin: String? = nil
    ) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home ?? directory
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_NAME"] = "CLI Author"
        environment["GIT_AUTHOR_EMAIL"] = "cli@example.com"
        environment["GIT_COMMITTER_NAME"] = "CLI Committer"
        environment["GIT_COMMITTER_EMAIL"] = "cli@example.com"
        let result = try ProcessRunner.run(
            "git", arguments, stdin: stdin.map { Data($0.utf8) }, environment: environment,
            currentDirectory: directory)
        guard result.status == 0 else {
            throw CommandFailure(description: "git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}

/// Fixed signatures, so commit ids are the same on every run.
enum Fixture {
    static let author = Signature(
        name: "Ana García", email: "ana@example.com",
        time: Timestamp(secondsSinceEpoch: 1_796_379_300), utcOffsetMinutes: 60)
    static let committer = Signature(
        name: "keyship", email: "bot@example.com",
        time: Timestamp(secondsSinceEpoch: 1_796_379_360), utcOffsetMinutes: 0)
    static let noCredentials = RemoteOptions(environment: [:])

    /// Writes a commit with `files` (path to text) changed on top of `parent`.
    static func commit(
        _ repository: Repository,
        parent: ObjectID?,
        files: [String: String],
        removing removed: [String] = [],
        message: String
    ) throws -> ObjectID {
        var changes: [TreeChange] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            changes.append(.upsert(path: path, blob: try repository.writeBlob(text)))
        }
        changes += removed.map { .remove(path: $0) }
        let base = try parent.map { try repository.commit($0).tree }
        let tree = try repository.writeTree(base: base, changes: changes)
        return try repository.writeCommit(
            tree: tree, parents: parent.map { [$0] } ?? [], message: message,
            author: author, committer: committer)
    }

    /// Reads the text of the file at `path` in `commit`.
    static func text(_ repository: Repository, _ path: String, in commit: ObjectID) throws -> String {
        String(decoding: try repository.readBlob(at: path, in: commit), as: UTF8.self)
    }
}

/// A bare "remote" repository with one commit on `main`, and helpers to clone it.
struct RemoteFixture {
    let scratch: ScratchDirectory
    let remotePath: String
    let initialCommit: ObjectID

    init(_ label: String) throws {
        scratch = try ScratchDirectory(label)
        remotePath = scratch.url("remote.git").path
        let remote = try Repository.create(at: remotePath, bare: true, initialBranch: "main")
        initialCommit = try Fixture.commit(
            remote, parent: nil,
            files: ["keyship.yaml": "language: es\n", "keys/office/batch-1.csv": "id,key\nk1,AAA\n"],
            message: "Start the store")
        try remote.updateReference("refs/heads/main", to: initialCommit, expecting: nil, message: "initial")
    }

    /// Clones the remote into `name` inside the scratch directory.
    func clone(_ name: String, bare: Bool = false) throws -> Repository {
        try Repository.clone(from: remotePath, to: scratch.url(name).path, bare: bare, options: Fixture.noCredentials)
    }
}
