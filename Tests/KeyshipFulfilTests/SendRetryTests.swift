import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Synchronization
import Testing

@Suite struct SendRetryTests {
    /// The first send fails like an HTTP 500, and the record stores the error with attempt 1
    /// and keeps the key. A run before the backoff does nothing. The retry after it sends the
    /// same key once.
    @Test func failedSendRetriesSameKey() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
        }
        let logger = Logger(label: "test", handler: harness.logs)
        let factory = FaultyChannelFactory(
            base: StandardChannelFactory(environment: harness.fixture.environment, now: { [harness] in harness.now }, logger: logger),
            failingSends: 1)
        try harness.fixture.addOrder("T-6", lines: [("OFFICE", 1)])

        let failed = try await harness.run(factory: factory)

        guard case .failed(let step, let reason)? = failed.orders.first?.outcome else {
            Issue.record("expected a failed outcome, got \(String(describing: failed.orders.first?.outcome))")
            return
        }
        #expect(step == "deliver")
        #expect(reason == "the marketplace answered HTTP 500")
        #expect(harness.outboxFiles() == ["stock.csv"])
        let errorRecord = try #require(try harness.record("T-6"))
        #expect(errorRecord.delivery.status == .error)
        #expect(errorRecord.delivery.lastError == "the marketplace answered HTTP 500")
        #expect(errorRecord.delivery.attempts == 1)
        #expect(errorRecord.delivery.lastAttemptAt == harness.now)
        #expect(errorRecord.claim == nil)
        #expect(!errorRecord.isClosed)
        #expect(errorRecord.keys.map(\.row.id) == ["b-office-0001"])
        #expect(try harness.stockIDs("office") == ["b-office-0002", "b-office-0003"])
        let conditions = try harness.activeConditions().filter { $0.hasPrefix("delivery_error") }
        #expect(conditions == ["delivery_error tienda/T-6"])
        let raised = try harness.notifications().flatMap(FulfilHarness.changeLines).filter { $0.contains("delivery_error") }
        #expect(raised == ["started delivery_error tienda/T-6 status=error attempts=1 last_error=the marketplace answered HTTP 500"])
        let retryAt = try #require(errorRecord.delivery.nextRetry)
        #expect(retryAt == harness.now.adding(seconds: 60))

        // Before the backoff ends: no attempt, no commit.
        let subjects = try harness.remoteSubjects()
        harness.advance(seconds: 59)
        let early = try await harness.run(factory: factory)

        guard case .progressed(let steps, let wait)? = early.orders.first?.outcome else {
            Issue.record("expected a waiting record, got \(String(describing: early.orders.first?.outcome))")
            return
        }
        #expect(steps == [])
        #expect(wait == .retryAt(retryAt))
        #expect(try harness.remoteSubjects() == subjects)
        #expect(harness.outboxFiles() == ["stock.csv"])
        #expect(try harness.record("T-6") == errorRecord)

        // After the backoff: the same key goes out, once.
        harness.advance(seconds: 1)
        let retried = try await harness.run(factory: factory)

        #expect(retried.orders.map(\.outcome.kind) == [.delivered])
        #expect(FulfilHarness.keys(in: try harness.outboxMessages()["T-6.eml"]?.body) == ["KEY-OFFICE-1"])
        let done = try #require(try harness.record("T-6"))
        #expect(done.delivery.status == .done)
        #expect(done.delivery.attempts == 2)
        #expect(done.delivery.lastError == nil)
        #expect(done.delivery.sentAt == harness.now)
        #expect(done.delivery.messageID == "T-6.eml")
        #expect(done.keys.map(\.row.id) == ["b-office-0001"])
        #expect(done.isClosed)
        #expect(try harness.activeConditions().filter { $0.hasPrefix("delivery_error") } == [])
        let cleared = try harness.notifications().last.map(FulfilHarness.changeLines) ?? []
        #expect(cleared == ["cleared delivery_error tienda/T-6 status=done attempts=2"])
        #expect(try harness.stockIDs("office") == ["b-office-0002", "b-office-0003"])
        let message = harness.fixture.outbox.appendingPathComponent("T-6.eml")
        let bytes = try Data(contentsOf: message)

        harness.advance(seconds: 300)
        let after = try await harness.run(factory: factory)

        #expect(after.orders.isEmpty)
        #expect(harness.outboxFiles() == ["T-6.eml", "T-6.json", "stock.csv"])
        #expect(try Data(contentsOf: message) == bytes)
        #expect(factory.sendFailures.withLock { $0 } == 0)
    }

    /// Each failure doubles the wait before the next attempt (1 minute, then 2), and the
    /// delivery-error alert is raised once for the whole streak.
    @Test func backoffDoublesAfterEachFailure() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        let logger = Logger(label: "test", handler: harness.logs)
        let factory = FaultyChannelFactory(
            base: StandardChannelFactory(environment: harness.fixture.environment, now: { [harness] in harness.now }, logger: logger),
            failingSends: 2)
        try harness.fixture.addOrder("T-8", lines: [("OFFICE", 1)])

        try await harness.run(factory: factory)
        harness.advance(seconds: 60)
        let second = try await harness.run(factory: factory)

        #expect(second.orders.map(\.outcome.kind) == [.failed])
        let record = try #require(try harness.record("T-8"))
        #expect(record.delivery.attempts == 2)
        #expect(record.delivery.nextRetry == harness.now.adding(seconds: 120))

        harness.advance(seconds: 119)
        let early = try await harness.run(factory: factory)
        #expect(early.orders.map(\.outcome.kind) == [.progressed])
        #expect(harness.outboxFiles() == ["stock.csv"])

        harness.advance(seconds: 1)
        let delivered = try await harness.run(factory: factory)

        #expect(delivered.orders.map(\.outcome.kind) == [.delivered])
        #expect(try harness.record("T-8")?.delivery.attempts == 3)
        #expect(try harness.record("T-8")?.keys.map(\.row.id) == ["b-office-0001"])
        let changes = try harness.notifications().map(FulfilHarness.changeLines)
        #expect(changes == [
            ["started delivery_error tienda/T-8 status=error attempts=1 last_error=the marketplace answered HTTP 500"],
            ["cleared delivery_error tienda/T-8 status=done attempts=3"],
        ])
    }

    /// A send that reached the buyer but reported an error (a timeout after the marketplace
    /// stored the message): the retry finds the message and does not send a second one.
    @Test func storedMessageIsNotSentTwice() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        let factory = WrappingChannelFactory(harness: harness) { SentThenFailingMarketplace(inner: $0) }
        try harness.fixture.addOrder("T-7", lines: [("OFFICE", 1)])

        let failed = try await harness.run(factory: factory)

        #expect(failed.orders.map(\.outcome.kind) == [.failed])
        #expect(try harness.record("T-7")?.delivery.status == .error)
        let message = harness.fixture.outbox.appendingPathComponent("T-7.eml")
        let bytes = try Data(contentsOf: message)
        let date = try FileManager.default.attributesOfItem(atPath: message.path)[.modificationDate] as? Date

        harness.advance(seconds: 60)
        let retried = try await harness.run(factory: factory)

        guard case .delivered(_, let alreadySent, _, _)? = retried.orders.first?.outcome else {
            Issue.record("expected a delivered outcome, got \(String(describing: retried.orders.first?.outcome))")
            return
        }
        #expect(alreadySent)
        let sends = factory.made.compactMap { $0 as? SentThenFailingMarketplace }.map { $0.sends.withLock { $0 } }
        #expect(sends == [1, 0])
        #expect(try Data(contentsOf: message) == bytes)
        #expect(try FileManager.default.attributesOfItem(atPath: message.path)[.modificationDate] as? Date == date)
        let record = try #require(try harness.record("T-7"))
        #expect(record.delivery.status == .done)
        #expect(record.delivery.attempts == 2)
        #expect(record.delivery.messageID == "T-7.eml")
        #expect(record.keys.map(\.row.id) == ["b-office-0001"])
        #expect(record.isClosed)
    }
}

/// Stores every message like the real channel, but reports the first send as failed, like a
/// marketplace that times out after saving the message.
final class SentThenFailingMarketplace: ForwardingMarketplace, @unchecked Sendable {
    // @unchecked: as for ForwardingMarketplace; the send counter is behind a Mutex.
    let sends = Mutex(0)

    override func send(_ message: BuyerMessage, for order: Order) async throws -> SentMessage {
        let sent = try await inner.send(message, for: order)
        let count = sends.withLock { count -> Int in
            count += 1
            return count
        }
        if count == 1 { throw InjectedFailure() }
        return sent
    }
}
