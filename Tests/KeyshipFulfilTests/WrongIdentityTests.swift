import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct WrongIdentityTests {
    /// An identity that cannot open the key cells stops the run before anything is reserved or
    /// sent, with an error naming the key.
    @Test func wrongIdentityStopsBeforeReserving() async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
        }
        try harness.fixture.addOrder("T-70", lines: [("OFFICE", 1)])
        let subjects = try harness.remoteSubjects()

        let error = await #expect(throws: RunMessage.self) {
            try await harness.run(identities: [try AgeIdentity.generate()])
        }

        guard case .keyNotDecryptable(let keyID, let batch, _)? = error else {
            Issue.record("expected keyNotDecryptable, got \(String(describing: error))")
            return
        }
        #expect(keyID == "b-office-0001")
        #expect(batch == "keys/office/b1.csv")
        #expect(error?.text(in: .en) == "cannot decrypt the key b-office-0001 (keys/office/b1.csv), so nothing was assigned "
            + "or sent: No identity decrypts this age file: the cell was not encrypted to this identity. "
            + "Check KEYSHIP_IDENTITY (or KEYSHIP_IDENTITY_FILE): it must contain the identity of one of the "
            + "recipients in keyship.yaml.")
        #expect(error?.text(in: .es) == "no se puede descifrar la clave b-office-0001 (keys/office/b1.csv), así que no se ha "
            + "asignado ni enviado nada: Ninguna identidad descifra este fichero age: la celda no se cifró para esta identidad. "
            + "Comprueba KEYSHIP_IDENTITY (o KEYSHIP_IDENTITY_FILE): debe contener la identidad de uno de los "
            + "destinatarios de keyship.yaml.")
        #expect(try harness.remoteSubjects() == subjects)
        #expect(harness.outboxFiles() == [])
        #expect(try harness.stockIDs("office") == ["b-office-0001", "b-office-0002"])
        #expect(try harness.record("T-70") == nil)
    }
}
