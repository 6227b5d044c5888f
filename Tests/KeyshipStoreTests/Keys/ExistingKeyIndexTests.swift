import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipStore
import KeyshipTestSupport
import Testing

@Suite struct ExistingKeyIndexTests {
    @Test func findsStockAndSoldKeysOfEveryProduct() throws {
        let fixture = try StoreFixture("existing")
        try fixture.addBatch(product: "office", batch: "b1", keys: [.init(id: "a-1", plaintext: "K-A1")])
        try writeSale(fixture, orderID: "T-1", product: "windows", keys: [("s-1", "K-S1")])
        let inventory = try KeyInventory.load(from: WorkTreeSnapshot(root: fixture.root.path))
        var progress: [Int] = []

        let index = try ExistingKeyIndex.build(from: inventory, identities: [fixture.identity]) { progress.append($0) }

        #expect(index.count == 2)
        #expect(index.lookup("K-A1") == .inStock(id: "a-1", batch: "keys/office/b1.csv"))
        #expect(index.lookup("K-S1") == .sold(id: "s-1", channel: "tienda", order: "T-1"))
        #expect(index.lookup("K-A1 ") == nil)
        #expect(progress == [1, 2])
    }

    @Test func wrongIdentityNamesTheKey() throws {
        let fixture = try StoreFixture("existing")
        try writeSale(fixture, orderID: "T-1", product: "windows", keys: [("s-1", "K-S1")])
        let inventory = try KeyInventory.load(from: WorkTreeSnapshot(root: fixture.root.path))

        #expect(throws: ExistingKeyError.cannotOpen(id: "s-1", place: .order(channel: "tienda", orderID: "T-1"), reason: .noMatchingIdentity)) {
            try ExistingKeyIndex.build(from: inventory, identities: [try AgeIdentity.generate()])
        }
        let error = ExistingKeyError.cannotOpen(id: "s-1", place: .order(channel: "tienda", orderID: "T-1"), reason: .noMatchingIdentity)
        #expect(error.text(in: .es) == "la identidad de KEYSHIP_IDENTITY o KEYSHIP_IDENTITY_FILE no abre la clave s-1 (pedido T-1 de tienda), así que no se puede comprobar si hay claves repetidas; usa la identidad de la tienda, o quita esas variables para importar sin esa comprobación")
    }
}
