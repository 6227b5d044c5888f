import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct DryRunTests {
    /// A dry run reports the plan and changes nothing: no commit on the remote, nothing in the
    /// outbox, and it needs no identity. The real run afterwards carries out the same plan.
    @Test func dryRunReportsPlanOnly() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
        }
        try harness.fixture.addOrder("T-50", createdAt: "2026-12-04T10:00:00Z", lines: [("OFFICE", 2)])
        try harness.fixture.addOrder("T-51", createdAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 2)])
        let subjects = try harness.remoteSubjects()
        let localHead = try harness.fixture.git(["rev-parse", "HEAD"]).stdout

        let report = try await harness.run(dryRun: true, identities: [])

        #expect(report.dryRun)
        #expect(report.orders.map(\.orderID) == ["T-50", "T-51"])
        #expect(report.orders.map(\.outcome.kind) == [.reserved, .waiting])
        #expect(report.orders.map(\.keyIDs) == [["b-office-0001", "b-office-0002"], []])
        #expect(report.commits.isEmpty)
        #expect(report.text(in: .en) == """
            tienda/T-50  reserved: 2 keys
            tienda/T-51  waiting for stock: office@MAD 1 missing (needs 2, available 1)

            Orders (dry run): 1 reserved, 1 waiting for stock

            """)
        #expect(try harness.remoteSubjects() == subjects)
        #expect(try harness.fixture.git(["rev-parse", "HEAD"]).stdout == localHead)
        #expect(try harness.fixture.git(["status", "--porcelain"]).stdout == "")
        #expect(!FileManager.default.fileExists(atPath: harness.fixture.outbox.path))
        #expect(try harness.stockIDs("office") == ["b-office-0001", "b-office-0002", "b-office-0003"])

        let real = try await harness.run()

        #expect(real.orders.map(\.outcome.kind) == [.delivered, .waiting])
        #expect(real.orders.map(\.keyIDs) == [["b-office-0001", "b-office-0002"], []])
    }
}
