import Foundation
public import KeyshipCore
public import KeyshipGit

/// The store's git repository as keyship writes to it: commits built from the object database
/// and published with a push that acts as a lock between concurrent runs.
///
/// With a remote (`origin` unless another is named), publishing is a non-forced push of the
/// branch: when another run pushed first, the push is rejected and the caller fetches, plans
/// again from the new tip and retries. Without a remote, the branch reference is updated with a
/// compare-and-swap, which gives the same guarantee between processes on one repository.
public final class StoreRepository {
    public let repository: Repository
    /// The branch the store lives on, such as `main`.
    public let branch: String
    /// The remote that is the source of truth, or nil for a local-only store.
    public let remote: String?
    private let options: RemoteOptions
    private let logger: Logger

    /// Opens the repository at or above `path`.
    ///
    /// - Parameters:
    ///   - branch: the store's branch; the checked-out branch when nil.
    ///   - remote: the remote to sync with; `origin` when it exists and this is nil.
    ///   - environment: where git credentials are read from (`KEYSHIP_GIT_TOKEN`, ...).
    public init(
        path: String, branch: String? = nil, remote: String? = nil, environment: [String: String], logger: Logger
    ) throws {
        let repository = try Repository.open(at: path)
        self.repository = repository
        if let branch {
            self.branch = branch
        } else if let current = try repository.currentBranch() {
            self.branch = current
        } else {
            throw StoreRepositoryError.detachedHead(path: path)
        }
        if let remote {
            _ = try repository.remoteURL(named: remote)
            self.remote = remote
        } else if (try? repository.remoteURL(named: "origin")) != nil {
            self.remote = "origin"
        } else {
            self.remote = nil
        }
        self.options = RemoteOptions(environment: environment, logger: logger)
        self.logger = logger.with(["branch": self.branch])
    }

    /// The folder of the work tree, or nil for a bare repository.
    public var workTree: String? { repository.workTree }

    private var branchReference: String { "refs/heads/\(branch)" }
    private var trackingReference: String? { remote.map { "refs/remotes/\($0)/\(branch)" } }

    /// Fetches the remote and returns the commit to work from: the remote branch's tip, or the
    /// local branch's tip for a local-only store.
    public func sync() throws -> ObjectID {
        if let remote, let trackingReference {
            try fetchWithRetry(remote: remote, refspec: "+\(branchReference):\(trackingReference)")
            if let tip = try repository.referenceTarget(trackingReference) { return tip }
            throw StoreRepositoryError.remoteBranchMissing(remote: remote, branch: branch)
        }
        guard let tip = try repository.referenceTarget(branchReference) else {
            throw StoreRepositoryError.branchMissing(branch: branch)
        }
        return tip
    }

    /// Fetches, trying twice more after a failure that may pass: another run pushing at the same
    /// moment can make a fetch from a folder remote see a reference vanish, and networks drop.
    /// Wrong credentials, a missing remote or a folder that is no repository fail at once.
    private func fetchWithRetry(remote: String, refspec: String) throws {
        for attempt in 1...3 {
            do {
                try repository.fetch(from: remote, refspecs: [refspec], options: options)
                return
            } catch {
                switch error {
                case .authenticationFailed, .notARepository, .untrustedOwner, .notFound(.remote):
                    throw error
                default:
                    guard attempt < 3 else { throw error }
                    logger.notice("fetch failed; trying again", ["attempt": String(attempt), "error": error.text(in: .en)])
                    Thread.sleep(forTimeInterval: 0.2 * Double(attempt))
                }
            }
        }
    }

    /// Returns a snapshot of the store at `commit`.
    public func snapshot(_ commit: ObjectID) -> GitSnapshot {
        GitSnapshot(repository: repository, commit: commit)
    }

    /// Writes `changes` as a commit whose parent is `base`, without moving any reference.
    public func commit(
        _ changes: StoreChanges, message: CommitMessage, author: Signature, on base: ObjectID
    ) throws -> ObjectID {
        var treeChanges: [TreeChange] = []
        for path in changes.paths {
            if let bytes = changes.writes[path] {
                treeChanges.append(.upsert(path: path, blob: try repository.writeBlob(bytes)))
            } else {
                treeChanges.append(.remove(path: path))
            }
        }
        let baseTree = try repository.commit(base).tree
        let tree = try repository.writeTree(base: baseTree, changes: treeChanges)
        return try repository.writeCommit(
            tree: tree, parents: [base], message: message.text, author: author, committer: author)
    }

    /// The outcome of a commit offered to the store.
    public enum PublishOutcome: Sendable, Equatable {
        case published
        /// Someone else moved the branch first; fetch, plan again and retry.
        case rejected(reason: String)
    }

