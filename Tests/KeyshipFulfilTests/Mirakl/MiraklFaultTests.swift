import FakeMirakl
import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

/// `keyship fulfil` against a fake Mirakl that fails often and at random. Every endpoint gives
/// 429 with Retry-After, 5xx statuses, dropped connections and responses slower than the
/// client's timeout. OR21, OR24, OR43 and OR74 also apply changes and lose the response, and
/// orders are cancelled between listing and accepting, sending or shipping. After twelve runs
/// under faults and a few without, every paid order has its keys exactly once.
@Suite struct MiraklFaultTests {
    /// Seeds of the fault generators; each gives a different, repeatable sequence of faults.
    static let seeds: [UInt64] = [7, 42, 2026, 65537]
    static let faultyRuns = 12
    /// The HTTP request timeout under faults; slow responses take longer than this.
    static let shortTimeout = Duration.milliseconds(400)
    static let slowResponse = Duration.milliseconds(700)

    static let office = MiraklStore.officeSKU, windows = MiraklStore.windowsSKU
    static let antivirus = MiraklStore.antivirusSKU, usb = MiraklStore.usbSKU

    /// Line patterns the orders cycle through: licence-only and mixed, quantities 1 to 3.
    static let linePatterns: [[(sku: String, quantity: Int)]] = [
        [(office, 1)], [(windows, 2), (antivirus, 1)], [(office, 1), (usb, 1)], [(antivirus, 3)], [(office, 2)],
        [(windows, 1), (usb, 2)], [(office, 1), (windows, 1)], [(antivirus, 2)], [(office, 3)],
    ]
    static let locales = ["es_ES", "en_GB", "de_DE"]

    /// Order number `number` (`F-07-A`): its lines and locale cycle through the patterns, and
    /// it was created `number` times ten minutes after 06:00.
    static func order(_ number: Int, _ state: String) -> FakeMirakl.Order {
        let created = Timestamp(iso: "2026-12-04T06:00:00Z")!.adding(seconds: Int64(number) * 600)
        let id = "F-\(number < 10 ? "0" : "")\(number)-A"
        return miraklOrder(
            id, state, created: created.iso, locale: locales[number % locales.count],
            lines: linePatterns[number % linePatterns.count])
    }

    /// Orders on the marketplace before the first run: six paid, six accepted by the seller and
    /// waiting for payment, and nine waiting for acceptance.
    static func initialOrders() -> [FakeMirakl.Order] {
        (1...6).map { order($0, "SHIPPING") } + (7...12).map { order($0, "WAITING_DEBIT_PAYMENT") }
            + (13...21).map { order($0, "WAITING_ACCEPTANCE") }
    }

    /// Orders that arrive after runs 1 to 8: one paid, the others waiting for acceptance.
    static let laterOrders: [Int: FakeMirakl.Order] = Dictionary(uniqueKeysWithValues: (1...8).map { run in
        (run, order(21 + run, run == 4 ? "SHIPPING" : "WAITING_ACCEPTANCE"))
    })

    /// Orders the buyer cancels after a given run, whatever keyship did with them so far.
    static let buyerCancellations: [Int: String] = [1: "F-10-A", 3: "F-17-A", 5: "F-14-A", 8: "F-27-A"]

    /// Forty keys of each licence product: more than all the orders need together.
    static let keyBatches: [(product: String, batch: String, keys: [StoreFixture.Key])] = [
        ("office", "b1", keys("office", 1...40, warehouse: "BCN")),
        ("windows", "b1", keys("windows", 1...40, warehouse: "BCN")),
        ("antivirus", "b1", keys("antivirus", 1...40, warehouse: "BCN")),
    ]

