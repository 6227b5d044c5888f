import FakeMirakl
import Foundation
import KeyshipChannels
import KeyshipCore
import KeyshipFulfil
import KeyshipNet
import KeyshipStore
import KeyshipTestSupport
import Synchronization
import Testing

/// A store with one Mirakl channel, `pccomponentes`, pointed at a fake Mirakl on 127.0.0.1, for
/// running `keyship fulfil` end to end while the test moves the marketplace.
///
/// The catalogue has three licence products (office, windows, antivirus) and one physical
/// product (usb), all sold on the channel. The fake and the run share one clock, so the order
/// dates the fake writes and the run's listing window agree.
final class MiraklStore: @unchecked Sendable {
    // @unchecked: a store belongs to one test, which drives it from one task at a time; the
    // clock the fake reads is behind a Mutex.
    static let apiKey = "mk-e2e-Qw7Zr2Lp9Xv4"
    static let keyVariable = "KEYSHIP_PCC_API_KEY"
    static let channel = "pccomponentes"

    static let officeSKU = "PCC-88123"
    static let windowsSKU = "PCC-77410"
    static let antivirusSKU = "PCC-55012"
    static let usbSKU = "PCC-10001"
    /// Licence products by offer SKU.
    static let products = [officeSKU: "office", windowsSKU: "windows", antivirusSKU: "antivirus"]

    static let officeAttachment = "attachments/office-instrucciones.txt"
    static let officeAttachmentText = "1. Descarga Office desde setup.office.com.\n2. Introduce la clave.\n"
    static let officeInstructions = "Instala Office desde setup.office.com e introduce la clave."

    let fake: FakeMirakl
    let harness: FulfilHarness
    /// The invoice folder (`invoices.folder`), outside the store.
    let invoiceFolder: URL
    /// The plaintext of every key put in the store, by key id.
    let plaintexts: [String: String]

    /// Starts the fake with `orders` and the four offers, then creates the store with `keys`
    /// (product, batch, keys) and commits it to a bare remote.
    init(_ label: String, orders: [FakeMirakl.Order], keys: [(product: String, batch: String, keys: [StoreFixture.Key])],
         autoDebit: Bool = false, offerQuantity: Int = 99) throws {
        let link = ClockLink(start: Timestamp(iso: "2026-12-04T12:00:00Z")!)
        let offers = [Self.officeSKU, Self.windowsSKU, Self.antivirusSKU, Self.usbSKU].map { sku in
            FakeMirakl.Offer(sku: sku, quantity: sku == Self.usbSKU ? 12 : offerQuantity)
        }
        let fake = try FakeMirakl(
            FakeMirakl.Configuration(apiKey: Self.apiKey, autoDebit: autoDebit, now: { link.now }),
            seed: FakeMirakl.Seed(orders: orders, offers: offers))
        var invoices: URL?
        harness = try FulfilHarness(label, now: link.start.iso) { fixture in
            let folder = fixture.scratch.url("facturas")
            invoices = folder
            try fixture.write(StoreLayout.configFile, Self.config(fixture: fixture, baseURL: fake.baseURL, invoices: folder.path))
            for (path, text) in Self.catalog { try fixture.write(path, text) }
            for (path, text) in Self.templates { try fixture.write(path, text) }
            try fixture.write(Self.officeAttachment, Self.officeAttachmentText)
            for batch in keys { try fixture.addBatch(product: batch.product, batch: batch.batch, keys: batch.keys) }
        }
        link.attach(harness)
        self.fake = fake
        invoiceFolder = invoices!
        var plaintexts: [String: String] = [:]
        for batch in keys {
            for key in batch.keys { plaintexts[key.id] = key.plaintext }
        }
        self.plaintexts = plaintexts
    }

    deinit {
        fake.stop()
    }

    // MARK: - Store files

    static func config(fixture: StoreFixture, baseURL: String, invoices: String) -> String {
        """
        seller: {name: "Licencias Prueba S.L.", tax_id: "B12345678", email: "ventas@example.com"}
        language: es
        recipients: ["\(fixture.recipient)"]
        warehouses:
          - {code: MAD, name: Madrid}
          - {code: BCN, name: Barcelona}
        channels:
          - name: \(channel)
            kind: mirakl
            warehouse: BCN
            language: es
            base_url: "\(baseURL)"
            api_key_env: \(keyVariable)
        invoices: {folder: "\(invoices)", wait_days: 14}

        """
    }

