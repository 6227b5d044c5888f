import FakeMirakl
import Foundation
import KeyshipChannels
import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Synchronization

/// A clock tests set and advance; the fake and the channel read the same one.
final class TestClock: Sendable {
    private let current: Mutex<Timestamp>

    init(_ start: Timestamp = MiraklHarness.start) {
        current = Mutex(start)
    }

    var now: Timestamp { current.withLock { $0 } }

    func advance(seconds: Int64) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    var function: @Sendable () -> Timestamp {
        { [self] in now }
    }
}

/// Records the waits the HTTP client and the stock polling ask for and returns at once.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])

    var recorded: [Duration] { delays.withLock { $0 } }

    var function: @Sendable (Duration) async throws -> Void {
        { [self] duration in delays.withLock { $0.append(duration) } }
    }
}

/// A fake Mirakl and a channel pointed at it, sharing a clock, a log and recorded sleeps.
struct MiraklHarness {
    static let apiKey = "mk-test-7Hq2Lz9Xw4pQ"
    static let keyVariable = "KEYSHIP_PCC_API_KEY"
    /// 2026-12-04 10:00:00 UTC.
    static let start = Timestamp(secondsSinceEpoch: 1_796_378_400)

    let fake: FakeMirakl
    let channel: MiraklChannel
    let clock: TestClock
    let sleeps: SleepRecorder
    let logs: MemoryLogHandler

    /// Starts a fake with `orders` and `offers` and a channel named `pcc` using it.
    init(
        orders: [FakeMirakl.Order] = [], offers: [FakeMirakl.Offer] = [], tracking: TrackingSettings? = nil,
        shopID: String? = nil, stockWarehouseCode: String? = nil, autoDebit: Bool = false, threadPageLimit: Int = 50,
        stockImportPollsUntilComplete: Int = 2, stockPollDelays: [Duration] = [.seconds(15), .seconds(15), .seconds(30)],
        requestTimeout: Duration = .seconds(5), apiKeyInEnvironment: String = MiraklHarness.apiKey
    ) throws {
        let clock = TestClock()
        let sleeps = SleepRecorder()
        let logs = MemoryLogHandler(minimumLevel: .trace)
        let fake = try FakeMirakl(
            FakeMirakl.Configuration(
                apiKey: Self.apiKey, shopID: 2001, autoDebit: autoDebit,
                stockImportPollsUntilComplete: stockImportPollsUntilComplete, threadPageLimit: threadPageLimit,
                now: clock.function),
            seed: FakeMirakl.Seed(orders: orders, offers: offers))
        let logger = Logger(label: "mirakl-test", handler: logs)
        let client = HTTPClient(
            configuration: HTTPClientConfiguration(
                connectTimeout: .seconds(2), requestTimeout: requestTimeout, maxAttempts: 4,
                retryTiming: RetryTiming(baseDelay: .milliseconds(500), maxDelay: .seconds(30), maxRetryAfter: .seconds(60))),
            logger: logger, sleep: sleeps.function, jitter: { 1 }, now: clock.function)
        let settings = MiraklChannelSettings(
            baseURL: fake.baseURL + "/", apiKeyEnv: Self.keyVariable, shopID: shopID, tracking: tracking, lookbackDays: 30,
            stockWarehouseCode: stockWarehouseCode)
        channel = try MiraklChannel(
            channel: ChannelConfig(name: "pcc", warehouse: "MAD", language: "es", settings: .mirakl(settings)),
            environment: [Self.keyVariable: apiKeyInEnvironment, "HOME": "/root"], client: client, logger: logger,
            options: MiraklChannelOptions(stockPollDelays: stockPollDelays, sleep: sleeps.function, now: clock.function))
        self.fake = fake
        self.clock = clock
        self.sleeps = sleeps
        self.logs = logs
    }

    /// Returns the order as the channel lists it.
    func listed(_ orderID: String) async throws -> Order? {
        let batch = try await channel.pullOrders(openOrders: [OpenOrderReference(id: orderID, createdAt: MiraklHarness.start)])
        return batch.orders.first { $0.id == orderID }
    }

    /// Every log line, formatted.
    var logText: String {
        logs.records.map(\.formatted).joined(separator: "\n")
    }
}

/// Makes a fake order with `lineCount` lines of SKU `PCC-88123`, created `minutesAgo` before
/// the harness clock's start.
func makeOrder(
    _ id: String, state: String = "WAITING_ACCEPTANCE", lineCount: Int = 1, minutesAgo: Int64 = 60,
    customer: FakeMirakl.Customer? = FakeMirakl.Customer(customerID: "C-1", firstname: "Ana", lastname: "García", locale: "es_ES")
) -> FakeMirakl.Order {
    let created = MiraklHarness.start.adding(seconds: -minutesAgo * 60)
    let lines = (1...lineCount).map { FakeMirakl.Line(id: "\(id)-\($0)", sku: "PCC-88123", quantity: $0, title: "Office 2021") }
    return FakeMirakl.Order(id: id, state: state, createdAt: created, customer: customer, lines: lines)
}

/// Makes a channel order with the fake order's lines, for calls that take one.
func channelOrder(_ fakeOrder: FakeMirakl.Order) -> Order {
    Order(
        channel: "pcc", id: fakeOrder.id, createdAt: fakeOrder.createdAt, state: .paid, marketplaceState: fakeOrder.state,
        lines: fakeOrder.lines.map { OrderLine(id: $0.id, sku: $0.sku, quantity: $0.quantity, title: $0.title) })
}

extension Error {
    /// The Mirakl problem of a `MiraklError`, for short assertions.
    var miraklProblem: MiraklError.Problem? {
        (self as? MiraklError)?.problem
    }
}

extension LoopbackRequest {
    /// The query as name-value pairs, for exact comparisons.
    var queryPairs: [String] {
        query.map { "\($0.name)=\($0.value)" }
    }
}
