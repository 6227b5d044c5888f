import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

/// The built binary killed with SIGKILL at a failpoint (`KEYSHIP_FAILPOINT`), then runs that
/// recover: the buyer gets the reserved keys once, and no key is reserved twice.
///
/// A crashed run leaves its claim on the records, which keeps other runs away for
/// `RunClaim.lease` (15 minutes) of the runner's clock. The binary reads the real clock and
/// has no setting to move it. So the binary crashes and runs again within the lease, and the
/// run at the lease's end happens in process on the same store, with a clock the test sets.
@Suite struct CrashRecoveryTests {
    @Test func crashAfterReservation() async throws {
        let store = try ProcessStore("crash-reserve") { fixture, book in
            try book.add(keys("office", 1...4), product: "office", batch: "b1", to: fixture)
            try fixture.addOrder("R-1", lines: [("OFFICE", 2)])
        }
        let harness = store.harness

        let crashed = try store.fulfil(label: "crash", extra: ["KEYSHIP_FAILPOINT": "after-reserve"])
        #expect(crashed.signal == SIGKILL, "\(crashed.transcript)")
        #expect(crashed.exitStatus == nil)

        // The reservation is on the remote, and nothing was sent.
        let commits = try store.remoteCommits()
        #expect(commits.map(\.subject) == ["Set up the store", "Reserve 2 keys for 1 order"])
        #expect(commits.last?.keyIDs == ["b-office-0001", "b-office-0002"])
        #expect(commits.last?.runs.count == 1)
        let reserved = try #require(try harness.record("R-1"))
        #expect(reserved.keys.map(\.row.id) == ["b-office-0001", "b-office-0002"])
        #expect(reserved.delivery.status == .inProgress)
        #expect(reserved.delivery.attempts == 1)
        let claim = try #require(reserved.claim)
        #expect(claim.run == commits.last?.runs.first)
        #expect(ProcessStore.messageNames(in: store.fixture.outbox) == [])
        #expect(try harness.stockIDs("office") == ["b-office-0003", "b-office-0004"])

        // A run right after the crash leaves the claimed order alone.
        let withinLease = try store.fulfil(["--json"], label: "within-lease")
        #expect(withinLease.exitStatus == 0, "\(withinLease.transcript)")
        let blocked = try RunJSON.parse(withinLease)
        #expect(blocked.orders.map(\.outcome) == ["skipped"])
        #expect(ProcessStore.messageNames(in: store.fixture.outbox) == [])
        #expect(try harness.record("R-1")?.claim == claim)

        // One second before the lease ends nothing is sent. At its end the same keys go out once.
        harness.advance(seconds: claim.at.secondsSinceEpoch + RunClaim.lease - 1 - harness.now.secondsSinceEpoch)
        let early = try await harness.run()
        #expect(early.orders.map(\.outcome.kind) == [.skipped])
        #expect(ProcessStore.messageNames(in: store.fixture.outbox) == [])

        harness.advance(seconds: 1)
        let recovered = try await harness.run()
        #expect(recovered.orders.map(\.outcome.kind) == [.delivered])
        #expect(recovered.orders.first?.keyIDs == ["b-office-0001", "b-office-0002"])
        let sent = try ProcessStore.sentKeys(in: store.fixture.outbox)
        #expect(sent == ["R-1.eml": ["KEY-OFFICE-1", "KEY-OFFICE-2"]])
        let delivered = try #require(try harness.record("R-1"))
        #expect(delivered.keys.map(\.row.id) == ["b-office-0001", "b-office-0002"])
        #expect(delivered.delivery.status == .done)
        #expect(delivered.delivery.attempts == 2)
        #expect(delivered.delivery.messageID == "R-1.eml")
        #expect(delivered.isClosed)
        #expect(try harness.stockIDs("office") == ["b-office-0003", "b-office-0004"])

        // A later run of the binary sends nothing more.
        let message = store.fixture.outbox.appendingPathComponent("R-1.eml")
        let before = try Data(contentsOf: message)
        let after = try store.fulfil(["--json"], label: "after")
        #expect(after.exitStatus == 0, "\(after.transcript)")
        #expect(try RunJSON.parse(after).orderIDs(outcome: "delivered") == [])
        #expect(ProcessStore.messageNames(in: store.fixture.outbox) == ["R-1.eml"])
        #expect(try Data(contentsOf: message) == before)
    }

