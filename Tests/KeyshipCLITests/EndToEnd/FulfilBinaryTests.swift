import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing

/// `keyship fulfil` run as the built binary: exit codes a scheduler acts on, the `--json`
/// report, the text summary and the CI step summary.
@Suite struct FulfilBinaryTests {
    /// One store state and what the run must report for it.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var officeKeys: Int
        var orders: [String]
        var removeInbox: Bool
        var exitStatus: Int32
        /// `order_id:outcome:key_ids` for each order in the JSON report, oldest first.
        var outcomes: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "all delivered", officeKeys: 2, orders: ["E-1", "E-2"], removeInbox: false, exitStatus: 0,
             outcomes: ["E-1:delivered:e-office-1", "E-2:delivered:e-office-2"]),
        Case(name: "order waits for stock", officeKeys: 1, orders: ["E-1", "E-2"], removeInbox: false, exitStatus: 3,
             outcomes: ["E-1:delivered:e-office-1", "E-2:waiting:"]),
        Case(name: "inbox missing", officeKeys: 1, orders: [], removeInbox: true, exitStatus: 4, outcomes: []),
    ]

    @Test(arguments: cases)
    func exitCodeAndJSON(_ testCase: Case) throws {
        let fixture = try Self.store(testCase)

        let result = try KeyshipBinary.run(
            ["fulfil", "--json"], environment: KeyshipBinary.environment(fixture.environment),
            outputFolder: fixture.scratch.url("logs"), label: "json")

        #expect(result.exitStatus == testCase.exitStatus, "\(result.transcript)")
        #expect(result.stderr == "")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.transcript)")
        #expect(report["exit_code"] as? Int == Int(testCase.exitStatus))
        #expect(report["dry_run"] as? Bool == false)
        let orders = report["orders"] as? [[String: Any]] ?? []
        let outcomes = orders.map { order in
            let keyIDs = (order["key_ids"] as? [String] ?? ["?"]).joined(separator: ",")
            return "\(order["order_id"] as? String ?? "?"):\(order["outcome"] as? String ?? "?"):\(keyIDs)"
        }
        #expect(outcomes == testCase.outcomes)
        #expect(orders.allSatisfy { $0["channel"] as? String == "tienda" })
        let failures = report["channel_failures"] as? [[String: Any]] ?? []
        if testCase.removeInbox {
            #expect(failures.count == 1)
            #expect(failures.first?["channel"] as? String == "tienda")
            #expect(failures.first?["phase"] as? String == "pull")
            let message = failures.first?["message"] as? String ?? ""
            // The part in brackets is Foundation's description of the file system error.
            #expect(message.hasPrefix("cannot read the order folder \(fixture.inbox.path) ("), "\(message)")
            #expect(message.hasSuffix("); create it or fix inbox in keyship.yaml"), "\(message)")
        } else {
            #expect(failures.isEmpty)
        }
    }

    @Test func textSummaryNamesEachOrder() throws {
        let fixture = try Self.store(Self.cases[1])

        let result = try KeyshipBinary.run(
            ["fulfil"], environment: KeyshipBinary.environment(fixture.environment),
            outputFolder: fixture.scratch.url("logs"), label: "text")

        #expect(result.exitStatus == 3, "\(result.transcript)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(3)) == [
            "tienda/E-1  delivered: 1 key (no template: keys only); shipment confirmed, closed",
            "tienda/E-2  waiting for stock: office@MAD 1 missing (needs 1, available 0)",
            "",
        ], "\(result.stdout)")
        #expect(lines.contains("  [new] stock-out: office@MAD (available 0, waiting orders 1, missing 1); import keys with keyship keys import"))
        #expect(lines.filter { $0.hasPrefix("Commit ") }.map { String($0.dropFirst("Commit 0123456789: ".count)) } == [
            "Reserve 1 key for 1 order",
            "Record 1 order: 1 delivered, 1 closed",
        ], "\(result.stdout)")
        #expect(lines.suffix(2) == ["Orders: 1 delivered, 1 waiting for stock", ""], "\(result.stdout)")
    }

    @Test func stepSummaryGetsMarkdownTable() throws {
        let fixture = try Self.store(Self.cases[1])
        let summary = try fixture.scratch.write("step-summary.md", "## Earlier step\n\nIt ran.\n")
        var environment = KeyshipBinary.environment(fixture.environment)
        environment["GITHUB_STEP_SUMMARY"] = summary.path

        let result = try KeyshipBinary.run(
            ["fulfil", "--json"], environment: environment, outputFolder: fixture.scratch.url("logs"), label: "summary")

        #expect(result.exitStatus == 3, "\(result.transcript)")
        let run = try #require(
            (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["run"] as? String)
        let text = try String(contentsOf: summary, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(8)) == [
            "## Earlier step",
            "",
            "It ran.",
            "### keyship fulfil · \(run)",
            "",
            "Orders: 1 delivered, 1 waiting for stock",
            "",
            "| Order | Outcome |",
        ], "\(text)")
        #expect(lines.dropFirst(8).first == "|---|---|", "\(text)")
        #expect(lines.dropFirst(9).first == "| tienda/E-1 | delivered: 1 key (no template: keys only); shipment confirmed, closed |", "\(text)")
        #expect(lines.dropFirst(10).first == "| tienda/E-2 | ⚠️ waiting for stock: office@MAD 1 missing (needs 1, available 0) |", "\(text)")
        #expect(lines.last == "", "\(text)")
    }

    // MARK: - Store

    /// Creates a store on a bare remote with `officeKeys` keys and one order of one key per id.
    static func store(_ testCase: Case) throws -> StoreFixture {
        let fixture = try StoreFixture("fulfil-binary")
        let keys = (1...testCase.officeKeys).map { index in
            StoreFixture.Key(id: "e-office-\(index)", plaintext: "KEY-OFFICE-\(index)")
        }
        try fixture.addBatch(product: "office", batch: "b1", keys: keys)
        for (index, id) in testCase.orders.enumerated() {
            try fixture.addOrder(id, createdAt: "2026-12-04T10:0\(index + 1):00Z", lines: [("OFFICE", 1)])
        }
        if testCase.removeInbox {
            try FileManager.default.removeItem(at: fixture.inbox)
        }
        try fixture.commitAll()
        try fixture.makeRemote()
        return fixture
    }
}
