import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipFulfil
import KeyshipStore
import KeyshipTestSupport
import Testing

/// The same licence key in stock under a new id and cell: a sold key imported again, or one key
/// imported twice. The run never sells it a second time, reports the row and exits with 3.
@Suite struct DuplicateKeyTests {
    static let copyOfSold =
        "keys/office/again.csv:2: key again-0001 not assigned: the same licence key as the key b-office-0001, "
        + "sold to tienda/T-1; it will not be sold again: delete the row from keys/"
    static let copyOfSoldSpanish =
        "keys/office/again.csv:2: clave again-0001 no asignada: misma clave de licencia que la clave b-office-0001, "
        + "vendida en tienda/T-1; no se volverá a vender: borra la fila de keys/"

    /// A sold key imported again, older than the rest of the stock so the planner picks it first:
    /// the order gets the next key, and the copy stays in `keys/` and is reported.
    @Test func reimportedSoldKeyIsNotSent() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 1)])
        let first = try await harness.run()
        #expect(first.orders.map(\.outcome.kind) == [.delivered])
        #expect(first.exitCode == .success)

        try harness.commitAsPerson("Import the office keys again", files: [
            ("keys/office/again.csv", try harness.fixture.batchText([
                StoreFixture.Key(id: "again-0001", plaintext: "KEY-OFFICE-1", createdAt: "2026-11-01T10:00:00Z"),
            ])),
        ])
        try harness.fixture.addOrder("T-2", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let second = try await harness.run()

        #expect(second.orders.map(\.orderID) == ["T-2"])
        #expect(second.orders.map(\.outcome.kind) == [.delivered])
        #expect(try harness.record("T-2")?.keys.map(\.row.id) == ["b-office-0002"])
        #expect(FulfilHarness.keys(in: try harness.outboxMessages()["T-2.eml"]?.body) == ["KEY-OFFICE-2"])
        #expect(second.problems.map { $0.formatted(in: .en) } == [Self.copyOfSold])
        #expect(second.problems.map { $0.formatted(in: .es) } == [Self.copyOfSoldSpanish])
        #expect(second.text(in: .en).contains("Problem: " + Self.copyOfSold))
        #expect(second.exitCode == .attention)
        #expect(try harness.stockIDs("office") == ["again-0001"])

        // With only the copy left, the next order waits for stock, and the copy is reported again.
        try harness.fixture.addOrder("T-3", createdAt: "2026-12-04T11:30:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let third = try await harness.run()

        #expect(third.orders.map(\.outcome.kind) == [.waiting])
        #expect(try harness.record("T-3") == nil)
        #expect(third.problems.map { $0.formatted(in: .en) } == [Self.copyOfSold])
        #expect(third.exitCode == .attention)
        #expect(try harness.stockIDs("office") == ["again-0001"])
        #expect(try harness.outboxMessages().keys.sorted() == ["T-1.eml", "T-2.eml"])
    }

    /// One licence key imported twice, both rows picked by one plan for one order: the buyer gets
    /// it once, with another key in place of the copy.
    @Test func sameKeyTwiceInOnePlanIsSoldOnce() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "first", keys: [
                StoreFixture.Key(id: "first-1", plaintext: "KEY-TWIN", createdAt: "2026-12-01T10:00:00Z"),
            ])
            try fixture.addBatch(product: "office", batch: "second", keys: [
                StoreFixture.Key(id: "second-1", plaintext: "KEY-TWIN", createdAt: "2026-12-01T10:01:00Z"),
                StoreFixture.Key(id: "second-2", plaintext: "KEY-OTHER", createdAt: "2026-12-01T10:02:00Z"),
            ])
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 2)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        #expect(try harness.record("T-1")?.keys.map(\.row.id) == ["first-1", "second-2"])
        #expect(FulfilHarness.keys(in: try harness.outboxMessages()["T-1.eml"]?.body) == ["KEY-TWIN", "KEY-OTHER"])
        #expect(report.problems.map { $0.formatted(in: .en) } == [
            "keys/office/second.csv:2: key second-1 not assigned: the same licence key as the key first-1, also under "
                + "keys/; only one of them is sold: delete this row from keys/",
        ])
        #expect(report.exitCode == .attention)
        #expect(try harness.stockIDs("office") == ["second-1"])
        let key = try harness.remoteFingerprintKey()
        #expect(try harness.remoteIndex() == [
            FingerprintEntry(fingerprint: key.fingerprint(ofKeyText: "KEY-TWIN"), channel: "tienda", orderID: "T-1", keyID: "first-1"),
            FingerprintEntry(fingerprint: key.fingerprint(ofKeyText: "KEY-OTHER"), channel: "tienda", orderID: "T-1", keyID: "second-2"),
        ].sorted())
    }

    /// A whole sold batch imported again: the first copy the plan picks leads the run to check
    /// the rest of that batch file, so every copy is reported in one run.
    @Test func reimportedBatchIsReportedAtOnce() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
            try fixture.addBatch(product: "office", batch: "fresh", keys: keys("office", 1...1, created: "2026-12-02T10:00:00Z", batch: "fresh"))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 3)])
        try await harness.run()
        try harness.commitAsPerson("Import the office keys again", files: [
            ("keys/office/again.csv", try harness.fixture.batchText((1...3).map { index in
                StoreFixture.Key(id: "again-000\(index)", plaintext: "KEY-OFFICE-\(index)", createdAt: "2026-11-01T10:00:00Z")
            })),
        ])
        try harness.fixture.addOrder("T-2", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let report = try await harness.run()

        #expect(try harness.record("T-2")?.keys.map(\.row.id) == ["fresh-office-0001"])
        #expect(report.problems.map { $0.location?.description } == [
            "keys/office/again.csv:2", "keys/office/again.csv:3", "keys/office/again.csv:4",
        ])
        #expect(report.problems.map { $0.formatted(in: .en) }.last
            == "keys/office/again.csv:4: key again-0003 not assigned: the same licence key as the key b-office-0003, "
            + "sold to tienda/T-1; it will not be sold again: delete the row from keys/")
        #expect(try harness.stockIDs("office") == ["again-0001", "again-0002", "again-0003"])
    }

    /// Copies in more batch files than the run has passes: the order that kept getting them is
    /// left without keys in this run and reported, and nothing unchecked is reserved. Once a
    /// person deletes the rows, the next run serves it.
    @Test func orderWaitsWhenCopiesOutlastPasses() async throws {
        let copies = 5
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...copies))
            try fixture.addBatch(product: "office", batch: "fresh", keys: keys("office", 1...1, created: "2026-12-02T10:00:00Z", batch: "fresh"))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", copies)])
        try await harness.run()
        let copyFiles = try (1...copies).map { index in
            ("keys/office/copy\(index).csv", try harness.fixture.batchText([
                StoreFixture.Key(
                    id: "copy\(index)-0001", plaintext: "KEY-OFFICE-\(index)", createdAt: "2026-11-0\(index)T10:00:00Z"),
            ]))
        }
        try harness.commitAsPerson("Import five spreadsheets", files: copyFiles)
        try harness.fixture.addOrder("T-2", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let report = try await harness.run()

        #expect(try harness.record("T-2") == nil)
        #expect(report.commits.map(\.phase) == [])
        #expect(report.problems.map { $0.location?.description ?? "-" } == [
            "keys/office/copy1.csv:2", "keys/office/copy2.csv:2", "keys/office/copy3.csv:2", "keys/office/copy4.csv:2",
            "keys/office/copy5.csv:2", "-",
        ])
        #expect(report.problems.last?.formatted(in: .en)
            == "the order tienda/T-2 gets no keys in this run, because its keys kept turning out to be keys already sold "
            + "or in stock twice; delete the rows reported from keys/ and the next run serves it")
        #expect(report.exitCode == .attention)
        #expect(try harness.outboxMessages().keys.sorted() == ["T-1.eml"])

        try harness.removeAsPerson("Delete the copies", paths: copyFiles.map(\.0))
        harness.advance(seconds: 300)
        let next = try await harness.run()

        #expect(next.orders.map(\.outcome.kind) == [.delivered])
        #expect(try harness.record("T-2")?.keys.map(\.row.id) == ["fresh-office-0001"])
        #expect(next.problems.isEmpty)
    }

    /// A store whose sales predate the index: the first reservation creates the fingerprint key,
    /// sealed to every recipient, and indexes every key sold before, but not keys a cancellation
    /// returned. A sold key imported again is then caught.
    @Test func firstRunIndexesEarlierSales() async throws {
        let breakGlass = try AgeIdentity.generate()
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            let config = try #require(fixture.read(StoreLayout.configFile))
            try fixture.write(StoreLayout.configFile, config.replacingOccurrences(
                of: "recipients: [\"\(fixture.recipient)\"]",
                with: "recipients: [\"\(fixture.recipient)\", \"\(breakGlass.recipient.encoded)\"]"))
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 1)])
        try harness.fixture.addOrder("T-2", state: "awaiting_payment", createdAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 1)])
        try await harness.run()
        try harness.fixture.addOrder("T-2", state: "cancelled", createdAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        try await harness.run()
        #expect(try harness.record("T-2")?.cancellation?.outcome == .returned)

        // Take the store back to the form keyship wrote before the index existed.
        try harness.removeAsPerson("Remove the fingerprint index", paths: [FingerprintLayout.keyFile, FingerprintLayout.indexFolder])
        #expect(try harness.remoteFiles(under: "ledger").filter { $0.contains("fingerprint") } == [])
        try harness.commitAsPerson("Import the office keys again", files: [
            ("keys/office/again.csv", try harness.fixture.batchText([
                StoreFixture.Key(id: "again-0001", plaintext: "KEY-OFFICE-1", createdAt: "2026-11-01T10:00:00Z"),
            ])),
        ])
        try harness.fixture.addOrder("T-3", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        #expect(try harness.record("T-3")?.keys.map(\.row.id) == ["b-office-0002"])
        #expect(report.problems.map { $0.formatted(in: .en) } == [Self.copyOfSold])
        let text = try #require(harness.remoteFile(FingerprintLayout.keyFile))
        #expect(text.hasSuffix("\n"))
        #expect(!text.dropLast().contains("\n"))
        let key = try FingerprintKey.open(text, with: [harness.fixture.identity])
        #expect(try FingerprintKey.open(text, with: [breakGlass]).hasSameSecret(as: key))
        #expect(try harness.remoteIndex() == [
            FingerprintEntry(fingerprint: key.fingerprint(ofKeyText: "KEY-OFFICE-1"), channel: "tienda", orderID: "T-1", keyID: "b-office-0001"),
            FingerprintEntry(fingerprint: key.fingerprint(ofKeyText: "KEY-OFFICE-2"), channel: "tienda", orderID: "T-3", keyID: "b-office-0002"),
        ].sorted())
        let body = try harness.remoteGit(["log", "-1", "--format=%B", "--grep=^Reserve", "main"])
        #expect(body.contains("Create the fingerprint key and index the 1 key sold before it."))
        #expect(try harness.ledgerFindings() == [])
        #expect(harness.logs.records.contains { record in
            record.message == "indexed the keys sold before the fingerprint index" && record.metadata["keys"] == "1"
                && record.metadata["records"] == "2"
        })
    }

    /// A key a cancellation returns to stock leaves the index in the record commit, so the next
    /// order gets it without a problem.
    @Test func returnedKeyLeavesIndexAndSellsAgain() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-20", state: "awaiting_payment", lines: [("OFFICE", 1)])
        try await harness.run()
        let key = try harness.remoteFingerprintKey()
        let fingerprint = key.fingerprint(ofKeyText: "KEY-OFFICE-1")
        #expect(try harness.remoteIndex() == [
            FingerprintEntry(fingerprint: fingerprint, channel: "tienda", orderID: "T-20", keyID: "b-office-0001"),
        ])

        try harness.fixture.addOrder("T-20", state: "cancelled", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        try await harness.run()

        #expect(try harness.record("T-20")?.cancellation?.outcome == .returned)
        #expect(try harness.remoteIndex() == [])
        #expect(try harness.remoteFiles(under: FingerprintLayout.indexFolder) == [])
        #expect(try harness.stockIDs("office").sorted() == ["b-office-0001", "b-office-0002"])

        try harness.fixture.addOrder("T-21", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let resold = try await harness.run()

        #expect(resold.orders.map(\.outcome.kind) == [.delivered])
        #expect(resold.problems.isEmpty)
        #expect(FulfilHarness.keys(in: try harness.outboxMessages()["T-21.eml"]?.body) == ["KEY-OFFICE-1"])
        #expect(try harness.remoteIndex() == [
            FingerprintEntry(fingerprint: fingerprint, channel: "tienda", orderID: "T-21", keyID: "b-office-0001"),
        ])
        #expect(try harness.ledgerFindings() == [])
    }

    /// A key burned by a cancellation after delivery stays in the index: imported again, it is
    /// never sold.
    @Test func burnedKeyStaysInIndex() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
            let config = try #require(fixture.read(StoreLayout.configFile))
            try fixture.write(StoreLayout.configFile, config + "invoices: {folder: \"\(fixture.scratch.url("invoices").path)\"}\n")
        }
        try harness.fixture.addOrder("T-22", lines: [("OFFICE", 1)])
        try await harness.run()
        try harness.fixture.addOrder("T-22", state: "cancelled", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        try await harness.run()
        #expect(try harness.record("T-22")?.cancellation?.outcome == .burned)
        let key = try harness.remoteFingerprintKey()
        let burned = FingerprintEntry(
            fingerprint: key.fingerprint(ofKeyText: "KEY-OFFICE-1"), channel: "tienda", orderID: "T-22", keyID: "b-office-0001")
        #expect(try harness.remoteIndex() == [burned])

        try harness.commitAsPerson("Import the burned key again", files: [
            ("keys/office/again.csv", try harness.fixture.batchText([
                StoreFixture.Key(id: "again-0001", plaintext: "KEY-OFFICE-1", createdAt: "2026-11-01T10:00:00Z"),
            ])),
        ])
        try harness.fixture.addOrder("T-23", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        let report = try await harness.run()

        #expect(try harness.record("T-23")?.keys.map(\.row.id) == ["b-office-0002"])
        #expect(report.problems.map { $0.formatted(in: .en) } == [
            "keys/office/again.csv:2: key again-0001 not assigned: the same licence key as the key b-office-0001, "
                + "sold to tienda/T-22; it will not be sold again: delete the row from keys/",
        ])
        #expect(try harness.stockIDs("office") == ["again-0001"])
    }

    /// A fingerprint key the job's identity cannot open stops the run before anything is reserved
    /// or sent, because no key could be checked against the keys sold before.
    /// The index folder removed by hand (a merge without `keyship check --base`): the run builds it
    /// again from the ledger before reserving, so a copy of a sold key is still caught.
    @Test func deletedIndexIsRebuilt() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 1)])
        try await harness.run()
        try harness.removeAsPerson("Remove the fingerprint index", paths: [FingerprintLayout.indexFolder])
        try harness.commitAsPerson("Import the office keys again", files: [
            ("keys/office/again.csv", try harness.fixture.batchText([
                StoreFixture.Key(id: "again-0001", plaintext: "KEY-OFFICE-1", createdAt: "2026-11-01T10:00:00Z"),
            ])),
        ])
        try harness.fixture.addOrder("T-2", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)

        let report = try await harness.run()

        #expect(try harness.record("T-2")?.keys.map(\.row.id) == ["b-office-0002"])
        #expect(report.problems.map { $0.formatted(in: .en) } == [Self.copyOfSold])
        #expect(try harness.remoteIndex().map(\.keyID).sorted() == ["b-office-0001", "b-office-0002"])
        #expect(harness.logText.contains("the fingerprint index is missing; rebuilding it from the ledger"))
    }

    @Test func unreadableFingerprintKeyStopsRun() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
            try fixture.write(FingerprintLayout.keyFile, try FingerprintKey.generate().sealed(to: [AgeIdentity.generate().recipient]))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 1)])
        let subjects = try harness.remoteSubjects()

        let error = await #expect(throws: (any Error).self) { try await harness.run() }

        #expect((error as? any LocalizedMessage)?.text(in: .en)
            == "ledger/fingerprint-key.age cannot be opened, so nothing was assigned or sent: No identity decrypts this "
            + "age file: the cell was not encrypted to this identity. Check KEYSHIP_IDENTITY (or KEYSHIP_IDENTITY_FILE): "
            + "it must contain the identity of one of the recipients in keyship.yaml. The file is encrypted to the "
            + "recipients keyship.yaml listed when it was created: if the job's identity changed, re-encrypt it to the "
            + "new recipient like a key cell.")
        #expect(try harness.remoteSubjects() == subjects)
        #expect(harness.outboxFiles() == [])
        #expect(try harness.record("T-1") == nil)
    }

    /// The job does not create a fingerprint key it could not read back: its identity must be one
    /// of the recipients.
    @Test func identityOutsideRecipientsCreatesNoKey() async throws {
        let stranger = try AgeIdentity.generate()
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            let config = try #require(fixture.read(StoreLayout.configFile))
            try fixture.write(StoreLayout.configFile, config.replacingOccurrences(
                of: "recipients: [\"\(fixture.recipient)\"]", with: "recipients: [\"\(stranger.recipient.encoded)\"]"))
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 1)])

        let error = await #expect(throws: (any Error).self) { try await harness.run() }

        #expect((error as? any LocalizedMessage)?.text(in: .en)
            == "the job's identity is none of the recipients in keyship.yaml, so it could not read the fingerprint key "
            + "it was about to create, and nothing was assigned or sent; add its recipient (age1...) to recipients")
        #expect((error as? any LocalizedMessage)?.text(in: .es)
            == "la identidad de la ejecución no es ninguno de los destinatarios de keyship.yaml, así que no podría leer "
            + "la clave de huellas que iba a crear y no se ha asignado ni enviado nada; añade su destinatario (age1...) "
            + "a recipients")
        #expect(harness.remoteFile(FingerprintLayout.keyFile) == nil)
        #expect(try harness.record("T-1") == nil)
    }

    /// After runs that create the index, block a copy and return a key, no git object holds a
    /// plaintext key or the fingerprint key, in raw bytes, hex or base64, and neither reaches
    /// the log or the report.
    @Test func noPlaintextOrFingerprintKeyInGit() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.useOnlyOffice()
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
        }
        try harness.fixture.addOrder("T-1", lines: [("OFFICE", 1)])
        try harness.fixture.addOrder("T-2", state: "awaiting_payment", createdAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 1)])
        var reports = [try await harness.run()]
        try harness.commitAsPerson("Import the office keys again", files: [
            ("keys/office/again.csv", try harness.fixture.batchText([
                StoreFixture.Key(id: "again-0001", plaintext: "KEY-OFFICE-1", createdAt: "2026-11-01T10:00:00Z"),
            ])),
        ])
        try harness.fixture.addOrder("T-2", state: "cancelled", createdAt: "2026-12-04T10:05:00Z", lines: [("OFFICE", 1)])
        try harness.fixture.addOrder("T-3", createdAt: "2026-12-04T11:00:00Z", lines: [("OFFICE", 1)])
        harness.advance(seconds: 300)
        reports.append(try await harness.run())
        #expect(reports[1].problems.map { $0.formatted(in: .en) } == [Self.copyOfSold])

        let keyText = try #require(harness.remoteFile(FingerprintLayout.keyFile))
        let secret = try KeyCell.open(keyText.trimmingCharacters(in: .whitespacesAndNewlines), with: [harness.fixture.identity])
        let raw = secret.withUnsafeBytes { Data($0) }
        #expect(raw.count == 32)
        let textForms = [raw.map { String(format: "%02x", $0) }.joined(), raw.base64EncodedString()]
        let objects = try harness.remoteGitResult(["cat-file", "--batch-all-objects", "--batch"])
        #expect(objects.status == 0)
        #expect(objects.stdoutData.count > 10_000)
        #expect(objects.stdoutData.range(of: raw) == nil, "git objects contain the fingerprint key")
        for form in textForms {
            #expect(objects.stdoutData.range(of: Data(form.utf8)) == nil, "git objects contain the fingerprint key")
            #expect(!harness.logText.contains(form), "log contains the fingerprint key")
            for report in reports {
                #expect(!report.json(in: .en).contains(form), "report contains the fingerprint key")
            }
        }
        for plaintext in ["KEY-OFFICE-1", "KEY-OFFICE-2", "KEY-OFFICE-3"] {
            #expect(objects.stdoutData.range(of: Data(plaintext.utf8)) == nil, "git objects contain \(plaintext)")
            #expect(!harness.logText.contains(plaintext), "log contains \(plaintext)")
            for report in reports {
                for language in [Language.es, .en] {
                    #expect(!report.text(in: language).contains(plaintext))
                    #expect(!report.json(in: language).contains(plaintext))
                }
            }
        }
    }
}

