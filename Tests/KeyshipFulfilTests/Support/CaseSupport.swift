import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipFulfil
import KeyshipStore
import KeyshipTestSupport
import KeyshipYAML
import Synchronization
import Testing

/// Order files and catalogue edits the field-case tests need beyond the fixture's defaults.
extension StoreFixture {
    /// Writes `<inbox>/<id>.json` for any files channel, with an optional `updated_at`. A
    /// second call for the same id rewrites the file, as a shop does when the state changes.
    func writeOrder(
        _ id: String, state: String = "paid", createdAt: String = "2026-12-04T10:00:00Z", updatedAt: String? = nil,
        locale: String = "es_ES", inbox: URL? = nil, lines: [(sku: String, quantity: Int)]
    ) throws {
        let lineText = lines.enumerated().map { index, line in
            #"{"line_id": "\#(index + 1)", "sku": "\#(line.sku)", "quantity": \#(line.quantity)}"#
        }.joined(separator: ", ")
        let updated = updatedAt.map { #", "updated_at": "\#($0)""# } ?? ""
        let json = #"{"order_id": "\#(id)", "created_at": "\#(createdAt)"\#(updated), "state": "\#(state)", "#
            + #""buyer": {"name": "Ana Compradora", "locale": "\#(locale)", "email": "ana@example.com"}, "#
            + #""lines": [\#(lineText)]}"#
        let folder = inbox ?? self.inbox
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(json.utf8).write(to: folder.appendingPathComponent(StoreLayout.fileName(forOrderID: id) + ".json"))
    }

    /// Deletes the catalogue files of every default product not in `kept`, so stock alerts
    /// speak only of the products a test is about.
    func keepOnlyProducts(_ kept: Set<String>) throws {
        for (path, _) in Self.defaultCatalog {
            let product = String(path.dropFirst("catalog/".count).dropLast(".yaml".count))
            if !kept.contains(product) {
                try FileManager.default.removeItem(at: root.appendingPathComponent(path))
            }
        }
    }

    /// Leaves `office` as the only product, without a low-stock threshold, so a run with
    /// office keys in stock raises no alert.
    func useOnlyOffice() throws {
        try keepOnlyProducts(["office"])
        try write("catalog/office.yaml", """
            id: office
            name: "Office 2021 Pro"
            digital_license: true
            offers: {tienda: OFFICE}
            """)
    }

    /// Returns the text of a batch file with `keys` sealed to this store's recipient.
    func batchText(_ keys: [Key]) throws -> String {
        let rows = try keys.map { key in
            KeyRow(
                id: key.id, createdAt: Timestamp(iso: key.createdAt)!, company: key.company,
                warehouse: key.warehouse, expiresOn: key.expiresOn.flatMap { CivilDate(iso: $0) },
                cell: try KeyCell.seal(key.plaintext, to: [identity.recipient]))
        }
        return BatchFile.encode(rows)
    }
}

extension FulfilHarness {
    /// Commits `files` in a fresh clone of the remote as the operator and pushes, the way a
    /// merged pull request reaches the store.
    func commitAsPerson(_ message: String, files: [(path: String, text: String)]) throws {
        let clone = try fixture.clone(to: "person-\(UUID().uuidString.prefix(8))")
        for (path, text) in files {
            let url = clone.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try fixture.git(["add", "-A"], in: clone)
        try fixture.git(["commit", "-q", "-m", message], in: clone)
        try fixture.git(["push", "-q", "origin", "main"], in: clone)
    }

    /// Returns the files under `folder` on the remote's main branch, sorted.
    func remoteFiles(under folder: String) throws -> [String] {
        try remoteGit(["ls-tree", "-r", "--name-only", "main", "--", folder])
            .split(separator: "\n").map(String.init).sorted()
    }

    /// Returns the notification records on the remote, oldest run first.
    func notifications() throws -> [NotificationRecord] {
        try remoteFiles(under: StoreLayout.notificationsFolder).map { path in
            let text = try #require(remoteFile(path))
            let node = try YAMLParser().parse(Array(text.utf8), path: path)
            return try #require(NotificationRecordCodec.decode(node, path: path).value)
        }
    }

    /// Returns the alert conditions in effect on the remote, from `ledger/alerts.yaml`.
    func activeConditions() throws -> [String] {
        guard let text = remoteFile(StoreLayout.alertStateFile) else { return [] }
        let node = try YAMLParser().parse(Array(text.utf8), path: StoreLayout.alertStateFile)
        return try #require(AlertStateCodec.decode(node).value).map(\.condition.description)
    }

    /// Returns the rows of a batch file on the remote: id and created_at, in file order.
    func remoteBatchRows(_ path: String) throws -> [(id: String, createdAt: String)] {
        guard let text = remoteFile(path) else { return [] }
        let decoded = BatchFile.decode(Array(text.utf8), path: path)
        return decoded.keys.map { ($0.row.id, $0.row.createdAt.iso) }
    }

    /// Returns the `stock.csv` rows of an outbox without its header, as
    /// `sku;product;quantity` with the `updated_at` column left out.
    static func stockRows(in outbox: URL) -> [String] {
        guard let data = try? Data(contentsOf: outbox.appendingPathComponent("stock.csv")) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst().map { line in
            line.split(separator: ";").prefix(3).joined(separator: ";")
        }
    }

    /// Returns the names of the files in the outbox, sorted, or none when it does not exist.
    func outboxFiles(_ folder: URL? = nil) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: (folder ?? fixture.outbox).path)) ?? []
        return names.sorted()
    }

    /// Returns a message body with `\n` line breaks. MIME sends line breaks as CRLF and Python
    /// returns them that way.
    static func text(_ body: String?) -> String {
        (body ?? "").replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// Returns each change of a notification as one line, such as
    /// `started stock_out office@MAD available=0 waiting_orders=1 missing=1`.
    static func changeLines(_ record: NotificationRecord) -> [String] {
        record.changes.map { "\($0.event.rawValue) \($0.condition) \($0.detail)" }
    }
}

