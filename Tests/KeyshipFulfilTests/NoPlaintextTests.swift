import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct NoPlaintextTests {
    /// After runs that deliver, fail a send and retry, no plaintext key is in any git object
    /// of the remote or the local clone, in the log, or in the report, while the outbox has
    /// every key sent.
    @Test func plaintextStaysOutOfGitLogsReports() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
            try fixture.addBatch(product: "windows", batch: "b1", keys: keys("windows", 1...2))
            try fixture.write("templates/office/tienda.es.yaml", "intro: \"Hola {{buyer_name}}, tus claves:\"\n")
        }
        let logger = Logger(label: "test", handler: harness.logs)
        let factory = FaultyChannelFactory(
            base: StandardChannelFactory(environment: harness.fixture.environment, now: { [harness] in harness.now }, logger: logger),
            failingSends: 1)
        try harness.fixture.addOrder("T-100", createdAt: "2026-12-04T10:00:00Z", lines: [("OFFICE", 2)])
        try harness.fixture.addOrder("T-101", createdAt: "2026-12-04T10:01:00Z", lines: [("WIN11", 1), ("OFFICE", 1)])

        var reports = [try await harness.run(factory: factory)]
        harness.advance(seconds: 120)
        reports.append(try await harness.run(factory: factory))

        #expect(reports.map { $0.orders.map(\.outcome.kind) } == [[.failed, .delivered], [.delivered]])
        let sent = ["KEY-OFFICE-1", "KEY-OFFICE-2", "KEY-OFFICE-3", "KEY-WINDOWS-1"]
        let messages = try harness.outboxMessages()
        #expect(messages.values.flatMap { FulfilHarness.keys(in: $0.body) }.sorted() == sent)

        let plaintexts = sent + ["KEY-WINDOWS-2"]
        let remoteObjects = try harness.remoteGitResult(["cat-file", "--batch-all-objects", "--batch"])
        #expect(remoteObjects.status == 0)
        let localObjects = try ProcessRunner.run(
            "git", ["cat-file", "--batch-all-objects", "--batch"], environment: harness.fixture.environment,
            currentDirectory: harness.fixture.root.path)
        #expect(localObjects.status == 0)
        // The objects hold the encrypted cells, so the search would see a key if one leaked.
        #expect(remoteObjects.stdoutData.count > 10_000)
        for plaintext in plaintexts {
            let bytes = Data(plaintext.utf8)
            #expect(remoteObjects.stdoutData.range(of: bytes) == nil, "remote objects contain \(plaintext)")
            #expect(localObjects.stdoutData.range(of: bytes) == nil, "local objects contain \(plaintext)")
            #expect(!harness.logText.contains(plaintext), "log contains \(plaintext)")
            for report in reports {
                for language in [Language.es, .en] {
                    #expect(!report.text(in: language).contains(plaintext), "report text contains \(plaintext)")
                    #expect(!report.json(in: language).contains(plaintext), "report JSON contains \(plaintext)")
                }
            }
        }
        // Every cell in the store still opens to its key: the keys are there, only encrypted.
        let ledger = try harness.remoteFiles(under: "ledger/tienda").compactMap { harness.remoteFile($0) }.joined(separator: "\n")
        #expect(harness.fixture.decryptCells(in: ledger).sorted() == sent)
    }
}
