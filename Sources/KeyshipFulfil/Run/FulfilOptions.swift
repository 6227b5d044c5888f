/// The options of `keyship fulfil`.
public struct FulfilOptions: Sendable {
    /// Plan and print, change nothing anywhere.
    public var dryRun: Bool
    /// Only these channels; nil for all. Several runners can split the channels between them.
    public var channels: Set<String>?
    /// How many times a commit is rebuilt after another run pushed first.
    public var maxPublishAttempts: Int
    /// A point where the process stops itself, for crash tests (`KEYSHIP_FAILPOINT`).
    public var failpoint: Failpoint?

    public init(dryRun: Bool = false, channels: Set<String>? = nil, maxPublishAttempts: Int = 8, failpoint: Failpoint? = nil) {
        self.dryRun = dryRun
        self.channels = channels
        self.maxPublishAttempts = maxPublishAttempts
        self.failpoint = failpoint
    }
}

/// Places where a test can make a run stop as if the machine died: the process kills itself
/// with SIGKILL, so nothing after that point runs, not even cleanup.
public enum Failpoint: String, Sendable, CaseIterable {
    /// After the reservation commit is on the remote, before any marketplace call.
    case afterReserve = "after-reserve"
    /// After every step ran (messages sent), before the record commit.
    case afterSteps = "after-steps"

    /// Reads `KEYSHIP_FAILPOINT`; unknown values are ignored.
    public init?(environment: [String: String]) {
        guard let value = environment["KEYSHIP_FAILPOINT"], let point = Failpoint(rawValue: value) else { return nil }
        self = point
    }
}