    @Test(arguments: seeds)
    func settlesUnderFaults(seed: UInt64) async throws {
        let store = try MiraklStore("mirakl-faults", orders: Self.initialOrders(), keys: Self.keyBatches)
        let fake = store.fake
        for order in Self.initialOrders() + Self.laterOrders.values { try store.addInvoice(order.id) }
        Self.injectFaults(into: fake, seed: seed)

        for run in 1...Self.faultyRuns {
            // A run never throws here: marketplace failures end in its report (exit code 3 for
            // failed steps, 4 for an unreachable channel), and only store or remote failures
            // throw, which a local bare remote does not give.
            let report = try await store.run(requestTimeout: Self.shortTimeout)
            #expect([.success, .attention, .unavailable].contains(report.exitCode), "run \(run): exit code \(report.exitCode)")
            try Self.checkSafety(store, after: "seed \(seed), run \(run)")
            try moveMarketplace(store, after: run)
        }

        // Faults off: the runs that follow finish every order.
        fake.clearFaults()
        var settled = false
        for run in 1...4 where !settled {
            let report = try await store.run()
            try Self.checkSafety(store, after: "seed \(seed), settling run \(run)")
            let paid = try store.payAccepted()
            try store.sellerAccepts(Self.mixedOrderIDs(fake))
            settled = report.commits.isEmpty && paid.isEmpty && report.exitCode == .success
        }
        #expect(settled, "seed \(seed): still changing after four runs without faults")
        try Self.checkSettled(store, seed: seed)
        let fired = fake.firedFaults.map(Self.kind(of:))
        for kind in Self.requiredKinds {
            #expect(fired.contains(kind), "seed \(seed): no \(kind) fault fired")
        }
    }

    static func kind(of fired: FakeMirakl.FiredFault) -> String {
        switch fired.fault {
        case .tooManyRequests: "429"
        case .serverError(let status): String(status)
        case .dropConnection: "drop"
        case .slowResponse: "slow"
        case .cancelOrderFirst: "cancel \(fired.endpoint.rawValue)"
        case .applyThenDropConnection: "applied \(fired.endpoint.rawValue)"
        case .changeOrderStates: "states changed"
        }
    }

    /// The fault kinds every seed must go through at least once.
    static let requiredKinds = [
        "429", "500", "502", "503", "drop", "slow", "cancel OR21", "applied OR21", "applied OR24", "applied OR43",
        "applied OR74",
    ]

    /// Endpoints every run calls at least once.
    static let everyRunEndpoints: [FakeMirakl.Endpoint] = [.listOrders, .importStock, .stockImportStatus]

    /// Switches on seeded random faults on every endpoint. So that no seed misses a kind, each
    /// kind also fires once, after a number of calls that depends on the seed.
    static func injectFaults(into fake: FakeMirakl, seed: UInt64) {
        let generic: [FakeMirakl.Fault] = [
            .tooManyRequests(retryAfterSeconds: 1), .serverError(status: 500), .serverError(status: 502),
            .serverError(status: 503), .dropConnection, .slowResponse(delay: slowResponse),
        ]
        let offset = Int(seed % UInt64(everyRunEndpoints.count))
        for (index, fault) in generic.enumerated() {
            let endpoint = everyRunEndpoints[(offset + index) % everyRunEndpoints.count]
            fake.inject(fault, on: endpoint, times: 1, after: Int(seed % 4))
        }
        fake.inject(.cancelOrderFirst, on: .acceptOrder, times: 1, after: Int(seed % 3))
        for endpoint in [FakeMirakl.Endpoint.acceptOrder, .shipOrder, .createThread, .uploadDocuments] {
            fake.inject(.applyThenDropConnection, on: endpoint, times: 1, after: Int(seed % 5))
        }

        var rule: UInt64 = 0
        func nextSeed() -> UInt64 {
            rule += 1
            return seed &* 1_000 &+ rule
        }
        fake.inject(.cancelOrderFirst, on: .acceptOrder, probability: 0.1, seed: nextSeed())
        fake.inject(.cancelOrderFirst, on: .createThread, probability: 0.03, seed: nextSeed())
        fake.inject(.cancelOrderFirst, on: .shipOrder, probability: 0.03, seed: nextSeed())
        for endpoint in [FakeMirakl.Endpoint.acceptOrder, .shipOrder, .createThread, .uploadDocuments] {
            fake.inject(.applyThenDropConnection, on: endpoint, probability: 0.1, seed: nextSeed())
        }
        for endpoint in FakeMirakl.Endpoint.allCases {
            let probabilities = [0.05, 0.03, 0.02, 0.02, 0.03, 0.01]
            for (fault, probability) in zip(generic, probabilities) {
                fake.inject(fault, on: endpoint, probability: probability, seed: nextSeed())
            }
        }
    }

