import Foundation
import KeyshipChannels
import KeyshipCore
import KeyshipCrypto
import KeyshipFulfil
import KeyshipStore
import KeyshipTestSupport
import Synchronization

/// A store fixture with a bare remote, and a way to run the fulfilment job on it in process
/// with a clock the test moves.
final class FulfilHarness: @unchecked Sendable {
    // @unchecked: a harness belongs to one test; the clock is behind a Mutex for the run's
    // closures.
    let fixture: StoreFixture
    let logs = MemoryLogHandler(minimumLevel: .trace)
    private let clock: Mutex<Timestamp>

    /// Creates the default files-channel store, lets `prepare` add keys, templates or other
    /// settings, commits as the operator and pushes to a bare remote.
    init(
        _ label: String = "fulfil", remote: Bool = true, now: String = "2026-12-04T12:00:00Z",
        prepare: (StoreFixture) throws -> Void = { _ in }
    ) throws {
        fixture = try StoreFixture(label)
        clock = Mutex(Timestamp(iso: now)!)
        try prepare(fixture)
        try fixture.commitAll()
        if remote { try fixture.makeRemote() }
    }

    var now: Timestamp { clock.withLock { $0 } }

    /// Moves the clock forward.
    func advance(seconds: Int64) {
        clock.withLock { $0 = $0.adding(seconds: seconds) }
    }

    /// Runs `keyship fulfil` once on the fixture's work tree.
    @discardableResult
    func run(
        dryRun: Bool = false, channels: Set<String>? = nil, identities: [AgeIdentity]? = nil,
        factory: (any ChannelFactory)? = nil, environment: [String: String] = [:]
    ) async throws -> RunReport {
        let logger = Logger(label: "test", handler: logs)
        var env = fixture.environment
        env.merge(environment) { _, new in new }
        let store = try StoreRepository(path: fixture.root.path, environment: env, logger: logger)
        let now: @Sendable () -> Timestamp = { [self] in self.now }
        let dependencies = FulfilmentRun.Dependencies(
            store: store,
            channels: factory ?? StandardChannelFactory(environment: env, now: now, logger: logger, sleep: { _ in }),
            identities: identities ?? [fixture.identity], environment: env, now: now, logger: logger)
        return try await FulfilmentRun(dependencies: dependencies, options: FulfilOptions(dryRun: dryRun, channels: channels)).run()
    }

    // MARK: - Reading the result

    /// Runs git against the bare remote, the store's source of truth.
    func remoteGit(_ arguments: [String]) throws -> String {
        try fixture.git(["--git-dir", fixture.remote.path] + arguments, in: fixture.scratch.url).stdout
    }

    /// The text of `path` on the remote's main branch, or nil when it does not exist there.
    func remoteFile(_ path: String) -> String? {
        try? remoteGit(["show", "main:\(path)"])
    }

    /// The remote's commit subjects, newest first.
    func remoteSubjects() throws -> [String] {
        try remoteGit(["log", "--format=%s", "main"]).split(separator: "\n").map(String.init)
    }

    /// The ledger record of an order on the remote, open or closed.
    func record(_ orderID: String, channel: String = "tienda") throws -> LedgerRecord? {
        let store = try StoreRepository(path: fixture.root.path, environment: fixture.environment, logger: .disabled)
        let snapshot = store.snapshot(try store.sync())
        for path in try snapshot.files(under: "ledger/\(channel)") where path.hasSuffix("/\(StoreLayout.fileName(forOrderID: orderID)).yaml") {
            if case .found(let record, _) = try LedgerReader(snapshot: snapshot).record(
                channel: channel, orderID: orderID, createdAt: Self.createdAt(inPath: path)) {
                return record
            }
        }
        return nil
    }

    /// The key ids left in stock on the remote, by product, in file order.
    func stockIDs(_ product: String) throws -> [String] {
        let store = try StoreRepository(path: fixture.root.path, environment: fixture.environment, logger: .disabled)
        let snapshot = store.snapshot(try store.sync())
        return try StockLoader.load(from: snapshot, products: [product]).keys.map(\.row.id)
    }