    @Test func crashAfterSending() async throws {
        let store = try ProcessStore("crash-steps") { fixture, book in
            try book.add(keys("office", 1...5), product: "office", batch: "b1", to: fixture)
            try fixture.addOrder("S-1", createdAt: "2026-12-04T10:01:00Z", lines: [("OFFICE", 1)])
            try fixture.addOrder("S-2", createdAt: "2026-12-04T10:02:00Z", lines: [("OFFICE", 2)])
        }
        let harness = store.harness
        let outbox = store.fixture.outbox

        let crashed = try store.fulfil(label: "crash", extra: ["KEYSHIP_FAILPOINT": "after-steps"])
        #expect(crashed.signal == SIGKILL, "\(crashed.transcript)")

        // The messages were written, but the record commit never happened.
        #expect(ProcessStore.messageNames(in: outbox) == ["S-1.eml", "S-2.eml"])
        let sentBefore = try ProcessStore.sentKeys(in: outbox)
        #expect(sentBefore == ["S-1.eml": ["KEY-OFFICE-1"], "S-2.eml": ["KEY-OFFICE-2", "KEY-OFFICE-3"]])
        let files = try MessageFiles(outbox)
        let commits = try store.remoteCommits()
        #expect(commits.map(\.subject) == ["Set up the store", "Reserve 3 keys for 2 orders"])
        let reserved = try ["S-1", "S-2"].map { try #require(try harness.record($0)) }
        #expect(reserved.map(\.delivery.status) == [.inProgress, .inProgress])
        let claim = try #require(reserved.first?.claim)

        // Within the lease the binary leaves both orders alone.
        let withinLease = try store.fulfil(["--json"], label: "within-lease")
        #expect(withinLease.exitStatus == 0, "\(withinLease.transcript)")
        #expect(try RunJSON.parse(withinLease).orders.map(\.outcome) == ["skipped", "skipped"])
        #expect(try MessageFiles(outbox) == files)

        // After the lease, the run finds each message and records it without sending again.
        harness.advance(seconds: claim.at.secondsSinceEpoch + RunClaim.lease - harness.now.secondsSinceEpoch)
        let recovered = try await harness.run()
        #expect(recovered.orders.map(\.orderID) == ["S-1", "S-2"])
        for order in recovered.orders {
            guard case .delivered(_, let alreadySent, _, _) = order.outcome else {
                Issue.record("\(order.orderID) was not delivered: \(order.outcome)")
                continue
            }
            #expect(alreadySent, "\(order.orderID)")
        }
        #expect(try MessageFiles(outbox) == files)
        #expect(harness.logText.components(separatedBy: "message already sent by an earlier attempt").count - 1 == 2)

        for (index, id) in ["S-1", "S-2"].enumerated() {
            let record = try #require(try harness.record(id))
            #expect(record.keys.map(\.row.id) == reserved[index].keys.map(\.row.id), "\(id)")
            #expect(record.delivery.status == .done, "\(id)")
            #expect(record.delivery.messageID == "\(id).eml", "\(id)")
            #expect(record.isClosed, "\(id)")
            #expect(
                sentBefore["\(id).eml"] == store.keyBook.plaintexts(of: record.keys.map(\.row.id)), "\(id)")
        }
        #expect(try harness.stockIDs("office") == ["b-office-0004", "b-office-0005"])

        // A later run of the binary sends nothing more.
        let after = try store.fulfil(["--json"], label: "after")
        #expect(after.exitStatus == 0, "\(after.transcript)")
        #expect(try RunJSON.parse(after).orderIDs(outcome: "delivered") == [])
        #expect(try MessageFiles(outbox) == files)
    }
}

/// The `.eml` files of an outbox with their modification times and bytes, to show that
/// nothing rewrote them.
struct MessageFiles: Equatable {
    struct File: Equatable {
        var name: String
        var modified: Date
        var bytes: Data
    }

    var files: [File]

    init(_ outbox: URL) throws {
        files = try ProcessStore.messageNames(in: outbox).map { name in
            let url = outbox.appendingPathComponent(name)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            return File(name: name, modified: attributes[.modificationDate] as? Date ?? .distantPast, bytes: try Data(contentsOf: url))
        }
    }
}