    /// Makes `commit` (a child of `base`) the branch's new tip: the lock step.
    ///
    /// After success the local branch and a clean work tree follow when they were at `base`, so
    /// people who look at the checkout see what the run did.
    public func publish(_ commit: ObjectID, replacing base: ObjectID) throws -> PublishOutcome {
        if let remote {
            do {
                try repository.push(commit, toBranch: branch, of: remote, options: options)
            } catch {
                guard case .pushRejected(_, let reason) = error else { throw error }
                logger.notice("push rejected", ["commit": commit.shortHex, "reason": reason])
                return .rejected(reason: reason)
            }
            advanceLocalBranch(from: base, to: commit)
            return .published
        }
        let localTip = try repository.referenceTarget(branchReference)
        do {
            try repository.updateReference(
                branchReference, to: commit, expecting: base, message: "keyship: \(commit.shortHex)")
        } catch {
            guard case .referenceMoved(_, _, let actual) = error else { throw error }
            logger.notice("branch moved", ["commit": commit.shortHex, "actual": actual?.shortHex ?? "none"])
            return .rejected(reason: "branch moved")
        }
        if localTip == base { advanceWorkTree(from: base, to: commit) }
        return .published
    }

    /// Moves the local branch from `base` to `commit` when it pointed at `base`, checking out a
    /// work tree first. A work tree with conflicting local edits is left alone and logged: the
    /// store itself (the remote) is already correct.
    private func advanceLocalBranch(from base: ObjectID, to commit: ObjectID) {
        guard let localTip = try? repository.referenceTarget(branchReference), localTip == base else {
            logger.info("local branch not advanced: it is not at the published base", ["commit": commit.shortHex])
            return
        }
        if (try? repository.currentBranch()) == branch, repository.workTree != nil {
            do {
                try repository.checkOut(commit, baseline: base)
            } catch {
                logger.warning("work tree not updated", ["error": error.text(in: .en)])
                return
            }
        }
        do {
            try repository.updateReference(branchReference, to: commit, expecting: base, message: "keyship: fast-forward")
        } catch {
            logger.warning("local branch not advanced", ["error": error.text(in: .en)])
        }
    }

    /// Brings a checked-out work tree up to `commit` after the branch already moved there.
    private func advanceWorkTree(from base: ObjectID, to commit: ObjectID) {
        guard repository.workTree != nil, (try? repository.currentBranch()) == branch else { return }
        do {
            try repository.checkOut(commit, baseline: base)
        } catch {
            logger.warning("work tree not updated; run git reset --keep to catch up", ["error": error.text(in: .en)])
        }
    }

    /// Returns the signature of the person running a command, from git's settings.
    public func personSignature(at time: Timestamp, environment: [String: String]) throws -> Signature {
        try repository.signature(for: .author, at: time, environment: environment)
    }

    /// Returns true when git would ignore `path` (relative to the work tree).
    public func isIgnored(_ path: String) throws -> Bool {
        try repository.isIgnored(path)
    }
}

public enum StoreRepositoryError: KeyshipError, Equatable {
    case detachedHead(path: String)
    case branchMissing(branch: String)
    case remoteBranchMissing(remote: String, branch: String)
    case tooManyRejections(attempts: Int)

    public var exitCode: ExitCode {
        switch self {
        case .tooManyRejections: .unavailable
        default: .failure
        }
    }

    public func text(in language: Language) -> String {
        switch self {
        case .detachedHead(let path):
            language.pick(
                es: "el repositorio \(path) no está en ninguna rama; cambia a la rama de la tienda (git switch main) o usa --branch",
                en: "the repository \(path) is not on a branch; switch to the store's branch (git switch main) or pass --branch")
        case .branchMissing(let branch):
            language.pick(
                es: "la rama \(branch) no tiene ningún commit; haz un primer commit de la tienda",
                en: "the branch \(branch) has no commit; make a first commit of the store")
        case .remoteBranchMissing(let remote, let branch):
            language.pick(
                es: "el remoto \(remote) no tiene la rama \(branch); sube la tienda con git push \(remote) \(branch)",
                en: "the remote \(remote) has no branch \(branch); push the store with git push \(remote) \(branch)")
        case .tooManyRejections(let attempts):
            language.pick(
                es: "otras ejecuciones cambiaron la tienda \(attempts) veces seguidas mientras esta trabajaba; no se ha enviado nada, vuelve a ejecutar",
                en: "other runs changed the store \(attempts) times in a row while this one worked; nothing was sent, run again")
        }
    }
}
