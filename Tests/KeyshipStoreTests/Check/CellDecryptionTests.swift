import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing
@testable import KeyshipStore

@Suite struct CellDecryptionTests {
    private func decrypting(_ fixture: StoreFixture, with identity: AgeIdentity? = nil) throws -> StoreCheckReport {
        try StoreCheck.run(
            root: fixture.root.path, options: StoreCheck.Options(identities: [identity ?? fixture.identity]))
    }

    @Test func cleanStoreOpensEveryCell() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1")
        try fixture.sell(["O2"], product: "office", batch: "b1", orderID: "T-2", cancellation: .returned)

        let report = try decrypting(fixture)
        #expect(report.lines() == [])
        // O1 sold, O2 and O3 in stock; the returned O2 in the ledger has the same cell as its row.
        #expect(report.decryptedCount == 3)
    }

    @Test func samePlaintextUnderTwoCells() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        // The same licence key, encrypted again: a different cell. A trailing newline, as
        // `echo KEY | age` writes it, does not hide it.
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "X9", plaintext: "OFFICE-AAAAA-00002\n")])

        let report = try decrypting(fixture)
        #expect(report.lines() == [
            "keys/office/b2.csv:2: key X9 is the same licence key as key O2 at keys/office/b1.csv:3, encrypted "
                + "twice, so it would be sold twice. Delete one of the two rows",
        ])
        #expect(!report.lines().joined().contains("OFFICE-AAAAA"))
    }

    @Test func samePlaintextAsSoldKey() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.sell(["O3"], product: "office", batch: "b1", orderID: "T-1")
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "X9", plaintext: "OFFICE-AAAAA-00003")])

        let report = try decrypting(fixture)
        #expect(report.lines() == [
            "keys/office/b2.csv:2: key X9 is the same licence key as key O3, sold in order tienda/T-1 "
                + "(ledger/tienda/2026-12/T-1.yaml). Delete this row, because a sold key must never return to stock",
        ])
    }

    /// A sold key whose payload was changed keeps a valid header, so only decryption finds it, and
    /// the advice is to restore the record, never to import the key again.
    @Test func damagedSoldPayloadAdvisesRestore() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let path = try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1")
        let text = try #require(fixture.read(path))
        let cellLine = try #require(text.split(separator: "\n").first { $0.contains("key: ") })
        let cell = String(cellLine.split(separator: " ").last ?? "")
        var bytes = try #require(Data(base64Encoded: cell))
        bytes[bytes.count - 1] ^= 0x01
        try fixture.write(path, text.replacingOccurrences(of: cell, with: bytes.base64EncodedString()))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let idLine = try #require(lines.firstIndex { $0.contains("id: O1") }) + 1

        let report = try decrypting(fixture)
        let findings = report.lines()
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.hasPrefix(
            "\(path):\(idLine): the key cell of sold key O1 of order tienda/T-1 is damaged (the encrypted payload is invalid: "))
        #expect(finding.hasSuffix(
            "). Only keyship writes under ledger/, so restore this record from git history: git log -p -- \(path) "
                + "shows its earlier versions"))
        #expect(!finding.contains("import"))
    }

    @Test func withoutDecryptDuplicatesStayHidden() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "X9", plaintext: "OFFICE-AAAAA-00002")])
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
        #expect(report.decryptedCount == nil)
    }

    @Test func cellSealedToAnotherIdentity() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let stranger = try AgeIdentity.generate()
        try fixture.writeRows(
            product: "windows", batch: "b1", [("W1", "WIN-1", "MAD", nil), ("W2", "WIN-2", "MAD", nil)],
            sealedTo: stranger)

        let report = try decrypting(fixture)
        let advice = "was not encrypted to this identity, although the identity opens other cells. Delete the row "
            + "and import the key again with keyship keys import, which encrypts to the recipients in keyship.yaml"
        #expect(report.lines() == [
            "keys/windows/b1.csv:2: key W1 \(advice)",
            "keys/windows/b1.csv:3: key W2 \(advice)",
        ])
        #expect(report.decryptedCount == 3)
    }

    @Test func soldCellSealedToAnotherIdentity() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let stranger = try AgeIdentity.generate()
        let row = KeyRow(
            id: "S1", createdAt: Timestamp(iso: "2026-12-01T10:00:00Z")!, company: "Acme", warehouse: "MAD",
            cell: try KeyCell.seal("SOLD-1", to: [stranger.recipient]))
        let path = try fixture.writeRecord([row], product: "office", batch: "keys/office/b0.csv", orderID: "T-7")
        let idLine = try #require(fixture.read(path)?.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("id: S1") }) + 1

        let report = try decrypting(fixture)
        #expect(report.lines() == [
            "ledger/tienda/2026-12/T-7.yaml:\(idLine): sold key S1 was not encrypted to this identity, although the "
                + "identity opens other cells, so keyship cannot send it again. Keep the identity it was encrypted to",
        ])
    }

    @Test func wrongIdentityReportedOnce() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1")
        let stranger = try AgeIdentity.generate()

        let report = try decrypting(fixture, with: stranger)
        #expect(report.lines() == [
            "the identity opens none of the 3 key cells, so it is not this store's identity. Its recipient "
                + "\(stranger.recipient.encoded) is not in recipients in keyship.yaml. Set KEYSHIP_IDENTITY or "
                + "KEYSHIP_IDENTITY_FILE to the identity of one of the store's recipients",
        ])
        #expect(report.decryptedCount == 0)
    }

    @Test func wrongIdentityStopsAfterProbe() throws {
        let fixture = try StoreFixture.checked()
        let keys = (1...(CellDecryption.probeSize + 20)).map { StoreFixture.Key(id: "K\($0)", plaintext: "KEY-\($0)") }
        try fixture.addBatch(product: "office", batch: "b1", keys: keys)
        let stranger = try AgeIdentity.generate()

        let report = try decrypting(fixture, with: stranger)
        #expect(report.lines(in: .es) == [
            "la identidad no abre ninguna de las primeras 100 celdas cifradas (de 120), así que no es la identidad "
                + "de esta tienda. Su destinatario \(stranger.recipient.encoded) no está en recipients de "
                + "keyship.yaml. Pon en KEYSHIP_IDENTITY o KEYSHIP_IDENTITY_FILE la identidad de uno de los "
                + "destinatarios de la tienda",
        ])
    }

    @Test func listedIdentityTriesEveryCell() throws {
        let fixture = try StoreFixture.checked()
        let keys = (1...(CellDecryption.probeSize + 20)).map { StoreFixture.Key(id: "K\($0)", plaintext: "KEY-\($0)") }
        let stranger = try AgeIdentity.generate()
        try fixture.writeRows(
            product: "office", batch: "b1", keys.map { ($0.id, $0.plaintext, "MAD", nil) }, sealedTo: stranger)
        try fixture.addBatch(product: "windows", batch: "w1", keys: [.init(id: "W1", plaintext: "WIN-1")])

        // The first 120 cells are encrypted to someone else, but the identity is a listed recipient
        // and opens W1, so every cell is tried and reported on its own.
        let report = try decrypting(fixture)
        #expect(report.lines().count == 120)
        #expect(report.lines().last == "keys/office/b1.csv:121: key K120 was not encrypted to this identity, "
            + "although the identity opens other cells. Delete the row and import the key again with keyship keys "
            + "import, which encrypts to the recipients in keyship.yaml")
        #expect(report.decryptedCount == 1)
    }

    @Test func identityMissingFromRecipients() throws {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        let other = try AgeIdentity.generate()
        try fixture.write(StoreLayout.configFile, StoreFixture.defaultConfig(
            recipient: other.recipient.encoded, inbox: fixture.inbox.path, outbox: fixture.outbox.path))

        let report = try decrypting(fixture)
        #expect(report.lines() == [
            "keyship.yaml: the identity opens the key cells, but its recipient \(fixture.recipient) is not in "
                + "recipients in keyship.yaml, so keys imported from now on will not be encrypted to it. Add the "
                + "recipient to recipients in keyship.yaml",
        ])
    }
}
