import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing

@Suite struct KeysListCommandTests {
    /// Office: two available keys, one sold and delivered, one sold with a delivery error, and
    /// an order cancelled before delivery whose key went back to stock. Windows: one available
    /// key created just before midnight in Madrid.
    static func makeFixture() throws -> StoreFixture {
        let fixture = try StoreFixture("list")
        try fixture.addBatch(product: "office", batch: "b1", keys: [
            .init(id: "a-0001", plaintext: "PLAIN-A1", createdAt: "2026-12-01T10:00:00Z", expiresOn: "2027-12-31"),
            .init(id: "a-0002", plaintext: "PLAIN-A2", warehouse: "BCN", createdAt: "2026-07-01T10:00:00Z", company: "Beta S.L."),
        ])
        try fixture.addBatch(product: "windows", batch: "w1", keys: [
            .init(id: "w-0001", plaintext: "PLAIN-W1", createdAt: "2026-11-20T23:30:00Z"),
        ])
        try fixture.addSale(
            orderID: "T-1001", product: "office",
            keys: [.init(id: "s-0001", plaintext: "PLAIN-S1", createdAt: "2026-11-01T09:00:00Z")],
            soldAt: "2026-12-02T08:30:00Z",
            delivery: DeliveryRecord(
                status: .done, attempts: 1, lastAttemptAt: Timestamp(iso: "2026-12-02T08:31:00Z"),
                sentAt: Timestamp(iso: "2026-12-02T08:31:00Z"), messageID: "m-1", language: "es"))
        try fixture.addSale(
            orderID: "T-1002", product: "office",
            keys: [.init(id: "s-0002", plaintext: "PLAIN-S2", createdAt: "2026-11-15T12:00:00Z")],
            soldAt: "2026-12-03T17:45:00Z",
            delivery: DeliveryRecord(
                status: .error, attempts: 2, lastError: "HTTP 500", lastAttemptAt: Timestamp(iso: "2026-12-03T17:50:00Z")))
        try fixture.addSale(
            orderID: "T-1003", product: "office",
            keys: [.init(id: "a-0001", plaintext: "PLAIN-A1", createdAt: "2026-12-01T10:00:00Z", expiresOn: "2027-12-31")],
            soldAt: "2026-12-03T09:00:00Z", delivery: DeliveryRecord(status: .inProgress),
            cancellation: CancellationRecord(
                outcome: .returned, at: Timestamp(iso: "2026-12-03T10:00:00Z")!, marketplaceState: "cancelled"))
        return fixture
    }

