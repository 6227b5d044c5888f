import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing

/// Two `keyship fulfil` processes started at the same moment on two clones of one remote, like
/// two CI runners that see the same marketplace: push is the lock, so no key is sold twice.
@Suite struct ConcurrentRunTests {
    /// Fresh stores per round, because one lucky interleaving proves little.
    static let rounds = 5

    /// Five keys, eight orders of one: five orders are served once each, three wait.
    @Test func fewerKeysThanOrders() throws {
        for round in 1...Self.rounds {
            try raceForKeys(round: round)
        }
    }

    /// Both runners see a paid order whose keys an earlier run reserved: one claims and sends it.
    @Test func openRecordIsSentOnce() throws {
        for round in 1...3 {
            try raceForClaim(round: round)
        }
    }

    // MARK: - Rounds

    private func raceForKeys(round: Int) throws {
        let orderIDs = (1...8).map { String(format: "T-%02d", $0) }
        let store = try ProcessStore("race") { fixture, book in
            try book.add(keys("office", 1...5), product: "office", batch: "b1", to: fixture)
            for (index, id) in orderIDs.enumerated() {
                try fixture.addOrder(id, createdAt: String(format: "2026-12-04T10:%02d:00Z", index + 1), lines: [("OFFICE", 1)])
            }
        }
        let runners = [try store.makeRunner("runner-a"), try store.makeRunner("runner-b")]

        let processes = try store.startTogether(runners, label: "\(round)")
        let results = try processes.map { try $0.wait() }

        for (runner, result) in zip(runners, results) {
            // Three orders wait for stock in both runners' view, which needs attention.
            #expect(result.exitStatus == 3, "round \(round), \(runner.name): \(result.transcript)")
        }
        let reports = try results.map { try RunJSON.parse($0) }

        // The ledger: five records, the five oldest orders, one distinct key each.
        let records = try store.remoteRecords().map(\.record)
        #expect(records.map(\.orderID).sorted() == Array(orderIDs.prefix(5)), "round \(round)")
        let keyIDs = records.flatMap { $0.keys.map(\.row.id) }
        #expect(keyIDs.count == 5, "round \(round)")
        #expect(Set(keyIDs) == Set((1...5).map { String(format: "b-office-%04d", $0) }), "round \(round)")
        for record in records {
            #expect(record.keys.count == 1, "round \(round), \(record.orderID)")
            #expect(record.delivery.status == .done, "round \(round), \(record.orderID)")
            #expect(record.isClosed, "round \(round), \(record.orderID)")
        }

        // The messages: each order sent by exactly one runner, with the keys of its record.
        let sentA = try ProcessStore.sentKeys(in: runners[0].outbox)
        let sentB = try ProcessStore.sentKeys(in: runners[1].outbox)
        #expect(Set(sentA.keys).isDisjoint(with: sentB.keys), "round \(round): an order was sent by both runners")
        let sent = sentA.merging(sentB) { first, _ in first }
        #expect(sent.keys.sorted() == orderIDs.prefix(5).map { "\($0).eml" }, "round \(round)")
        let allSent = sent.values.flatMap { $0 }
        #expect(allSent.count == Set(allSent).count, "round \(round): a key was sent twice: \(allSent.sorted())")
        for record in records {
            #expect(
                sent["\(record.orderID).eml"] == store.keyBook.plaintexts(of: record.keys.map(\.row.id)),
                "round \(round), \(record.orderID)")
        }

        // The reports agree with the outboxes, and the orders left over wait in both.
        #expect(Set(reports[0].orderIDs(outcome: "delivered").map { "\($0).eml" }) == Set(sentA.keys), "round \(round)")
        #expect(Set(reports[1].orderIDs(outcome: "delivered").map { "\($0).eml" }) == Set(sentB.keys), "round \(round)")
        for report in reports {
            #expect(report.orderIDs(outcome: "waiting") == Array(orderIDs.suffix(3)), "round \(round)")
        }