extension FulfilHarness {
    /// Runs git against the bare remote and returns its result whatever the exit status, for
    /// commands such as `git grep` that exit with 1 when nothing matches.
    func remoteGitResult(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            "git", ["--git-dir", fixture.remote.path] + arguments, environment: fixture.environment,
            currentDirectory: fixture.scratch.path)
    }
}

/// Builds the standard channels of a harness and wraps each in a test marketplace, keeping
/// every marketplace it made so a test can read their counters.
final class WrappingChannelFactory: ChannelFactory, @unchecked Sendable {
    // @unchecked: `made` is behind a Mutex; the base factory is immutable.
    let base: StandardChannelFactory
    let wrap: (any Marketplace) -> ForwardingMarketplace
    private let madeList = Mutex<[ForwardingMarketplace]>([])

    init(harness: FulfilHarness, wrap: @escaping (any Marketplace) -> ForwardingMarketplace) {
        let logger = Logger(label: "test", handler: harness.logs)
        base = StandardChannelFactory(environment: harness.fixture.environment, now: { [harness] in harness.now }, logger: logger)
        self.wrap = wrap
    }

    var made: [ForwardingMarketplace] { madeList.withLock { $0 } }

    func makeMarketplace(for channel: ChannelConfig, config: StoreConfig, storeRoot: String) throws -> any Marketplace {
        let marketplace = wrap(try base.makeMarketplace(for: channel, config: config, storeRoot: storeRoot))
        madeList.withLock { $0.append(marketplace) }
        return marketplace
    }
}

/// A marketplace that passes every call to another one; tests subclass it to change one call.
class ForwardingMarketplace: Marketplace, OutboxChannel, @unchecked Sendable {
    // @unchecked: a run uses its marketplaces from one task at a time, and a test reads a
    // subclass's counters, which sit behind a Mutex, only after the run finished.
    let inner: any Marketplace

    init(inner: any Marketplace) {
        self.inner = inner
    }

    var channel: ChannelConfig { inner.channel }
    var outboxPath: String { (inner as? any OutboxChannel)?.outboxPath ?? "" }

    func pullOrders(openOrders: [OpenOrderReference]) async throws -> OrderBatch { try await inner.pullOrders(openOrders: openOrders) }
    func accept(_ order: Order) async throws { try await inner.accept(order) }
    func findSentMessage(for order: Order, subject: String) async throws -> SentMessage? {
        try await inner.findSentMessage(for: order, subject: subject)
    }
    func send(_ message: BuyerMessage, for order: Order) async throws -> SentMessage { try await inner.send(message, for: order) }
    func confirmShipment(of order: Order) async throws { try await inner.confirmShipment(of: order) }
    func attachInvoice(_ invoice: InvoiceDocument, to order: Order) async throws { try await inner.attachInvoice(invoice, to: order) }
    func pushStock(_ levels: [StockLevel]) async throws -> StockSyncResult { try await inner.pushStock(levels) }
    func listOffers() async throws -> [Offer] { try await inner.listOffers() }
}
