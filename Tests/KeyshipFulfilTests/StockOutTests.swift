import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct StockOutTests {
    /// Stock 2 and three orders: two are served, and the third waits with one stock-out alert.
    /// When a person adds keys, the waiting order gets the oldest new key before a newer order.
    @Test func waitingOrderIsServedFirst() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.keepOnlyProducts(["office"])
            try fixture.write("catalog/office.yaml", """
                id: office
                name: "Office 2021 Pro"
                digital_license: true
                offers: {tienda: OFFICE}
                """)
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-1", createdAt: "2026-12-04T10:00:00Z", lines: [("OFFICE", 1)])
        try harness.fixture.addOrder("T-2", createdAt: "2026-12-04T10:01:00Z", lines: [("OFFICE", 1)])
        try harness.fixture.addOrder("T-3", createdAt: "2026-12-04T10:02:00Z", lines: [("OFFICE", 1)])

        let first = try await harness.run()

        #expect(first.orders.map(\.orderID) == ["T-1", "T-2", "T-3"])
        #expect(first.orders.map(\.outcome.kind) == [.delivered, .delivered, .waiting])
        #expect(first.exitCode == .attention)
        #expect(try harness.outboxMessages().keys.sorted() == ["T-1.eml", "T-2.eml"])
        #expect(try harness.record("T-1")?.keys.map(\.row.id) == ["b-office-0001"])
        #expect(try harness.record("T-2")?.keys.map(\.row.id) == ["b-office-0002"])
        #expect(try harness.record("T-3") == nil)
        #expect(try harness.activeConditions() == ["stock_out office@MAD"])
        let started = try harness.notifications()
        #expect(started.count == 1)
        #expect(started.map(FulfilHarness.changeLines) == [
            ["started stock_out office@MAD available=0 waiting_orders=1 missing=1"],
        ])
        #expect(started.first?.run == first.run)
        #expect(started.first?.emailStatus == .notConfigured)

        // No new keys: the order still waits and nothing new is raised or committed.
        let subjectsBefore = try harness.remoteSubjects()
        harness.advance(seconds: 300)
        let second = try await harness.run()

        #expect(second.orders.map(\.outcome.kind) == [.waiting])
        #expect(second.alertChanges.isEmpty)
        #expect(try harness.notifications().count == 1)
        #expect(try harness.remoteSubjects() == subjectsBefore)
        #expect(try harness.record("T-3") == nil)

        // A person adds three keys (file order differs from age) and a newer order arrives.
        let added = [
            StoreFixture.Key(id: "b2-office-c", plaintext: "KEY-OFFICE-NEW-C", createdAt: "2026-12-04T12:30:00Z"),
            StoreFixture.Key(id: "b2-office-a", plaintext: "KEY-OFFICE-NEW-A", createdAt: "2026-12-04T12:10:00Z"),
            StoreFixture.Key(id: "b2-office-b", plaintext: "KEY-OFFICE-NEW-B", createdAt: "2026-12-04T12:20:00Z"),
        ]
        try harness.commitAsPerson("Add 3 office keys", files: [
            ("keys/office/b2.csv", try harness.fixture.batchText(added)),
        ])
        try harness.fixture.addOrder("T-4", createdAt: "2026-12-04T12:40:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 3600)

        let third = try await harness.run()

        #expect(third.orders.map(\.orderID) == ["T-3", "T-4"])
        #expect(third.orders.map(\.outcome.kind) == [.delivered, .delivered])
        #expect(try harness.record("T-3")?.keys.map(\.row.id) == ["b2-office-a"])
        #expect(try harness.record("T-4")?.keys.map(\.row.id) == ["b2-office-b"])
        let messages = try harness.outboxMessages()
        #expect(FulfilHarness.keys(in: messages["T-3.eml"]?.body) == ["KEY-OFFICE-NEW-A"])
        #expect(FulfilHarness.keys(in: messages["T-4.eml"]?.body) == ["KEY-OFFICE-NEW-B"])
        #expect(try harness.stockIDs("office") == ["b2-office-c"])
        #expect(try harness.activeConditions() == [])
        let cleared = try harness.notifications()
        #expect(cleared.count == 2)
        #expect(cleared.last.map(FulfilHarness.changeLines) == [
            "cleared stock_out office@MAD available=1 waiting_orders=0 missing=0",
        ])

        let fourth = try await harness.run()

        #expect(fourth.orders.isEmpty)
        #expect(try harness.notifications().count == 2)
        #expect(try harness.outboxMessages().count == 4)
    }

    /// An older order that needs two keys keeps a single arriving key set aside, so a younger
    /// order for one key does not overtake it. The next key serves the older order first.
    @Test func youngerOrderNeverOvertakes() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
        }
        try harness.fixture.addOrder("T-31", createdAt: "2026-12-04T10:00:00Z", lines: [("OFFICE", 2)])
        try harness.fixture.addOrder("T-32", createdAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 1)])
        try await harness.run()

        try harness.commitAsPerson("Add 1 office key", files: [
            ("keys/office/b1.csv", try harness.fixture.batchText(keys("office", 1...1, created: "2026-12-04T12:10:00Z", batch: "b1"))),
        ])
        harness.advance(seconds: 600)
        let oneKey = try await harness.run()

        #expect(oneKey.orders.map(\.orderID) == ["T-31", "T-32"])
        #expect(oneKey.orders.map(\.outcome.kind) == [.waiting, .waiting])
        #expect(try harness.record("T-32") == nil)
        #expect(try harness.stockIDs("office") == ["b1-office-0001"])
        // The key is set aside for T-31, so the channel is told there is none to sell.
        #expect(FulfilHarness.stockRows(in: harness.fixture.outbox) == ["OFFICE;office;0"])

        try harness.commitAsPerson("Add 2 office keys", files: [
            ("keys/office/b2.csv", try harness.fixture.batchText(keys("office", 1...2, created: "2026-12-04T12:20:00Z", batch: "b2"))),
        ])
        harness.advance(seconds: 600)
        let served = try await harness.run()

        #expect(served.orders.map(\.outcome.kind) == [.delivered, .delivered])
        #expect(try harness.record("T-31")?.keys.map(\.row.id) == ["b1-office-0001", "b2-office-0001"])
        #expect(try harness.record("T-32")?.keys.map(\.row.id) == ["b2-office-0002"])
        #expect(try harness.stockIDs("office") == [])
    }
}