        // The history: linear, every run commit traceable to its run, each key reserved once.
        let commits = try store.remoteCommits()
        #expect(commits.allSatisfy { $0.parents <= 1 }, "round \(round): the remote history has a merge")
        let runCommits = commits.dropFirst()
        #expect(runCommits.allSatisfy { $0.runs.count == 1 }, "round \(round): \(runCommits.map(\.subject))")
        let reservations = runCommits.filter { $0.subject.hasPrefix("Reserve") }
        #expect(!reservations.isEmpty, "round \(round)")
        let reservedIDs = reservations.flatMap(\.keyIDs)
        #expect(reservedIDs.sorted() == keyIDs.sorted(), "round \(round)")
    }

    private func raceForClaim(round: Int) throws {
        let store = try ProcessStore("claim") { fixture, book in
            try book.add(keys("office", 1...3), product: "office", batch: "b1", to: fixture)
            try fixture.addOrder("C-1", state: "awaiting_payment", lines: [("OFFICE", 2)])
        }
        // A first run reserves the keys while the order waits for payment: the record stays open.
        let first = try store.fulfil(["--json"], label: "reserve-\(round)")
        #expect(first.exitStatus == 0, "round \(round): \(first.transcript)")
        let reserved = try #require(try store.remoteRecords().first?.record, "round \(round)")
        #expect(reserved.delivery.status == .inProgress, "round \(round)")
        #expect(reserved.claim == nil, "round \(round)")

        // The buyer pays; both runners see the paid order.
        try store.fixture.addOrder("C-1", state: "paid", lines: [("OFFICE", 2)])
        let runners = [try store.makeRunner("runner-a"), try store.makeRunner("runner-b")]
        let processes = try store.startTogether(runners, label: "claim-\(round)")
        let results = try processes.map { try $0.wait() }
        for (runner, result) in zip(runners, results) {
            #expect(result.exitStatus == 0, "round \(round), \(runner.name): \(result.transcript)")
        }

        let messages = runners.flatMap { ProcessStore.messageNames(in: $0.outbox) }
        #expect(messages == ["C-1.eml"], "round \(round): \(messages)")
        let sent = try runners.map { try ProcessStore.sentKeys(in: $0.outbox) }.reduce(into: [:]) { $0.merge($1) { a, _ in a } }
        #expect(sent["C-1.eml"] == store.keyBook.plaintexts(of: reserved.keys.map(\.row.id)), "round \(round)")

        let reports = try results.map { try RunJSON.parse($0) }
        #expect(reports.map { $0.orderIDs(outcome: "delivered") }.flatMap { $0 } == ["C-1"], "round \(round)")

        let records = try store.remoteRecords().map(\.record)
        #expect(records.count == 1, "round \(round)")
        #expect(records.first?.keys.map(\.row.id) == reserved.keys.map(\.row.id), "round \(round)")
        #expect(records.first?.delivery.status == .done, "round \(round)")
        #expect(records.first?.delivery.attempts == 1, "round \(round)")
        let commits = try store.remoteCommits()
        #expect(commits.allSatisfy { $0.parents <= 1 }, "round \(round): the remote history has a merge")
        #expect(commits.filter { $0.subject.hasPrefix("Claim") }.count == 1, "round \(round): \(commits.map(\.subject))")
    }
}

/// The parts of `keyship fulfil --json` these tests read.
struct RunJSON: Decodable {
    struct Order: Decodable {
        var channel: String
        var orderID: String
        var outcome: String
        var keyIDs: [String]
        var needsAttention: Bool

        enum CodingKeys: String, CodingKey {
            case channel, outcome
            case orderID = "order_id"
            case keyIDs = "key_ids"
            case needsAttention = "needs_attention"
        }
    }

    var run: String
    var exitCode: Int
    var orders: [Order]
    var notification: String?

    enum CodingKeys: String, CodingKey {
        case run, orders, notification
        case exitCode = "exit_code"
    }

    /// Decodes the standard output of a run, which must be the JSON report.
    static func parse(_ result: KeyshipResult) throws -> RunJSON {
        do {
            return try JSONDecoder().decode(RunJSON.self, from: Data(result.stdout.utf8))
        } catch {
            throw InvalidRunJSON(description: "the run did not print a JSON report (\(error)): \(result.transcript)")
        }
    }

    /// Returns the ids of the orders with `outcome`, in report order (oldest first).
    func orderIDs(outcome: String) -> [String] {
        orders.filter { $0.outcome == outcome }.map(\.orderID)
    }
}

/// A run whose standard output is not the JSON report.
struct InvalidRunJSON: Error, CustomStringConvertible {
    var description: String
}
