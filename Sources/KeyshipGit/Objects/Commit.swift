internal import CGit2

/// A commit as read from the object database.
public struct Commit: Sendable, Hashable {
    public var id: ObjectID
    public var tree: ObjectID
    /// The parents in recorded order; the first parent is the branch the commit was made on.
    public var parents: [ObjectID]
    /// The full message, as stored (keyship's own commits end it with a newline).
    public var message: String
    public var author: Signature
    public var committer: Signature

    public init(
        id: ObjectID, tree: ObjectID, parents: [ObjectID], message: String,
        author: Signature, committer: Signature
    ) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.message = message
        self.author = author
        self.committer = committer
    }

    /// The first line of the message.
    public var subject: String {
        String(message.prefix { $0 != "\n" })
    }
}

extension Repository {
    /// Reads the commit `id`.
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        let commit = try lookUpCommit(id)
        let parentCount = unsafe git_commit_parentcount(commit.pointer)
        var parents: [ObjectID] = []
        for index in 0..<parentCount {
            guard let parent = unsafe git_commit_parent_id(commit.pointer, index) else { continue }
            unsafe parents.append(ObjectID(parent))
        }
        return unsafe Commit(
            id: id,
            tree: ObjectID(git_commit_tree_id(commit.pointer)),
            parents: parents,
            message: git_commit_message_raw(commit.pointer).map { unsafe String(cString: $0) } ?? "",
            author: Signature(git_commit_author(commit.pointer)),
            committer: Signature(git_commit_committer(commit.pointer)))
    }

    /// Writes a commit of `tree` on `parents` and returns its id, without moving any reference.
    ///
    /// A message without a final newline gets one, as `git commit` writes it. Every parent must
    /// be a commit in this repository.
    public func writeCommit(
        tree: ObjectID,
        parents: [ObjectID],
        message: String,
        author: Signature,
        committer: Signature
    ) throws(GitError) -> ObjectID {
        let treeHandle = try lookUpTree(treeish: tree)
        var parentHandles: [ObjectHandle] = []
        for parent in parents { parentHandles.append(try lookUpCommit(parent)) }
        let authorHandle = try SignatureHandle(author)
        let committerHandle = try SignatureHandle(committer)
        let text = message.hasSuffix("\n") ? message : message + "\n"

        var oid = git_oid()
        // The handles own every pointer passed below and live until the end of this function.
        // No encoding header is written: git reads a message without one as UTF-8.
        var parentPointers: [OpaquePointer?] = unsafe parentHandles.map { unsafe $0.pointer }
        let code = unsafe parentPointers.withUnsafeMutableBufferPointer { buffer in
            unsafe git_commit_create(
                &oid, pointer, nil, authorHandle.pointer, committerHandle.pointer, nil, text,
                treeHandle.pointer, buffer.count, buffer.baseAddress)
        }
        try check(code)
        return ObjectID(oid)
    }
}
