import Foundation
public import KeyshipGit

/// A commit proposed on top of a given tip.
public struct Proposal: Sendable {
    public var changes: StoreChanges
    public var message: CommitMessage

    public init(changes: StoreChanges, message: CommitMessage) {
        self.changes = changes
        self.message = message
    }
}

/// The outcome of a transaction.
public struct TransactionResult: Sendable {
    /// The published commit, or nil when there was nothing to commit.
    public var commit: ObjectID?
    /// The tip the published commit (or the decision to commit nothing) was based on.
    public var base: ObjectID
    /// How many times the build ran: 1 when the first push went through.
    public var attempts: Int
}

extension StoreRepository {
    /// Builds a commit on the latest tip and publishes it, building again from the new tip each
    /// time another run got there first.
    ///
    /// `build` must be a pure function of the snapshot (and of values the caller read before),
    /// because it runs once per attempt. Between attempts the run waits a random 50-400 ms times
    /// the attempt number, so competing runners do not collide in lock step.
    public func transact(
        author: Signature, maxAttempts: Int = 8,
        sleep: ((Double) -> Void)? = nil,
        _ build: (ObjectID, GitSnapshot) throws -> Proposal?
    ) throws -> TransactionResult {
        for attempt in 1...maxAttempts {
            let base = try sync()
            guard let proposal = try build(base, snapshot(base)) else {
                return TransactionResult(commit: nil, base: base, attempts: attempt)
            }
            let commit = try commit(proposal.changes, message: proposal.message, author: author, on: base)
            switch try publish(commit, replacing: base) {
            case .published:
                return TransactionResult(commit: commit, base: base, attempts: attempt)
            case .rejected:
                if attempt < maxAttempts {
                    let delay = Double.random(in: 0.05...0.4) * Double(attempt)
                    if let sleep { sleep(delay) } else { Thread.sleep(forTimeInterval: delay) }
                }
            }
        }
        throw StoreRepositoryError.tooManyRejections(attempts: maxAttempts)
    }
}
