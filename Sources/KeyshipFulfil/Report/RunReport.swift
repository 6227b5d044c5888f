public import KeyshipCore

/// The record of one fulfilment run, for the operator's summary, `--json` and the CI step
/// summary. It never contains a key or a buyer's personal data.
public struct RunReport: Sendable {
    public var run: String
    public var startedAt: Timestamp
    public var finishedAt: Timestamp
    public var dryRun: Bool
    /// The store's operator language from `keyship.yaml`, once the store was read.
    public var storeLanguage: Language?
    /// One entry per order the run looked at, oldest first.
    public var orders: [OrderOutcome] = []
    /// Channels that could not be reached; their orders were left for the next run.
    public var channelFailures: [ChannelFailure] = []
    /// Orders or files a channel listed but could not read.
    public var problems: [Diagnostic] = []
    public var alertChanges: [AlertChange] = []
    public var notification: NotificationRecord.EmailStatus?
    /// The reason the alert e-mail could not be sent, when it could not.
    public var notificationFailure: (any LocalizedMessage)?
    public var stockSync: [StockSyncOutcome] = []
    /// The commits the run published, in order.
    public var commits: [PublishedCommit] = []
    /// Seconds spent in each phase, for the benchmark and `--verbose`.
    public var timings: [PhaseTiming] = []

    public init(run: String, startedAt: Timestamp, dryRun: Bool) {
        self.run = run
        self.startedAt = startedAt
        self.finishedAt = startedAt
        self.dryRun = dryRun
    }

    /// The exit code a scheduler acts on: 1 when a channel's settings are wrong (running again
    /// cannot help), 4 when a channel could not be reached, 3 when orders need a person (waiting
    /// for stock, held, delivery errors), else 0.
    public var exitCode: ExitCode {
        if channelFailures.contains(where: { $0.exitCode == .failure }) { return .failure }
        if !channelFailures.isEmpty || stockSync.contains(where: { $0.error != nil }) { return .unavailable }
        if orders.contains(where: \.outcome.needsAttention) || !problems.isEmpty { return .attention }
        return .success
    }

    /// Returns how many orders ended with each kind of outcome.
    public var counts: [OrderOutcome.Kind: Int] {
        var counts: [OrderOutcome.Kind: Int] = [:]
        for order in orders { counts[order.outcome.kind, default: 0] += 1 }
        return counts
    }
}

/// The outcome of one order in a run.
public struct OrderOutcome: Sendable {
    public var channel: String
    public var orderID: String
    public var outcome: Outcome
    /// The keys' ids (never the keys), when keys were reserved or sent.
    public var keyIDs: [String]

    public init(channel: String, orderID: String, outcome: Outcome, keyIDs: [String] = []) {
        self.channel = channel
        self.orderID = orderID
        self.outcome = outcome
        self.keyIDs = keyIDs
    }

    public enum Kind: String, Sendable, CaseIterable, Hashable {
        case delivered
        case reserved
        case progressed
        case waiting
        case held
        case failed
        case cancelled
        case skipped
    }

    public enum Outcome: Sendable {
        /// The buyer got the keys in this run (language of the template used, if any), then the
        /// steps after delivery ran, and the record may wait for something more.
        case delivered(language: String?, alreadySent: Bool, then: [String], wait: RecordWait?)
        /// Keys are reserved; the order waits for acceptance or payment.
        case reserved(RecordWait?)
        /// Steps after delivery ran (shipment, invoice, close), or the record waits.
        case progressed(steps: [String], wait: RecordWait?)
        /// Not enough keys: the order waits, oldest first.
        case waiting([Shortfall])
        /// A person must act before keyship can serve it.
        case held([HoldReason])
        /// A step failed; it is retried on a later run with the same keys.
        case failed(step: String, reason: String)
        /// Cancelled: keys returned to stock or burned.
        case cancelled(CancellationRecord.Outcome)
        /// Another run is working on it.
        case skipped(RecordWait)

        public var kind: Kind {
            switch self {
            case .delivered: .delivered
            case .reserved: .reserved
            case .progressed: .progressed
            case .waiting: .waiting
            case .held: .held
            case .failed: .failed
            case .cancelled: .cancelled
            case .skipped: .skipped
            }
        }

        public var needsAttention: Bool {
            switch self {
            case .waiting, .held, .failed: true
            case .progressed(_, let wait), .reserved(let wait): wait?.needsAttention ?? false
            case .skipped(let wait): wait.needsAttention
            case .delivered, .cancelled: false
            }
        }
    }
}

public struct ChannelFailure: Sendable {
    public enum Phase: String, Sendable {
        /// Creating the channel from its settings (credentials, outbox folder).
        case setup
        /// Listing its orders.
        case pull

        func text(in language: Language) -> String {
            switch self {
            case .setup: language.pick(es: "configuración", en: "settings")
            case .pull: language.pick(es: "lectura de pedidos", en: "reading orders")
            }
        }
    }

    public var channel: String
    public var phase: Phase
    public var message: any LocalizedMessage
    /// 1 for settings to fix, 4 for a channel that did not respond.
    public var exitCode: ExitCode

    public init(channel: String, phase: Phase, message: any LocalizedMessage, exitCode: ExitCode) {
        self.channel = channel
        self.phase = phase
        self.message = message
        self.exitCode = exitCode
    }
}

public struct StockSyncOutcome: Sendable {
    public var channel: String
    public var offers: Int
    public var reference: String?
    public var rejected: [String: String]
    public var error: (any LocalizedMessage)?

    public init(
        channel: String, offers: Int, reference: String? = nil, rejected: [String: String] = [:],
        error: (any LocalizedMessage)? = nil
    ) {
        self.channel = channel
        self.offers = offers
        self.reference = reference
        self.rejected = rejected
        self.error = error
    }
}

public struct PublishedCommit: Sendable {
    public var phase: String
    public var commit: String
    public var subject: String
    /// How many times the commit was built: more than 1 when another run pushed first.
    public var attempts: Int

    public init(phase: String, commit: String, subject: String, attempts: Int) {
        self.phase = phase
        self.commit = commit
        self.subject = subject
        self.attempts = attempts
    }
}

public struct PhaseTiming: Sendable {
    public var phase: String
    public var seconds: Double

    public init(phase: String, seconds: Double) {
        self.phase = phase
        self.seconds = seconds
    }
}