    static let catalog: [(String, String)] = [
        ("catalog/office.yaml", """
            id: office
            name: "Office 2021 Pro"
            digital_license: true
            instructions:
              text: "\(officeInstructions)"
              attachment: \(officeAttachment)
            offers: {pccomponentes: "\(officeSKU)"}
            """),
        ("catalog/windows.yaml", """
            id: windows
            name: "Windows 11 Pro"
            digital_license: true
            offers: {pccomponentes: "\(windowsSKU)"}
            """),
        ("catalog/antivirus.yaml", """
            id: antivirus
            name: "Antivirus 1 año"
            digital_license: true
            offers: {pccomponentes: "\(antivirusSKU)"}
            """),
        ("catalog/usb.yaml", """
            id: usb
            name: "USB de instalación"
            digital_license: false
            offers: {pccomponentes: "\(usbSKU)"}
            """),
    ]

    /// Office has Spanish and English templates, Windows a PcComponentes template in Spanish and
    /// a default one in English, and the antivirus none, so its part holds only its keys.
    static let templates: [(String, String)] = [
        ("templates/office/default.es.yaml", """
            subject: "Tu clave de {{product_name}} (pedido {{order_id}})"
            intro: "Hola {{buyer_name|cliente}}:"
            closing: "Gracias por tu compra. {{seller_name}}"
            """),
        ("templates/office/default.en.yaml", """
            subject: "Your {{product_name}} key (order {{order_id}})"
            intro: "Hello {{buyer_name|there}},"
            closing: "Thank you. {{seller_name}}"
            """),
        ("templates/windows/pccomponentes.es.yaml", """
            subject: "Clave de {{product_name}} - pedido {{order_id}}"
            intro: "Tu clave de {{product_name}}:"
            """),
        ("templates/windows/default.en.yaml", """
            subject: "Your {{product_name}} key (order {{order_id}})"
            intro: "Your {{quantity}} {{product_name}} key(s):"
            """),
    ]

    /// Writes the seller's invoice for the order where the run looks for it.
    func addInvoice(_ orderID: String) throws {
        let folder = invoiceFolder.appendingPathComponent(Self.channel)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(Self.invoiceBytes(orderID)).write(to: folder.appendingPathComponent("\(orderID).pdf"))
    }

    static func invoiceBytes(_ orderID: String) -> [UInt8] {
        Array("%PDF-1.4\n% factura \(orderID)\n%%EOF\n".utf8)
    }

    // MARK: - Running

    /// Runs `keyship fulfil` once. With no `requestTimeout` the standard channel factory builds
    /// the channel; with one, `ShortTimeoutFactory` builds it with that HTTP request timeout.
    @discardableResult
    func run(requestTimeout: Duration? = nil) async throws -> RunReport {
        let environment = [Self.keyVariable: Self.apiKey]
        guard let requestTimeout else { return try await harness.run(environment: environment) }
        var merged = harness.fixture.environment
        merged.merge(environment) { _, new in new }
        let factory = ShortTimeoutFactory(
            environment: merged, now: { [harness] in harness.now }, logger: Logger(label: "test", handler: harness.logs),
            requestTimeout: requestTimeout)
        return try await harness.run(factory: factory, environment: environment)
    }

    // MARK: - Reading the result

    /// Reads every ledger record on the remote, open and closed, by order id.
    func records() throws -> [String: LedgerRecord] {
        let store = try StoreRepository(path: harness.fixture.root.path, environment: harness.fixture.environment, logger: .disabled)
        let snapshot = store.snapshot(try store.sync())
        let all = try LedgerReader(snapshot: snapshot).allRecords()
        #expect(all.diagnostics.items.isEmpty, "damaged ledger records: \(all.diagnostics.items)")
        var byOrder: [String: LedgerRecord] = [:]
        for (_, record) in all.records {
            // A closed copy wins, as in the planner: a record moves from open/ to its month.
            if let existing = byOrder[record.orderID], existing.isClosed, !record.isClosed { continue }
            byOrder[record.orderID] = record
        }
        return byOrder
    }

    /// Paths of the open records on the remote.
    func openRecordPaths() throws -> [String] {
        let store = try StoreRepository(path: harness.fixture.root.path, environment: harness.fixture.environment, logger: .disabled)
        let snapshot = store.snapshot(try store.sync())
        return try LedgerReader(snapshot: snapshot).openRecords(channel: Self.channel).records.map(\.path)
    }

    /// Key ids left under `keys/` on the remote, over all products.
    func stockIDs() throws -> Set<String> {
        var ids: Set<String> = []
        for product in ["office", "windows", "antivirus"] { ids.formUnion(try harness.stockIDs(product)) }
        return ids
    }

    /// Threads keyship opened on the order (the buyer's own threads left out).
    func shopThreads(_ orderID: String) -> [FakeMirakl.Thread] {
        fake.threads(for: orderID).filter { $0.author == .shop }
    }

