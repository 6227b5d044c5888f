import KeyshipCore
import Testing

private typealias F = PlanFixture

@Suite struct BlockedKeysTests {
    /// Blocked rows are never assigned: the order gets the next keys, and the rows are listed
    /// as excluded with the caller's reason.
    @Test func blockedKeysAreSkippedAndListed() {
        let stock = [
            F.key("COPY", created: 1, batch: "keys/office/again.csv", line: 2),
            F.key("TWIN", created: 2, batch: "keys/office/b.csv", line: 3),
            F.key("K1", created: 3), F.key("K2", created: 4),
        ]
        var input = F.input(stock: stock + F.otherStock, orders: [F.order("T-1", lines: [("OFF-2021", 2)])])
        input.blockedKeys = [
            "COPY": .duplicateOfSold(channel: "tienda", orderID: "T-0", keyID: "S1"),
            "TWIN": .duplicateInStock(keyID: "K1"),
        ]

        let plan = Planner.plan(input)

        #expect(F.reservedKeyIDs(plan) == ["tienda/T-1": ["K1", "K2"]])
        #expect(plan.excludedKeys == [
            ExcludedKey(
                product: "office", batch: "keys/office/again.csv", line: 2, keyID: "COPY",
                reason: .duplicateOfSold(channel: "tienda", orderID: "T-0", keyID: "S1")),
            ExcludedKey(product: "office", batch: "keys/office/b.csv", line: 3, keyID: "TWIN", reason: .duplicateInStock(keyID: "K1")),
        ])
        #expect(plan.needsAttention)
        #expect(plan.stockCount(product: "office", warehouse: "MAD")?.available == 0)
    }

    /// With only blocked rows left, the order waits for stock instead of getting them.
    @Test func orderWaitsWhenOnlyBlockedKeysRemain() {
        var input = F.input(stock: [F.key("COPY", created: 1)] + F.otherStock, orders: [F.order("T-1")])
        input.blockedKeys = ["COPY": .duplicateInStock(keyID: "K0")]

        let plan = Planner.plan(input)

        #expect(plan.reservations.isEmpty)
        #expect(plan.waiting.map(\.order.id) == ["T-1"])
    }

    @Test func reasonsReadInBothLanguages() {
        let sold = ExcludedKey.Reason.duplicateOfSold(channel: "tienda", orderID: "T-0", keyID: "S1")
        let twin = ExcludedKey.Reason.duplicateInStock(keyID: "K1")

        #expect(sold.text(in: .en)
            == "the same licence key as the key S1, sold to tienda/T-0; it will not be sold again: delete the row from keys/")
        #expect(sold.text(in: .es)
            == "misma clave de licencia que la clave S1, vendida en tienda/T-0; no se volverá a vender: borra la fila de keys/")
        #expect(twin.text(in: .en)
            == "the same licence key as the key K1, also under keys/; only one of them is sold: delete this row from keys/")
        #expect(twin.text(in: .es)
            == "misma clave de licencia que la clave K1, también en keys/; solo se vende una de las dos: borra esta fila de keys/")
    }
}
