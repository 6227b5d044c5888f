import KeyshipCore
public import KeyshipGit

/// The first commit of a new store, for `keyship init`.
public enum InitialCommit {
    /// Commits `files` as the root commit of the branch `HEAD` names (which must have no
    /// commit yet), checks it out into the work tree and creates the branch.
    ///
    /// The files reach the disk through the checkout, so the index matches the commit and
    /// `git status` is clean afterwards.
    public static func create(
        _ files: StoreChanges, message: CommitMessage, author: Signature, in repository: Repository
    ) throws -> ObjectID {
        guard let branch = try repository.currentBranch() else {
            throw StoreRepositoryError.detachedHead(path: repository.workTree ?? repository.gitDirectory)
        }
        var changes: [TreeChange] = []
        for (path, bytes) in files.writes.sorted(by: { $0.key < $1.key }) {
            changes.append(.upsert(path: path, blob: try repository.writeBlob(bytes)))
        }
        let tree = try repository.writeTree(base: nil, changes: changes)
        let commit = try repository.writeCommit(
            tree: tree, parents: [], message: message.text, author: author, committer: author)
        try repository.checkOut(commit)
        try repository.updateReference(
            "refs/heads/\(branch)", to: commit, expecting: nil, message: "keyship init: \(message.subject)")
        return commit
    }
}