    /// Moves the marketplace on between runs: buyers pay, the seller accepts the mixed orders,
    /// new orders arrive and some buyers cancel.
    private func moveMarketplace(_ store: MiraklStore, after run: Int) throws {
        store.harness.advance(seconds: 2 * 3600)
        try store.payAccepted()
        try store.sellerAccepts(Self.mixedOrderIDs(store.fake))
        if let order = Self.laterOrders[run] { store.fake.addOrder(order) }
        if let orderID = Self.buyerCancellations[run] {
            // A shipped order cannot be cancelled any more; the fake rejects that, and the test
            // goes on.
            try? store.fake.cancel(orderID)
        }
    }

    static func mixedOrderIDs(_ fake: FakeMirakl) -> [String] {
        fake.orders.filter { order in order.lines.contains { $0.sku == usb } }.map(\.id)
    }

    // MARK: - Checks

    /// What must hold after every run, faults or not: no key sold twice, no sold key still in
    /// stock, at most one message per order, and each message holding exactly its record's keys.
    static func checkSafety(_ store: MiraklStore, after label: String) throws {
        let records = try store.records()
        let stock = try store.stockIDs()
        var owners: [String: String] = [:]
        for (orderID, record) in records.sorted(by: { $0.key < $1.key }) {
            let threads = store.shopThreads(orderID)
            #expect(threads.count <= 1, "\(label): order \(orderID) has \(threads.count) threads")
            if let thread = threads.first {
                #expect(
                    FulfilHarness.keys(in: thread.body).sorted() == store.plaintexts(of: record).sorted(),
                    "\(label): the thread of \(orderID) does not hold the record's keys")
                #expect(record.cancellation?.outcome != .returned, "\(label): \(orderID) returned keys the buyer got")
                if record.delivery.status == .done {
                    #expect(record.delivery.messageID == thread.id, "\(label): message id of \(orderID)")
                }
            }
            if record.cancellation?.outcome == .returned { continue }
            for key in record.keys {
                let id = key.row.id
                if let other = owners[id] {
                    Issue.record("\(label): key \(id) is in the records of \(other) and \(orderID)")
                }
                owners[id] = orderID
                #expect(!stock.contains(id), "\(label): key \(id) of \(orderID) is still in stock")
            }
        }
        for order in store.fake.orders where records[order.id] == nil {
            #expect(store.shopThreads(order.id).isEmpty, "\(label): \(order.id) has a thread but no record")
        }
    }

    /// What must hold once the marketplace and keyship are done.
    static func checkSettled(_ store: MiraklStore, seed: UInt64) throws {
        let fake = store.fake
        let records = try store.records()
        let stock = try store.stockIDs()
        #expect(try store.openRecordPaths().isEmpty, "seed \(seed): open records left")
        #expect(Set(fake.acceptedOrderIDs).count == fake.acceptedOrderIDs.count, "seed \(seed): an order accepted twice")
        #expect(Set(fake.shippedOrderIDs).count == fake.shippedOrderIDs.count, "seed \(seed): an order shipped twice")
        let liveKeys = Set(records.values.filter { $0.cancellation?.outcome != .returned }.flatMap(\.keys).map(\.row.id))

        for order in fake.orders {
            let label = "seed \(seed), \(order.id) (\(order.state))"
            let mixed = order.lines.contains { $0.sku == usb }
            let record = records[order.id]
            #expect(!["WAITING_ACCEPTANCE", "WAITING_DEBIT_PAYMENT"].contains(order.state), "\(label): not finished")
            if mixed {
                #expect(!fake.acceptedOrderIDs.contains(order.id), "\(label): keyship accepted a mixed order")
                #expect(!fake.shippedOrderIDs.contains(order.id), "\(label): keyship shipped a mixed order")
            }

            if order.state == "CANCELED" {
                guard let record else { continue }
                #expect(record.isClosed, "\(label): cancelled but open")
                switch record.cancellation?.outcome {
                case .returned?:
                    #expect(store.shopThreads(order.id).isEmpty, "\(label): keys returned after a message")
                    for key in record.keys {
                        #expect(stock.contains(key.row.id) || liveKeys.contains(key.row.id), "\(label): returned key \(key.row.id) lost")
                    }
                case .burned?:
                    #expect(record.delivery.attempts > 0, "\(label): burned without a delivery attempt")
                    for key in record.keys {
                        #expect(!stock.contains(key.row.id), "\(label): burned key \(key.row.id) back in stock")
                    }
                case nil:
                    // The buyer cancelled a mixed order after keyship had sent its keys and
                    // closed its record, so keyship no longer watches it. The keys are spent.
                    #expect(mixed, "\(label): cancelled licence order with no cancellation in its record")
                    #expect(record.delivery.status == .done, "\(label): cancelled before delivery with no cancellation")
                    #expect(store.shopThreads(order.id).count == 1, "\(label): threads")
                    for key in record.keys {
                        #expect(!stock.contains(key.row.id), "\(label): delivered key \(key.row.id) back in stock")
                    }
                }
                continue
            }

            // A paid order: delivered once, with its exact quantities, and its invoice attached.
            let threads = store.shopThreads(order.id)
            try #require(threads.count == 1, "\(label): \(threads.count) threads")
            let delivered = try #require(record, "\(label): no record")
            #expect(delivered.delivery.status == .done, "\(label): not delivered")
            #expect(delivered.delivery.messageID == threads[0].id, "\(label): message id")
            #expect(delivered.isClosed, "\(label): open")
            #expect(delivered.cancellation == nil)
            let wanted = order.lines.filter { MiraklStore.products[$0.sku] != nil }.map { "\($0.id) x\($0.quantity)" }
            #expect(delivered.lines.map { "\($0.lineID) x\($0.keys.count)" } == wanted, "\(label): quantities")
            #expect(FulfilHarness.keys(in: threads[0].body).count == delivered.keys.count)
            #expect(fake.documents(for: order.id).map(\.fileName) == ["\(order.id).pdf"], "\(label): invoices")
            #expect(delivered.invoice?.outcome == .attached, "\(label): invoice outcome")
            if delivered.acceptedAt != nil {
                #expect(fake.acceptedOrderIDs.contains(order.id), "\(label): the ledger says accepted")
            }
            if delivered.shipment?.outcome == .confirmed {
                #expect(fake.shippedOrderIDs.contains(order.id), "\(label): the ledger says shipped")
            }
            if mixed {
                #expect(order.state == "SHIPPING", "\(label): the seller ships mixed orders")
                #expect(delivered.shipment?.outcome == .leftToSeller)
            } else {
                #expect(order.state == "SHIPPED", "\(label): not shipped")
                #expect(fake.shippedOrderIDs.contains(order.id), "\(label): shipped by someone else")
            }
        }

        // Stock on the marketplace equals the keys left in the store.
        var stockFile = "offer-sku;quantity;warehouse-code;update-delete\n"
        for (sku, product) in MiraklStore.products.sorted(by: { $0.key < $1.key }) {
            let left = try store.harness.stockIDs(product).count
            #expect(fake.offer(sku)?.quantity == left, "seed \(seed): stock of \(sku)")
            stockFile += "\(sku);\(left);;update\n"
        }
        #expect(store.lastStockFile == stockFile, "seed \(seed): last STO01 file")
        #expect(!store.harness.logText.contains("KEY-"), "seed \(seed): a plaintext key reached the log")
        #expect(!store.harness.logText.contains(MiraklStore.apiKey), "seed \(seed): the API key reached the log")
    }
}
