import Foundation
public import KeyshipCore

/// The seller's own shop as a channel of files: orders arrive as JSON in an inbox folder, and
/// everything keyship does is written to an outbox folder the operator can read.
///
/// Outbox layout, one set of files per order:
/// - `<order>.eml`: the message to the buyer (RFC 5322 with MIME attachments). A re-run takes
///   its presence to mean the message was already sent.
/// - `<order>.json`: when the order was accepted and shipped, and the invoice sent with it.
/// - `<order>.invoice.pdf`: the invoice, copied when attached.
/// - `stock.csv`: available stock per offer SKU, rewritten by each stock sync.
///
/// The outbox holds plaintext keys and buyers' data, so it must live outside the store
/// repository or in a git-ignored folder; the fulfilment run checks that before sending.
public final class FilesChannel: Marketplace, OutboxChannel {
    public let channel: ChannelConfig
    let inbox: URL
    let outbox: URL
    private let seller: Seller
    private let now: @Sendable () -> Timestamp
    private let logger: Logger

    /// - Parameter storeRoot: the store's work tree, against which relative folders resolve.
    public init(
        channel: ChannelConfig, settings: FilesChannelSettings, seller: Seller, storeRoot: String,
        now: @escaping @Sendable () -> Timestamp, logger: Logger
    ) {
        self.channel = channel
        let root = URL(fileURLWithPath: storeRoot, isDirectory: true)
        self.inbox = Self.resolve(settings.inbox, against: root)
        self.outbox = Self.resolve(settings.outbox, against: root)
        self.seller = seller
        self.now = now
        self.logger = logger.with(["channel": channel.name])
    }

    /// The absolute outbox folder, for the check that git does not track it.
    public var outboxPath: String { outbox.path }

    public func pullOrders(openOrders: [OpenOrderReference]) async throws -> OrderBatch {
        // The inbox contains every order the shop has not archived, so open orders are in it too.
        let batch = try FilesOrderReader(channel: channel.name, inbox: inbox).readAll()
        logger.debug("read inbox", ["orders": String(batch.orders.count), "problems": String(batch.problems.count)])
        return batch
    }

    public func accept(_ order: Order) async throws {
        try updateActions(for: order) { $0.acceptedAt = $0.acceptedAt ?? self.now().iso }
    }

    public func findSentMessage(for order: Order, subject: String) async throws -> SentMessage? {
        let name = messageFileName(for: order)
        guard FileManager.default.fileExists(atPath: outbox.appendingPathComponent(name).path) else { return nil }
        return SentMessage(id: name)
    }

    public func send(_ message: BuyerMessage, for order: Order) async throws -> SentMessage {
        let sender = MailAddress(seller.email ?? "keyship@localhost", displayName: seller.name)
        // The shop forwards the .eml to the buyer: without a valid address it cannot, so the
        // delivery fails and is retried once the order file has one.
        guard let email = order.buyer.email, MailAddress(email).isValid else {
            throw FilesChannelError.buyerEmailInvalid(orderID: order.id, value: order.buyer.email)
        }
        let recipient = MailAddress(email, displayName: order.buyer.name)
        // A message already in the outbox means the buyer may have these or other keys: the
        // caller checks for one before any re-send, so finding one here means the ledger lost
        // the delivery (a record removed by hand). Refuse rather than send a second message.
        let name = messageFileName(for: order)
        guard !FileManager.default.fileExists(atPath: outbox.appendingPathComponent(name).path) else {
            throw FilesChannelError.messageAlreadyInOutbox(orderID: order.id, file: name)
        }
        let mail = MIMEMessage(
            from: sender, to: [recipient], subject: message.subject, date: now(),
            extraHeaders: [MIMEHeader("X-Keyship-Channel", channel.name), MIMEHeader("X-Keyship-Order", order.id)],
            body: message.body,
            attachments: message.attachments.map {
                MIMEAttachment(filename: $0.fileName, contentType: $0.contentType, data: $0.data)
            })
        try writeAtomically(try mail.rendered(), to: name)
        logger.info("wrote message", ["order": order.id, "file": name, "attachments": String(message.attachments.count)])
        return SentMessage(id: name, sentAt: now())
    }

