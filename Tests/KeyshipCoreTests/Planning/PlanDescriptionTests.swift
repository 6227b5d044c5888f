import KeyshipCore
import Testing

@Suite struct PlanDescriptionTests {
    typealias F = PlanFixture

    /// Plans one order of every kind.
    static func samplePlan() -> Plan {
        let stock = F.keys("K", count: 2) + F.otherStock + [F.key("X9", created: 90, expires: "2026-12-01")]
        let delivered = F.order("T-0", created: -60)
        let failed = F.record(
            for: delivered, keys: [F.key("S1", created: 0)],
            delivery: DeliveryRecord(status: .error, attempts: 1, lastError: "HTTP 500"))
        let orders = [
            delivered,
            F.order("T-1", created: 0, lines: [("OFF-2021", 2)]),
            F.order("T-2", created: 1),
            F.order("T-3", created: 2, lines: [("NO-SUCH", 1)]),
            F.order("T-4", created: 3, state: .shipped),
        ]
        return Planner.plan(F.input(stock: stock, orders: orders, records: [failed]))
    }

    @Test func englishDescription() {
        #expect(Self.samplePlan().description == """
            Plan for 2026-12-04 (2026-12-04T10:20:00Z UTC)
            Orders: to reserve 1, waiting for stock 1, held 1, ignored 1. Open records: 1.
            Reserve keys:
              tienda/T-1: office x2 (keys K1, K2); then: send the keys to the buyer, confirm shipment, close the record
            Waiting for stock (served oldest first):
              tienda/T-2: office@MAD needs 1, available 0, missing 1
            Held:
              tienda/T-3: unmapped product on line 1 (SKU NO-SUCH); add the SKU to offers in the catalogue
            Ignored:
              tienda/T-4 (shipped): not in a state that gets keys
            Open records:
              tienda/T-0: send the same keys to the buyer (attempt 2, checking first for a message already sent), \
            confirm shipment, close the record
            Stock after this plan:
              antivirus@MAD: available 10, set aside 0, reserved 0, expired 0, waiting orders 0
              office@BCN: available 10, set aside 0, reserved 0, expired 0, waiting orders 0
              office@MAD: available 0, set aside 0, reserved 2, expired 1, waiting orders 1
              vpn@MAD: available 10, set aside 0, reserved 0, expired 0, waiting orders 0
              windows@MAD: available 10, set aside 0, reserved 0, expired 0, waiting orders 0
            Alerts started:
              stock-out office@MAD: available=0 waiting_orders=1 missing=1
              low stock office@MAD: available=0 threshold=5
              delivery error tienda/T-0: status=error attempts=1 last_error=HTTP 500
              unmapped product tienda/NO-SUCH: orders=1
            Active alerts: 4
            """)
    }

    @Test func spanishDescription() {
        #expect(Self.samplePlan().formatted(in: .es) == """
            Plan del 04/12/2026 (2026-12-04T10:20:00Z UTC)
            Pedidos: por reservar 1, en espera de stock 1, retenidos 1, sin acción 1. Registros abiertos: 1.
            Reservar claves:
              tienda/T-1: office x2 (claves K1, K2); después: enviar las claves al cliente, confirmar el envío, \
            cerrar el registro
            En espera de stock (se sirven del más antiguo al más reciente):
              tienda/T-2: office@MAD necesita 1, disponibles 0, faltan 1
            Retenidos:
              tienda/T-3: producto sin relación en la línea 1 (SKU NO-SUCH); añade el SKU a offers en el catálogo
            Sin acción:
              tienda/T-4 (shipped): estado en el que no se reservan claves
            Registros abiertos:
              tienda/T-0: enviar las mismas claves al cliente (intento 2, comprobando antes si ya se enviaron), \
            confirmar el envío, cerrar el registro
            Stock tras este plan:
              antivirus@MAD: disponibles 10, apartadas 0, reservadas 0, expiradas 0, pedidos en espera 0
              office@BCN: disponibles 10, apartadas 0, reservadas 0, expiradas 0, pedidos en espera 0
              office@MAD: disponibles 0, apartadas 0, reservadas 2, expiradas 1, pedidos en espera 1
              vpn@MAD: disponibles 10, apartadas 0, reservadas 0, expiradas 0, pedidos en espera 0
              windows@MAD: disponibles 10, apartadas 0, reservadas 0, expiradas 0, pedidos en espera 0
            Alertas que empiezan:
              rotura de stock office@MAD: available=0 waiting_orders=1 missing=1
              stock bajo office@MAD: available=0 threshold=5
              error de envío al cliente tienda/T-0: status=error attempts=1 last_error=HTTP 500
              producto sin relación tienda/NO-SUCH: orders=1
            Alertas activas: 4
            """)
    }

    struct StepCase: Sendable, CustomStringConvertible {
        var name: String
        var step: RecordStep
        var spanish: String
        var english: String
        var description: String { name }
    }

    static let keyCountCases: [StepCase] = [
        StepCase(
            name: "return one key",
            step: .returnKeys([KeyReturn(product: "office", batch: "keys/office/a.csv", rows: [F.key("K1", created: 0).row])]),
            spanish: "devolver 1 clave al stock", english: "return 1 key to stock"),
        StepCase(
            name: "return keys from two batches",
            step: .returnKeys([
                KeyReturn(product: "office", batch: "keys/office/a.csv", rows: [F.key("K1", created: 0).row]),
                KeyReturn(product: "office", batch: "keys/office/b.csv", rows: [F.key("K2", created: 1).row]),
            ]),
            spanish: "devolver 2 claves al stock", english: "return 2 keys to stock"),
        StepCase(
            name: "burn one key", step: .burnKeys(["K1"]),
            spanish: "dar por consumida 1 clave (pudo llegar al cliente)",
            english: "burn 1 key (the buyer may have seen it)"),
        StepCase(
            name: "burn two keys", step: .burnKeys(["K1", "K2"]),
            spanish: "dar por consumidas 2 claves (pudieron llegar al cliente)",
            english: "burn 2 keys (the buyer may have seen them)"),
    ]

    @Test(arguments: keyCountCases)
    func stepAgreesWithKeyCount(testCase: StepCase) {
        #expect(testCase.step.text(in: .es) == testCase.spanish)
        #expect(testCase.step.text(in: .en) == testCase.english)
    }

    @Test func descriptionOmitsBuyerAndCells() {
        let plan = Self.samplePlan()
        let texts = [plan.description, plan.formatted(in: .es), String(describing: plan.reservations)]

        for text in texts {
            #expect(!text.contains("Ana Compradora"))
            #expect(!text.contains("ana@example.com"))
        }
        #expect(!plan.description.contains("YWdlLWVuY3J5cHRpb24"))
    }
}