    @Test func productTableInEnglish() async throws {
        let fixture = try Self.makeFixture()

        let result = await CLIHarness.run(["keys", "list", "office"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.errors == "")
        #expect(result.output == """
            ID      Created           Company    Warehouse  Expiry date  Availability  Sale date         Sent to buyer  Send date         Order
            a-0002  2026-07-01 12:00  Beta S.L.  BCN        -            available     -                 -              -                 -
            s-0001  2026-11-01 10:00  Acme       MAD        -            sold          2026-12-02 09:30  done           2026-12-02 09:31  T-1001 (tienda)
            s-0002  2026-11-15 13:00  Acme       MAD        -            sold          2026-12-03 18:45  error          -                 T-1002 (tienda)
            a-0001  2026-12-01 11:00  Acme       MAD        2027-12-31   available     -                 -              -                 -
            4 keys: 2 available, 2 sold. Times in Europe/Madrid.

            """)
    }

    @Test func productTableInSpanish() async throws {
        let fixture = try Self.makeFixture()

        let result = await CLIHarness.run(["keys", "list", "office", "--lang", "es"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output == """
            ID      Fecha de creación  Empresa    Almacén  Fecha de expiración  Disponibilidad  Fecha de venta    Enviada al cliente  Fecha de envío    Pedido
            a-0002  01/07/2026 12:00   Beta S.L.  BCN      -                    disponible      -                 -                   -                 -
            s-0001  01/11/2026 10:00   Acme       MAD      -                    vendida         02/12/2026 09:30  finalizado          02/12/2026 09:31  T-1001 (tienda)
            s-0002  15/11/2026 13:00   Acme       MAD      -                    vendida         03/12/2026 18:45  error               -                 T-1002 (tienda)
            a-0001  01/12/2026 11:00   Acme       MAD      31/12/2027           disponible      -                 -                   -                 -
            4 claves: 2 disponibles, 2 vendidas. Horas en Europe/Madrid.

            """)
    }

    @Test func everyProductWithFilters() async throws {
        let fixture = try Self.makeFixture()

        let available = await CLIHarness.run(["keys", "list", "--available", "--lang", "es"], fixture: fixture)
        let sold = await CLIHarness.run(["keys", "list", "--sold"], fixture: fixture)

        #expect(available.exitCode == .success)
        #expect(available.output == """
            Producto  ID      Fecha de creación  Empresa    Almacén  Fecha de expiración  Disponibilidad  Fecha de venta  Enviada al cliente  Fecha de envío  Pedido
            office    a-0002  01/07/2026 12:00   Beta S.L.  BCN      -                    disponible      -               -                   -               -
            office    a-0001  01/12/2026 11:00   Acme       MAD      31/12/2027           disponible      -               -                   -               -
            windows   w-0001  21/11/2026 00:30   Acme       MAD      -                    disponible      -               -                   -               -
            3 claves: 3 disponibles, 0 vendidas. Horas en Europe/Madrid.

            """)
        #expect(sold.exitCode == .success)
        #expect(sold.output == """
            Product  ID      Created           Company  Warehouse  Expiry date  Availability  Sale date         Sent to buyer  Send date         Order
            office   s-0001  2026-11-01 10:00  Acme     MAD        -            sold          2026-12-02 09:30  done           2026-12-02 09:31  T-1001 (tienda)
            office   s-0002  2026-11-15 13:00  Acme     MAD        -            sold          2026-12-03 18:45  error          -                 T-1002 (tienda)
            2 keys: 0 available, 2 sold. Times in Europe/Madrid.

            """)
    }

    @Test func jsonWithISODates() async throws {
        let fixture = try Self.makeFixture()

        let result = await CLIHarness.run(["keys", "list", "office", "--json", "--lang", "es"], fixture: fixture)

        #expect(result.exitCode == .success)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let keys = try #require(json["keys"] as? [[String: Any]])
        #expect(keys.map { $0["id"] as? String } == ["a-0002", "s-0001", "s-0002", "a-0001"])
        #expect(result.output.contains("""
                {
                  "attachment" : null,
                  "availability" : "sold",
                  "channel" : "tienda",
                  "company" : "Acme",
                  "created_at" : "2026-11-01T09:00:00Z",
                  "delivery" : "done",
                  "expires_on" : null,
                  "id" : "s-0001",
                  "order_id" : "T-1001",
                  "product" : "office",
                  "sent_at" : "2026-12-02T08:31:00Z",
                  "sold_at" : "2026-12-02T08:30:00Z",
                  "warehouse" : "MAD"
                }
            """))
        #expect(result.output.contains("""
                {
                  "attachment" : null,
                  "availability" : "available",
                  "channel" : null,
                  "company" : "Acme",
                  "created_at" : "2026-12-01T10:00:00Z",
                  "delivery" : null,
                  "expires_on" : "2027-12-31",
                  "id" : "a-0001",
                  "order_id" : null,
                  "product" : "office",
                  "sent_at" : null,
                  "sold_at" : null,
                  "warehouse" : "MAD"
                }
            """))
        #expect((keys[2]["delivery"] as? String) == "error")
        #expect(keys[2]["sent_at"] is NSNull)
    }

    @Test func emptyProductSaysSo() async throws {
        let fixture = try Self.makeFixture()

        let english = await CLIHarness.run(["keys", "list", "antivirus"], fixture: fixture)
        let spanish = await CLIHarness.run(["keys", "list", "antivirus", "--lang", "es"], fixture: fixture)
        let json = await CLIHarness.run(["keys", "list", "antivirus", "--json"], fixture: fixture)

        #expect(english.output == "There are no licence keys of antivirus.\n")
        #expect(spanish.output == "No hay claves de licencia de antivirus.\n")
        #expect(json.output == "{\n  \"keys\" : [\n\n  ]\n}\n")
    }

    @Test func unknownProductAndConflictingFilters() async throws {
        let fixture = try Self.makeFixture()

        let unknown = await CLIHarness.run(["keys", "list", "nope"], fixture: fixture)
        let conflicting = await CLIHarness.run(["keys", "list", "--available", "--sold"], fixture: fixture)

        #expect(unknown.exitCode == .failure)
        #expect(unknown.errors == "error: unknown product \"nope\"; the catalogue has: antivirus, office, usb, windows\n")
        #expect(conflicting.exitCode == .usage)
        #expect(conflicting.errors == "error: --available and --sold cannot be used together\n")
    }
}
