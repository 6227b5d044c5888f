import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing
@testable import KeyshipStore

@Suite struct FingerprintIndexCheckTests {
    /// Returns a store with O1 sold in T-1, O2 sold in T-2 and returned, O3 in stock, and a fingerprint
    /// key sealed to the fixture's identity.
    private func store() throws -> (StoreFixture, FingerprintKey) {
        let fixture = try StoreFixture.checked()
        try fixture.addBatch(product: "office", batch: "b1", keys: officeKeys)
        try fixture.sell(["O1"], product: "office", batch: "b1", orderID: "T-1")
        try fixture.sell(["O2"], product: "office", batch: "b1", orderID: "T-2", cancellation: .returned)
        let key = try FingerprintKey.generate()
        try fixture.write(FingerprintLayout.keyFile, try key.sealed(to: [fixture.identity.recipient]) + "\n")
        return (fixture, key)
    }

    private func writeIndex(_ entries: [FingerprintEntry], in fixture: StoreFixture) throws {
        for entry in entries {
            let path = FingerprintLayout.shardPath(for: entry.fingerprint)
            try fixture.write(path, (fixture.read(path) ?? "") + entry.line + "\n")
        }
    }

    private func decrypting(_ fixture: StoreFixture, with identity: AgeIdentity? = nil) throws -> StoreCheckReport {
        try StoreCheck.run(root: fixture.root.path, options: StoreCheck.Options(identities: [identity ?? fixture.identity]))
    }

    private static let rebuild = "To rebuild the index, delete ledger/fingerprint-key.age and ledger/fingerprints/ in one "
        + "commit on the store's branch; the next run that reserves keys indexes every sold key again"

    @Test func indexMatchingLedgerPasses() throws {
        let (fixture, key) = try store()
        try writeIndex([
            FingerprintEntry(fingerprint: key.fingerprint(ofKeyText: "OFFICE-AAAAA-00001"), channel: "tienda", orderID: "T-1", keyID: "O1"),
        ], in: fixture)

        #expect(try decrypting(fixture).lines() == [])
    }

    @Test func soldKeyMissingFromIndex() throws {
        let (fixture, _) = try store()
        try fixture.write("ledger/fingerprints/00/00.txt", "")

        let report = try decrypting(fixture)

        #expect(report.lines().count == 1)
        #expect(report.diagnostics.first?.location?.path == "ledger/tienda/2026-12/T-1.yaml")
        #expect(report.diagnostics.first?.location?.line != nil)
        #expect(report.diagnostics.first?.message.text(in: .en)
            == "the key O1, sold in order tienda/T-1, is not in the fingerprint index, so a copy of it could be sold "
            + "again. \(Self.rebuild)")
        #expect(report.diagnostics.first?.message.text(in: .es)
            == "la clave O1, vendida en el pedido tienda/T-1, no está en el índice de huellas, así que una copia suya "
            + "se podría volver a vender. Para reconstruir el índice, borra ledger/fingerprint-key.age y "
            + "ledger/fingerprints/ en un commit de la rama de la tienda; la próxima ejecución que reserve claves "
            + "vuelve a indexar todas las claves vendidas")
    }

    /// A line left for a returned key, and a damaged line, are both found.
    @Test func strayAndDamagedLinesAreFound() throws {
        let (fixture, key) = try store()
        let sold = FingerprintEntry(
            fingerprint: key.fingerprint(ofKeyText: "OFFICE-AAAAA-00001"), channel: "tienda", orderID: "T-1", keyID: "O1")
        let returned = FingerprintEntry(
            fingerprint: key.fingerprint(ofKeyText: "OFFICE-AAAAA-00002"), channel: "tienda", orderID: "T-2", keyID: "O2")
        try writeIndex([sold, returned], in: fixture)
        let returnedShard = FingerprintLayout.shardPath(for: returned.fingerprint)
        let lineCount = try #require(fixture.read(returnedShard)).split(separator: "\n").count
        try fixture.write(returnedShard, try #require(fixture.read(returnedShard)) + "damaged line\n")

        let report = try decrypting(fixture)

        #expect(report.lines() == [
            "\(returnedShard):\(lineCount): this line of the fingerprint index is for the key O2 of order tienda/T-2, "
                + "which the ledger does not show as sold, so that key cannot be sold. \(Self.rebuild)",
            "\(returnedShard):\(lineCount + 1): invalid line in the fingerprint index of sold keys, which only keyship "
                + "writes; restore the file from git history",
        ])
    }

    @Test func keyThatDoesNotOpenIsReported() throws {
        let (fixture, _) = try store()
        try fixture.write(FingerprintLayout.keyFile, try FingerprintKey.generate().sealed(to: [AgeIdentity.generate().recipient]))

        let report = try decrypting(fixture)

        #expect(report.lines().count == 1)
        #expect(report.lines().first?.hasPrefix(
            "ledger/fingerprint-key.age: the index of sold keys cannot be checked: cannot open the fingerprint key: "
                + "No identity decrypts this age file") == true)
    }

    @Test func withoutDecryptIndexIsNotChecked() throws {
        let (fixture, _) = try store()

        #expect(try StoreCheck.run(root: fixture.root.path).lines() == [])
    }
}
