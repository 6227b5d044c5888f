import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct OutboxLocationTests {
    /// An outbox inside the store that git would track is refused for its channel, and nothing
    /// is sent there.
    @Test func trackedOutboxIsRefused() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.write("keyship.yaml", StoreFixture.defaultConfig(
                recipient: fixture.recipient, inbox: fixture.inbox.path, outbox: "salida"))
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-80", lines: [("OFFICE", 1)])
        let subjects = try harness.remoteSubjects()

        let report = try await harness.run()

        let outbox = harness.fixture.root.appendingPathComponent("salida").path
        #expect(report.channelFailures.map(\.channel) == ["tienda"])
        #expect(report.channelFailures.map(\.phase) == [.setup])
        #expect(report.channelFailures.map { $0.message.text(in: .en) } == [
            "the outbox of channel tienda (\(outbox)) is inside the repository and git does not ignore it; "
                + "it would hold plaintext keys: add it to .gitignore or move it outside",
        ])
        // Running again cannot help: the settings must change, so the exit code is 1.
        #expect(report.exitCode == .failure)
        #expect(report.orders.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: outbox))
        let subjectsAfter = try harness.remoteSubjects()
        #expect(subjectsAfter == subjects)
        #expect(try harness.stockIDs("office") == ["b-office-0001", "b-office-0002"])
    }

    /// The same folder listed in `.gitignore` is accepted, and its files stay out of git.
    @Test func ignoredOutboxInsideStoreWorks() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.write("keyship.yaml", StoreFixture.defaultConfig(
                recipient: fixture.recipient, inbox: fixture.inbox.path, outbox: "salida"))
            try fixture.write(".gitignore", "/salida/\n")
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-81", lines: [("OFFICE", 1)])

        let report = try await harness.run()

        #expect(report.channelFailures.isEmpty)
        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        let outbox = harness.fixture.root.appendingPathComponent("salida")
        #expect(harness.outboxFiles(outbox) == ["T-81.eml", "T-81.json", "stock.csv"])
        #expect(try harness.remoteFiles(under: "salida") == [])
        #expect(try harness.fixture.git(["status", "--porcelain"]).stdout == "")
    }

    /// An outbox path outside the store that is a symbolic link into it is refused too.
    @Test func linkedOutboxIntoStoreIsRefused() async throws {
        let harness = try FulfilHarness { fixture in
            let link = fixture.scratch.url("salida-enlace")
            try fixture.write("keyship.yaml", StoreFixture.defaultConfig(
                recipient: fixture.recipient, inbox: fixture.inbox.path, outbox: link.path))
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
            let target = fixture.root.appendingPathComponent("salida")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        }
        try harness.fixture.addOrder("T-82", lines: [("OFFICE", 1)])

        let report = try await harness.run()

        #expect(report.channelFailures.map(\.channel) == ["tienda"])
        #expect(report.orders.isEmpty)
        #expect(harness.outboxFiles(harness.fixture.root.appendingPathComponent("salida")) == [])
        #expect(try harness.stockIDs("office") == ["b-office-0001", "b-office-0002"])
    }
}