    /// The `.eml` files in the outbox, by file name.
    func outboxMessages() throws -> [String: PythonEmail.Parsed] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: fixture.outbox.path) else { return [:] }
        var messages: [String: PythonEmail.Parsed] = [:]
        for name in names where name.hasSuffix(".eml") {
            let bytes = Array(try Data(contentsOf: fixture.outbox.appendingPathComponent(name)))
            messages[name] = try PythonEmail.parse(bytes)
        }
        return messages
    }

    /// The keys in a message body: the lines that look like the fixture's keys (`KEY-...`).
    static func keys(in body: String?) -> [String] {
        (body ?? "").replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
            .map(String.init).filter { $0.hasPrefix("KEY-") }
    }

    private static func createdAt(inPath path: String) -> Timestamp {
        // Closed records sit under their month; any instant in that month finds the file.
        let parts = path.split(separator: "/")
        if parts.count >= 3, let month = CivilDate(iso: parts[2] + "-01") {
            return Timestamp(date: month)
        }
        return Timestamp(secondsSinceEpoch: 0)
    }

    /// Log lines, for checking that no key leaked.
    var logText: String { logs.records.map(\.formatted).joined(separator: "\n") }
}

/// Keys for a batch: `KEY-<product>-<n>` so a test can tell them apart, and
/// `KEY-<product>-<batch>-<n>` for a batch other than the default `b`, because the run refuses
/// to sell the same licence key twice, even under two ids.
func keys(_ product: String, _ range: ClosedRange<Int>, warehouse: String = "MAD", created: String = "2026-12-01T10:00:00Z",
          expires: String? = nil, batch: String = "b") -> [StoreFixture.Key] {
    let prefix = batch == "b" ? "KEY-\(product.uppercased())-" : "KEY-\(product.uppercased())-\(batch.uppercased())-"
    return range.map { index in
        StoreFixture.Key(
            id: "\(batch)-\(product)-\(String(format: "%04d", index))", plaintext: "\(prefix)\(index)",
            warehouse: warehouse, createdAt: created, expiresOn: expires)
    }
}

/// Wraps the standard channels so tests can make steps fail on purpose.
final class FaultyChannelFactory: ChannelFactory, @unchecked Sendable {
    // @unchecked: the counters are behind a Mutex.
    let base: StandardChannelFactory
    let sendFailures = Mutex(0)

    init(base: StandardChannelFactory, failingSends: Int) {
        self.base = base
        sendFailures.withLock { $0 = failingSends }
    }

    func makeMarketplace(for channel: ChannelConfig, config: StoreConfig, storeRoot: String) throws -> any Marketplace {
        FaultyMarketplace(inner: try base.makeMarketplace(for: channel, config: config, storeRoot: storeRoot), factory: self)
    }
}

/// A marketplace whose `send` fails while the factory's counter is above zero, like an API
/// answering HTTP 500.
final class FaultyMarketplace: Marketplace, OutboxChannel {
    let inner: any Marketplace
    let factory: FaultyChannelFactory

    init(inner: any Marketplace, factory: FaultyChannelFactory) {
        self.inner = inner
        self.factory = factory
    }

    var channel: ChannelConfig { inner.channel }
    var outboxPath: String { (inner as? any OutboxChannel)?.outboxPath ?? "" }

    func pullOrders(openOrders: [OpenOrderReference]) async throws -> OrderBatch { try await inner.pullOrders(openOrders: openOrders) }
    func accept(_ order: Order) async throws { try await inner.accept(order) }
    func findSentMessage(for order: Order, subject: String) async throws -> SentMessage? {
        try await inner.findSentMessage(for: order, subject: subject)
    }
    func send(_ message: BuyerMessage, for order: Order) async throws -> SentMessage {
        let fail = factory.sendFailures.withLock { count -> Bool in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
        if fail { throw InjectedFailure() }
        return try await inner.send(message, for: order)
    }
    func confirmShipment(of order: Order) async throws { try await inner.confirmShipment(of: order) }
    func attachInvoice(_ invoice: InvoiceDocument, to order: Order) async throws { try await inner.attachInvoice(invoice, to: order) }
    func pushStock(_ levels: [StockLevel]) async throws -> StockSyncResult { try await inner.pushStock(levels) }
    func listOffers() async throws -> [Offer] { try await inner.listOffers() }
}

/// The failure a marketplace API gives when it answers HTTP 500.
struct InjectedFailure: KeyshipError {
    func text(in language: Language) -> String {
        language.pick(es: "el marketplace respondió HTTP 500", en: "the marketplace answered HTTP 500")
    }
}
