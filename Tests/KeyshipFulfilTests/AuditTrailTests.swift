import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct AuditTrailTests {
    /// Keys added by the operator and sold by the job: history names the operator as the
    /// author of the batch, the bot as the author of the sale, and the order in the trailers.
    @Test func historyNamesImporterAndSeller() async throws {
        let harness = try FulfilHarness()
        try harness.commitAsPerson("Add 3 office keys", files: [
            ("keys/office/b1.csv", try harness.fixture.batchText(keys("office", 1...3))),
        ])
        try harness.fixture.addOrder("T-11", lines: [("OFFICE", 2)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        let reserveCommit = try #require(report.commits.first { $0.phase == "reserve" })
        let recordCommit = try #require(report.commits.first { $0.phase == "record" })

        // The batch was added by the operator.
        let added = try harness.remoteGit(["log", "--diff-filter=A", "--format=%an <%ae>|%s", "main", "--", "keys/office/b1.csv"])
        #expect(added == "Olga Operadora <olga@example.com>|Add 3 office keys\n")

        // The job's commits are the bot's, as author and committer; the person's are the operator's.
        let history = try harness.remoteGit(["log", "--format=%s | %an <%ae> | %cn <%ce>", "main"])
            .split(separator: "\n").map(String.init)
        #expect(history == [
            "Record 1 order: 1 delivered, 1 closed | keyship <keyship@localhost> | keyship <keyship@localhost>",
            "Reserve 2 keys for 1 order | keyship <keyship@localhost> | keyship <keyship@localhost>",
            "Add 3 office keys | Olga Operadora <olga@example.com> | Olga Operadora <olga@example.com>",
            "Set up the store | Olga Operadora <olga@example.com> | Olga Operadora <olga@example.com>",
        ])
        let hashes = try harness.remoteGit(["log", "-2", "--format=%H", "main"]).split(separator: "\n").map(String.init)
        #expect(hashes == [recordCommit.commit, reserveCommit.commit])

        // The reservation commit's trailers name the run, channel, order and keys.
        let message = try harness.remoteGit(["log", "-1", "--format=%B", reserveCommit.commit])
        let trailers = try ProcessRunner.run(
            "git", ["interpret-trailers", "--parse"], stdin: Data(message.utf8), currentDirectory: harness.fixture.scratch.path)
        #expect(trailers.status == 0)
        #expect(trailers.stdout == """
            Keyship-Run: \(report.run)
            Channel: tienda
            Order: T-11
            Key-Id: b-office-0001
            Key-Id: b-office-0002

            """)

        // "Which order got key b-office-0002, and which run sold it?"
        let found = try harness.remoteGit(["log", "--format=%H", "--fixed-strings", "--grep=Key-Id: b-office-0002", "main"])
        #expect(found == reserveCommit.commit + "\n")
        let answer = try harness.remoteGit([
            "log", "-1", "--format=%(trailers:key=Order,valueonly)%(trailers:key=Keyship-Run,valueonly)",
            found.trimmingCharacters(in: .newlines),
        ])
        #expect(answer.split(separator: "\n") == ["T-11", Substring(report.run)])
        #expect(try harness.remoteGit(["log", "--format=%H", "--fixed-strings", "--grep=Key-Id: b-office-0003", "main"]) == "")

        // The record ties the keys to the buyer's order and the run; the operator owns nothing.
        let record = try #require(try harness.record("T-11"))
        #expect(record.orderID == "T-11")
        #expect(record.run == report.run)
        #expect(record.keys.map(\.row.id) == ["b-office-0001", "b-office-0002"])
        let recordTrailers = try harness.remoteGit(["log", "-1", "--format=%(trailers:key=Order,valueonly)", recordCommit.commit])
        #expect(recordTrailers.split(separator: "\n") == ["T-11"])
        let operatorLedgerCommits = try harness.remoteGit(["log", "--format=%H", "--author=Olga", "main", "--", "ledger"])
        #expect(operatorLedgerCommits == "")
    }

    /// `bot` in keyship.yaml names the author of the job's commits.
    @Test func botSettingNamesJobAuthor() async throws {
        let harness = try FulfilHarness { fixture in
            let config = try #require(fixture.read("keyship.yaml"))
            try fixture.write("keyship.yaml", config + "bot: {name: \"Tienda Bot\", email: \"bot@example.com\"}\n")
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-12", lines: [("OFFICE", 1)])

        try await harness.run()

        let authors = try harness.remoteGit(["log", "--format=%an <%ae>|%s", "main"]).split(separator: "\n").map(String.init)
        #expect(authors == [
            "Tienda Bot <bot@example.com>|Record 1 order: 1 delivered, 1 closed",
            "Tienda Bot <bot@example.com>|Reserve 1 key for 1 order",
            "Olga Operadora <olga@example.com>|Set up the store",
        ])
    }
}