    public func confirmShipment(of order: Order) async throws {
        try updateActions(for: order) { $0.shippedAt = $0.shippedAt ?? self.now().iso }
    }

    public func attachInvoice(_ invoice: InvoiceDocument, to order: Order) async throws {
        let name = StoreLayout.fileName(forOrderID: order.id) + ".invoice.pdf"
        try writeAtomically(invoice.data, to: name)
        try updateActions(for: order) { actions in
            actions.invoice = name
            actions.invoiceAttachedAt = self.now().iso
        }
    }

    public func pushStock(_ levels: [StockLevel]) async throws -> StockSyncResult {
        var rows = [["sku", "product", "quantity", "updated_at"]]
        let updatedAt = now().iso
        for level in levels.sorted(by: { $0.sku < $1.sku }) {
            rows.append([level.sku, level.product, String(level.quantity), updatedAt])
        }
        try writeAtomically(Array(CSV.write(rows, separator: ";").utf8), to: "stock.csv")
        return StockSyncResult(reference: "stock.csv")
    }

    public func listOffers() async throws -> [Offer] {
        // A shop of files has no offer list of its own: the offers are the SKUs its orders use.
        let orders = try FilesOrderReader(channel: channel.name, inbox: inbox).readAll().orders
        var titles: [String: String?] = [:]
        for line in orders.flatMap(\.lines) where titles[line.sku] == nil {
            titles[line.sku] = line.title
        }
        return titles.keys.sorted().map { Offer(sku: $0, title: titles[$0] ?? nil) }
    }

    // MARK: - Files

    private func messageFileName(for order: Order) -> String {
        StoreLayout.fileName(forOrderID: order.id) + ".eml"
    }

    /// The operator-readable record of what was done for an order, `<order>.json`.
    struct Actions: Codable, Equatable {
        var orderID: String
        var channel: String
        var acceptedAt: String?
        var shippedAt: String?
        var invoice: String?
        var invoiceAttachedAt: String?

        enum CodingKeys: String, CodingKey {
            case orderID = "order_id"
            case channel
            case acceptedAt = "accepted_at"
            case shippedAt = "shipped_at"
            case invoice
            case invoiceAttachedAt = "invoice_attached_at"
        }
    }

    func readActions(for order: Order) -> Actions? {
        let url = outbox.appendingPathComponent(StoreLayout.fileName(forOrderID: order.id) + ".json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Actions.self, from: data)
    }

    private func updateActions(for order: Order, _ change: (inout Actions) -> Void) throws {
        var actions = readActions(for: order) ?? Actions(orderID: order.id, channel: channel.name)
        change(&actions)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(actions)
        try writeAtomically(Array(data) + [0x0A], to: StoreLayout.fileName(forOrderID: order.id) + ".json")
    }

    /// Writes through a temporary file and a rename, so a crash never leaves half a message that
    /// a later run would mistake for a sent one.
    private func writeAtomically(_ bytes: [UInt8], to name: String) throws(FilesChannelError) {
        let target = outbox.appendingPathComponent(name)
        let temporary = outbox.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
            // Messages hold plaintext keys: readable by the owner only, from the first byte.
            guard FileManager.default.createFile(
                atPath: temporary.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            else {
                throw FilesChannelError.outboxUnwritable(path: target.path, reason: "cannot create \(temporary.lastPathComponent)")
            }
            if rename(temporary.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw FilesChannelError.outboxUnwritable(path: target.path, reason: reason)
            }
        } catch let error as FilesChannelError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .outboxUnwritable(path: target.path, reason: error.localizedDescription)
        }
    }

    static func resolve(_ path: String, against root: URL) -> URL {
        path.hasPrefix("/")
            ? URL(fileURLWithPath: path, isDirectory: true)
            : root.appendingPathComponent(path, isDirectory: true).standardizedFileURL
    }
}