    /// Returns the plaintext of the record's keys, in record order.
    func plaintexts(of record: LedgerRecord) -> [String] {
        record.keys.map { plaintexts[$0.row.id] ?? "unknown key id \($0.row.id)" }
    }

    /// The last STO01 file, header `offer-sku;quantity;warehouse-code;update-delete` included.
    var lastStockFile: String? {
        fake.stockImports.last.map { String(decoding: $0.csv, as: UTF8.self) }
    }

    /// Pays every accepted order as its buyer: WAITING_DEBIT_PAYMENT moves to SHIPPING.
    @discardableResult
    func payAccepted() throws -> [String] {
        let waiting = fake.orders.filter { $0.state == "WAITING_DEBIT_PAYMENT" }.map(\.id)
        for id in waiting { try fake.pay(id) }
        return waiting
    }

    /// Accepts the given orders as the seller would in the Mirakl back office.
    func sellerAccepts(_ orderIDs: [String]) throws {
        for id in orderIDs where fake.order(id)?.state == "WAITING_ACCEPTANCE" {
            try fake.setState("WAITING_DEBIT_PAYMENT", of: id)
        }
    }
}

/// The clock the fake reads: the harness's once it exists, its start time before.
final class ClockLink: Sendable {
    let start: Timestamp
    private let harness = Mutex<FulfilHarness?>(nil)

    init(start: Timestamp) {
        self.start = start
    }

    func attach(_ harness: FulfilHarness) {
        self.harness.withLock { $0 = harness }
    }

    var now: Timestamp {
        harness.withLock { $0?.now } ?? start
    }
}

/// Builds Mirakl channels whose HTTP client gives up after `requestTimeout`, so the fake's slow
/// responses time out on the client as a slow marketplace would. Waits return at once.
struct ShortTimeoutFactory: ChannelFactory {
    var environment: [String: String]
    var now: @Sendable () -> Timestamp
    var logger: Logger
    var requestTimeout: Duration

    func makeMarketplace(for channel: ChannelConfig, config: StoreConfig, storeRoot: String) throws -> any Marketplace {
        guard case .mirakl = channel.settings else {
            return try StandardChannelFactory(environment: environment, now: now, logger: logger, sleep: { _ in })
                .makeMarketplace(for: channel, config: config, storeRoot: storeRoot)
        }
        let client = HTTPClient(
            configuration: HTTPClientConfiguration(connectTimeout: .seconds(2), requestTimeout: requestTimeout),
            logger: logger, sleep: { _ in }, now: now)
        return try MiraklChannel(
            channel: channel, environment: environment, client: client, logger: logger,
            options: MiraklChannelOptions(sleep: { _ in }, now: now))
    }
}

/// Builds a fake Mirakl order: one line per (SKU, quantity), line ids `<order>-1`, `<order>-2`.
func miraklOrder(
    _ id: String, _ state: String, created: String, locale: String, buyer: (String, String) = ("Ana", "García"),
    lines: [(sku: String, quantity: Int)]
) -> FakeMirakl.Order {
    FakeMirakl.Order(
        id: id, state: state, createdAt: Timestamp(iso: created)!,
        customer: FakeMirakl.Customer(customerID: "C-\(id)", firstname: buyer.0, lastname: buyer.1, locale: locale),
        lines: lines.enumerated().map { index, line in
            FakeMirakl.Line(id: "\(id)-\(index + 1)", sku: line.sku, quantity: line.quantity)
        })
}

extension OrderOutcome.Outcome {
    /// A short form for comparing outcomes in tests, such as `delivered: ship, invoice, close`.
    var summary: String {
        switch self {
        case .delivered(_, let alreadySent, let then, let wait):
            (alreadySent ? "delivered (found)" : "delivered") + Self.tail(then, wait)
        case .reserved(let wait): "reserved" + Self.tail([], wait)
        case .progressed(let steps, let wait): "progressed" + Self.tail(steps, wait)
        case .waiting: "waiting for stock"
        case .held: "held"
        case .failed(let step, _): "failed: \(step)"
        case .cancelled(let outcome): "cancelled, keys \(outcome.rawValue)"
        case .skipped: "skipped"
        }
    }

    private static func tail(_ steps: [String], _ wait: RecordWait?) -> String {
        var parts: [String] = []
        if !steps.isEmpty { parts.append(steps.joined(separator: ", ")) }
        if let wait { parts.append("waits for \(wait)") }
        return parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")
    }
}

extension RunReport {
    /// Each order's outcome summary, by order id.
    var outcomeSummaries: [String: String] {
        Dictionary(uniqueKeysWithValues: orders.map { ($0.orderID, $0.outcome.summary) })
    }
}