extension FulfilHarness {
    /// Opens the fingerprint key on the remote with the fixture's identity.
    func remoteFingerprintKey() throws -> FingerprintKey {
        let text = try #require(remoteFile(FingerprintLayout.keyFile))
        return try FingerprintKey.open(text, with: [fixture.identity])
    }

    /// Returns every line of the fingerprint index on the remote, sorted.
    func remoteIndex() throws -> [FingerprintEntry] {
        var entries: [FingerprintEntry] = []
        for path in try remoteFiles(under: FingerprintLayout.indexFolder) {
            let text = try #require(remoteFile(path))
            let decoded = FingerprintShard.decode(Array(text.utf8), path: path)
            #expect(decoded.diagnostics.isEmpty, "damaged shard \(path)")
            entries += decoded.entries
        }
        return entries.sorted()
    }

    /// Returns what `keyship check --decrypt` finds under `ledger/` in the store's work tree,
    /// where the fingerprint index is compared with the ledger.
    func ledgerFindings() throws -> [String] {
        try fixture.git(["pull", "-q", "--ff-only", "origin", "main"])
        let report = try StoreCheck.run(root: fixture.root.path, options: StoreCheck.Options(identities: [fixture.identity]))
        return report.diagnostics.filter { $0.location?.path.hasPrefix("ledger/") ?? true }.map { $0.formatted(in: .en) }
    }

    /// Deletes `paths` (files or folders) in a fresh clone as the operator and pushes.
    func removeAsPerson(_ message: String, paths: [String]) throws {
        let clone = try fixture.clone(to: "person-\(UUID().uuidString.prefix(8))")
        try fixture.git(["rm", "-r", "-q", "--"] + paths, in: clone)
        try fixture.git(["commit", "-q", "-m", message], in: clone)
        try fixture.git(["push", "-q", "origin", "main"], in: clone)
    }
}
