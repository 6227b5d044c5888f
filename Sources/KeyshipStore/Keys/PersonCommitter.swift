import Foundation
public import KeyshipCore
public import KeyshipGit

/// Commits a change a person made with a keyship command (`keys import --commit`, ...) on the
/// checked-out branch, under the person's own git identity.
///
/// The commit is built from objects on top of the branch tip, then checked out with the old
/// tip as baseline, and only then does the branch move (compare-and-swap). So the index and the
/// work tree end up matching the new commit for the paths it touches, and local edits to any
/// other file stay as they were, uncommitted. Nothing is pushed.
public final class PersonCommitter {
    public let store: StoreRepository
    /// The person's identity, read once when the committer is created, so a missing
    /// `user.name` fails before any work is done.
    public let author: Signature

    private var branchReference: String { "refs/heads/\(store.branch)" }

    /// Opens the repository whose work tree is `storeRoot`, checks that its branch has a commit
    /// to build on, and reads the person's identity.
    public init(storeRoot: String, at time: Timestamp, environment: [String: String], logger: Logger) throws {
        store = try StoreRepository(path: storeRoot, environment: environment, logger: logger)
        guard let workTree = store.workTree else {
            throw PersonCommitError.noWorkTree(path: storeRoot)
        }
        let top = URL(fileURLWithPath: workTree).standardizedFileURL.path
        let root = URL(fileURLWithPath: storeRoot).standardizedFileURL.path
        guard top == root else {
            throw PersonCommitError.storeNotAtTop(store: root, workTree: top)
        }
        guard try store.repository.referenceTarget("refs/heads/\(store.branch)") != nil else {
            throw StoreRepositoryError.branchMissing(branch: store.branch)
        }
        author = try store.personSignature(at: time, environment: environment)
    }

    /// The branch the commit goes on.
    public var branch: String { store.branch }

    /// Commits `changes` on the branch tip and returns the new commit.
    ///
    /// Fails with `PersonCommitError.localChanges` before the branch moves when a touched path
    /// has uncommitted edits; the work tree is then left as it was.
    public func commit(_ changes: StoreChanges, message: CommitMessage) throws -> ObjectID {
        let repository = store.repository
        guard let base = try repository.referenceTarget(branchReference) else {
            throw StoreRepositoryError.branchMissing(branch: store.branch)
        }
        let commit = try store.commit(changes, message: message, author: author, on: base)
        do {
            try repository.checkOut(commit, baseline: base)
        } catch .localChanges(let paths) {
            throw PersonCommitError.localChanges(paths: paths)
        }
        do {
            try repository.updateReference(
                branchReference, to: commit, expecting: base, message: "keyship: \(message.subject)")
        } catch {
            // Someone moved the branch between the two steps: put the files back as they were.
            try? repository.checkOut(base, baseline: commit)
            throw error
        }
        return commit
    }
}

/// A reason a person's change could not be committed.
public enum PersonCommitError: KeyshipError, Equatable {
    case noWorkTree(path: String)
    case storeNotAtTop(store: String, workTree: String)
    case localChanges(paths: [String])

    public func text(in language: Language) -> String {
        switch self {
        case .noWorkTree(let path):
            language.pick(
                es: "el repositorio \(path) no tiene copia de trabajo; usa --commit en un clon normal",
                en: "the repository \(path) has no work tree; use --commit in a normal clone")
        case .storeNotAtTop(let store, let workTree):
            language.pick(
                es: "la tienda \(store) no está en la raíz de su repositorio git (\(workTree)); --commit necesita que keyship.yaml esté en la raíz",
                en: "the store \(store) is not at the top of its git repository (\(workTree)); --commit needs keyship.yaml at the top")
        case .localChanges(let paths):
            language.pick(
                es: "hay cambios sin commit en \(paths.joined(separator: ", ")); no se ha cambiado nada. Haz commit de esos cambios o descártalos, y vuelve a ejecutar",
                en: "\(paths.joined(separator: ", ")) \(paths.count == 1 ? "has" : "have") uncommitted changes; nothing was changed. Commit or discard those changes, then run again")
        }
    }
}
