import Foundation
import KeyshipChannels
import KeyshipCore
import KeyshipCrypto
import KeyshipFulfil
import KeyshipStore
import KeyshipTestSupport
import Synchronization
import Testing

/// Two runs that each create the fingerprint key for a store that has none: push is the lock,
/// so one key wins and both runs index their keys with it.
@Suite struct FingerprintKeyRaceTests {
    /// Run B creates its key inside its first reservation attempt. At that moment run A (the
    /// `keyship` binary on another clone) creates its own key and publishes first. B's push is
    /// rejected; B plans again, opens A's key and indexes its own sale with it.
    @Test func oneKeyWinsAndBothUseIt() async throws {
        let store = try ProcessStore("fingerprint-race") { fixture, book in
            try book.add(keys("office", 1...4), product: "office", batch: "b1", to: fixture)
        }
        let fixture = store.fixture
        let runnerA = try store.makeRunner("runner-a")
        try fixture.writeOrder("T-A", inbox: runnerA.inbox, lines: [("OFFICE", 1)])
        try fixture.addOrder("T-B", createdAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 1)])

        let runA = Mutex<KeyshipResult?>(nil)
        let environmentA = store.environment(root: runnerA.root)
        let logs = store.logs
        let handler = TriggerLogHandler(message: "creating the fingerprint key") {
            let result = try? KeyshipBinary.run(["fulfil", "--json"], environment: environmentA, outputFolder: logs, label: "runner-a")
            runA.withLock { $0 = result }
        }
        let reportB = try await Self.runInProcess(harness: store.harness, handler: handler)

        let resultA = try #require(runA.withLock { $0 })
        #expect(resultA.exitStatus == 0, "runner A: \(resultA.stdout) \(resultA.stderr)")
        #expect(handler.records.count { $0.message == "creating the fingerprint key" } == 1)
        #expect(reportB.orders.map(\.orderID) == ["T-B"])
        #expect(reportB.orders.map(\.outcome.kind) == [.delivered])
        #expect(reportB.commits.first { $0.phase == "reserve" }?.attempts == 2)

        // The key was written once, by runner A's reservation, and never replaced.
        let harness = store.harness
        let keyCommitRuns = try harness.remoteGit([
            "log", "--format=%(trailers:key=Keyship-Run,valueonly)", "main", "--", FingerprintLayout.keyFile,
        ]).split(separator: "\n").map(String.init)
        #expect(keyCommitRuns.count == 1)
        #expect(keyCommitRuns.first != reportB.run)

        // Both sales are indexed with the key that won.
        let key = try harness.remoteFingerprintKey()
        let records = try store.remoteRecords().map(\.record)
        let sold = records.flatMap { record in record.keys.map { (record, $0.row.id) } }
        #expect(sold.map(\.0.orderID).sorted() == ["T-A", "T-B"])
        let expected = sold.map { record, keyID in
            FingerprintEntry(
                fingerprint: key.fingerprint(ofKeyText: store.keyBook.plaintexts(of: [keyID])[0]), channel: record.channel,
                orderID: record.orderID, keyID: keyID)
        }
        #expect(try harness.remoteIndex() == expected.sorted())
    }

    /// Runs the fulfilment job in this process on the store's own work tree, logging to `handler`.
    static func runInProcess(harness: FulfilHarness, handler: TriggerLogHandler) async throws -> RunReport {
        let logger = Logger(label: "test", handler: handler)
        let environment = harness.fixture.environment
        let store = try StoreRepository(path: harness.fixture.root.path, environment: environment, logger: logger)
        let now: @Sendable () -> Timestamp = { [harness] in harness.now }
        let dependencies = FulfilmentRun.Dependencies(
            store: store, channels: StandardChannelFactory(environment: environment, now: now, logger: logger, sleep: { _ in }),
            identities: [harness.fixture.identity], environment: environment, now: now, logger: logger)
        return try await FulfilmentRun(dependencies: dependencies, options: FulfilOptions()).run()
    }
}

/// Keeps log records in memory and runs an action once, synchronously, when a record with the
/// given message is written, so a test can act at an exact point inside a run.
final class TriggerLogHandler: LogHandler {
    let minimumLevel: Logger.Level = .trace
    private let message: String
    private let action: Mutex<(@Sendable () -> Void)?>
    private let storage = Mutex<[LogRecord]>([])

    init(message: String, action: @escaping @Sendable () -> Void) {
        self.message = message
        self.action = Mutex(action)
    }

    var records: [LogRecord] { storage.withLock { $0 } }

    func write(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
        guard record.message == message else { return }
        let pending = action.withLock { action -> (@Sendable () -> Void)? in
            defer { action = nil }
            return action
        }
        pending?()
    }
}
