import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct LocalStoreTests {
    /// A store with no remote: the run commits on the local branch and keeps the work tree in
    /// step with it.
    @Test func localStoreCommitsOnBranch() async throws {
        let harness = try FulfilHarness(remote: false) { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-60", lines: [("OFFICE", 1)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        #expect(FulfilHarness.keys(in: try harness.outboxMessages()["T-60.eml"]?.body) == ["KEY-OFFICE-1"])
        let log = try harness.fixture.git(["log", "--format=%H %s", "main"]).stdout.split(separator: "\n").map(String.init)
        #expect(log.map { String($0.split(separator: " ", maxSplits: 1)[1]) } == [
            "Record 1 order: 1 delivered, 1 closed", "Reserve 1 key for 1 order", "Set up the store",
        ])
        #expect(log.prefix(2).map { String($0.prefix(40)) } == report.commits.map(\.commit).reversed())
        #expect(try harness.fixture.git(["remote"]).stdout == "")
        #expect(try harness.fixture.git(["status", "--porcelain"]).stdout == "")
        #expect(harness.fixture.read("ledger/tienda/2026-12/T-60.yaml") != nil)
        #expect(harness.fixture.read("keys/office/b1.csv")?.contains("b-office-0001") == false)
        let record = try #require(try harness.record("T-60"))
        #expect(record.keys.map(\.row.id) == ["b-office-0001"])
        #expect(record.isClosed)
        #expect(try harness.stockIDs("office") == ["b-office-0002"])
    }

    /// The operator's uncommitted edit to a file the run does not touch survives the run.
    @Test func localRunKeepsOperatorEdits() async throws {
        let harness = try FulfilHarness(remote: false) { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        let edited = """
            id: windows
            name: "Windows 11 Pro (editing)"
            digital_license: true
            offers: {tienda: WIN11}
            """
        try harness.fixture.write("catalog/windows.yaml", edited)
        try harness.fixture.write("notes.txt", "draft\n")
        try harness.fixture.addOrder("T-61", lines: [("OFFICE", 1)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        #expect(harness.fixture.read("catalog/windows.yaml") == edited)
        #expect(harness.fixture.read("notes.txt") == "draft\n")
        #expect(try harness.fixture.git(["status", "--porcelain"]).stdout == " M catalog/windows.yaml\n?? notes.txt\n")
        #expect(harness.fixture.read("ledger/tienda/2026-12/T-61.yaml") != nil)
    }
}
