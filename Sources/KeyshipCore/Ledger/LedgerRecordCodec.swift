/// Writes and reads an order's ledger record (`ledger/<channel>/.../<order>.yaml`).
///
/// Timestamps are ISO 8601 in UTC and dates `yyyy-mm-dd`. Optional fields are left out when
/// absent. Sold keys keep every batch-file column (the encrypted cell under `key`), plus the
/// batch they came from and the sale time, so a cancellation can put the row back unchanged.
/// Text fields may be empty, so any string keyship writes reads back exactly; line quantities
/// must be 1 or more.
public enum LedgerRecordCodec {
    static let recordFields = [
        "channel", "order_id", "order_created_at", "run", "reserved_at", "accepted_at", "lines", "delivery",
        "shipment", "invoice", "cancellation", "claim", "closed_at",
    ]
    static let lineFields = ["line_id", "sku", "product", "quantity", "keys"]
    static let keyFields = [
        "id", "created_at", "company", "warehouse", "expires_on", "attachment", "key", "batch", "sold_at",
    ]
    static let deliveryFields = [
        "status", "attempts", "last_error", "last_attempt_at", "sent_at", "message_id", "language",
    ]

    // MARK: - Encoding

    public static func encode(_ record: LedgerRecord) -> String {
        LedgerFile.document(value(record))
    }

    static func value(_ record: LedgerRecord) -> YAMLValue {
        .mapping(omittingNil: [
            ("channel", .string(record.channel)),
            ("order_id", .string(record.orderID)),
            ("order_created_at", .string(record.orderCreatedAt.iso)),
            ("run", .string(record.run)),
            ("reserved_at", .string(record.reservedAt.iso)),
            ("accepted_at", LedgerFile.timestamp(record.acceptedAt)),
            ("lines", .sequence(record.lines.map(value))),
            ("delivery", value(record.delivery)),
            ("shipment", record.shipment.map(value)),
            ("invoice", record.invoice.map(value)),
            ("cancellation", record.cancellation.map(value)),
            ("claim", record.claim.map(value)),
            ("closed_at", LedgerFile.timestamp(record.closedAt)),
        ])
    }

    private static func value(_ line: LedgerLine) -> YAMLValue {
        .mapping(omittingNil: [
            ("line_id", .string(line.lineID)),
            ("sku", .string(line.sku)),
            ("product", .string(line.product)),
            ("quantity", .int(line.quantity)),
            ("keys", .sequence(line.keys.map(value))),
        ])
    }

    private static func value(_ key: SoldKey) -> YAMLValue {
        .mapping(omittingNil: [
            ("id", .string(key.row.id)),
            ("created_at", .string(key.row.createdAt.iso)),
            ("company", .string(key.row.company)),
            ("warehouse", .string(key.row.warehouse)),
            ("expires_on", YAMLValue.string(key.row.expiresOn?.iso)),
            ("attachment", YAMLValue.string(key.row.attachment)),
            ("key", .string(key.row.cell)),
            ("batch", .string(key.batch)),
            ("sold_at", .string(key.soldAt.iso)),
        ])
    }

    private static func value(_ delivery: DeliveryRecord) -> YAMLValue {
        .mapping(omittingNil: [
            ("status", .string(delivery.status.rawValue)),
            ("attempts", .int(delivery.attempts)),
            ("last_error", YAMLValue.string(delivery.lastError)),
            ("last_attempt_at", LedgerFile.timestamp(delivery.lastAttemptAt)),
            ("sent_at", LedgerFile.timestamp(delivery.sentAt)),
            ("message_id", YAMLValue.string(delivery.messageID)),
            ("language", YAMLValue.string(delivery.language)),
        ])
    }

    private static func value(_ shipment: ShipmentRecord) -> YAMLValue {
        .mapping([.init("outcome", .string(shipment.outcome.rawValue)), .init("at", .string(shipment.at.iso))])
    }

    private static func value(_ invoice: InvoiceRecord) -> YAMLValue {
        .mapping(omittingNil: [
            ("outcome", .string(invoice.outcome.rawValue)),
            ("at", .string(invoice.at.iso)),
            ("document", YAMLValue.string(invoice.document)),
        ])
    }

    private static func value(_ claim: RunClaim) -> YAMLValue {
        .mapping([
            .init("run", .string(claim.run)),
            .init("at", .string(claim.at.iso)),
        ])
    }

    private static func value(_ cancellation: CancellationRecord) -> YAMLValue {
        .mapping([
            .init("outcome", .string(cancellation.outcome.rawValue)),
            .init("at", .string(cancellation.at.iso)),
            .init("marketplace_state", .string(cancellation.marketplaceState)),
        ])
    }

    // MARK: - Decoding

    public static func decode(_ node: YAMLNode, path: String) -> SchemaResult<LedgerRecord> {
        let decoder = SchemaDecoder(path: path)
        guard let root = decoder.mapping(node, field: "", known: recordFields) else { return decoder.result(nil) }

        let channel = root.requiredText("channel", allowEmpty: true)
        let orderID = root.requiredText("order_id", allowEmpty: true)
        let orderCreatedAt = root.required("order_created_at") { decoder.timestamp($0, field: $1) }
        let run = root.requiredText("run", allowEmpty: true)
        let reservedAt = root.required("reserved_at") { decoder.timestamp($0, field: $1) }
        let acceptedAt = root.optional("accepted_at") { decoder.timestamp($0, field: $1) }
        let lines = root.required("lines") { node, field in
            decoder.items(node, field: field) { Self.line($0, field: $1, decoder) }
        }
        let delivery = root.required("delivery") { Self.delivery($0, field: $1, decoder) }
        let shipment = root.optional("shipment") { Self.shipment($0, field: $1, decoder) }
        let invoice = root.optional("invoice") { Self.invoice($0, field: $1, decoder) }
        let cancellation = root.optional("cancellation") { Self.cancellation($0, field: $1, decoder) }
        let claim = root.optional("claim") { Self.claim($0, field: $1, decoder) }
        let closedAt = root.optional("closed_at") { decoder.timestamp($0, field: $1) }

        guard let channel, let orderID, let orderCreatedAt, let run, let reservedAt, let lines, let delivery else {
            return decoder.result(nil)
        }
        let record = LedgerRecord(
            channel: channel, orderID: orderID, orderCreatedAt: orderCreatedAt, run: run, reservedAt: reservedAt,
            lines: lines, acceptedAt: acceptedAt, delivery: delivery, shipment: shipment, invoice: invoice,
            cancellation: cancellation, claim: claim, closedAt: closedAt)
        return decoder.result(record)
    }

    private static func line(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> LedgerLine? {
        guard let fields = decoder.mapping(node, field: field, known: lineFields) else { return nil }
        let lineID = fields.requiredText("line_id", allowEmpty: true)
        let sku = fields.requiredText("sku", allowEmpty: true)
        let product = fields.requiredText("product", allowEmpty: true)
        let quantity = fields.required("quantity") { decoder.integer($0, field: $1, minimum: 1) }
        let keys = fields.required("keys") { node, field in
            decoder.items(node, field: field) { Self.soldKey($0, field: $1, decoder) }
        }
        guard let lineID, let sku, let product, let quantity, let keys else { return nil }
        return LedgerLine(lineID: lineID, sku: sku, product: product, quantity: quantity, keys: keys)
    }

    private static func soldKey(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> SoldKey? {
        guard let fields = decoder.mapping(node, field: field, known: keyFields) else { return nil }
        let id = fields.requiredText("id", allowEmpty: true)
        let createdAt = fields.required("created_at") { decoder.timestamp($0, field: $1) }
        let company = fields.requiredText("company", allowEmpty: true)
        let warehouse = fields.requiredText("warehouse", allowEmpty: true)
        let expiresOn = fields.optional("expires_on") { decoder.date($0, field: $1) }
        let attachment = fields.optional("attachment") { ProductSchema.storePath($0, field: $1, decoder) }
        let cell = fields.required("key") { Self.cell($0, field: $1, decoder) }
        let batch = fields.required("batch") { ProductSchema.storePath($0, field: $1, decoder) }
        let soldAt = fields.required("sold_at") { decoder.timestamp($0, field: $1) }
        guard let id, let createdAt, let company, let warehouse, let cell, let batch, let soldAt else { return nil }
        let row = KeyRow(
            id: id, createdAt: createdAt, company: company, warehouse: warehouse, expiresOn: expiresOn,
            attachment: attachment, cell: cell)
        return SoldKey(row: row, batch: batch, soldAt: soldAt)
    }

    /// Reads an encrypted key cell without ever showing it in a message.
    private static func cell(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let text = node.scalar?.value, !node.isNull, ValueRules.isBase64(text) else {
            decoder.report(StoreSchemaMessage.invalidKeyCell(field: field), at: node)
            return nil
        }
        return text
    }

    private static func delivery(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> DeliveryRecord? {
        guard let fields = decoder.mapping(node, field: field, known: deliveryFields) else { return nil }
        let status = fields.required("status") { decoder.choice($0, field: $1, allowed: DeliveryRecord.Status.allCases) }
        let attempts = fields.required("attempts") { decoder.integer($0, field: $1, minimum: 0) }
        let lastError = fields.optionalText("last_error", allowEmpty: true)
        let lastAttemptAt = fields.optional("last_attempt_at") { decoder.timestamp($0, field: $1) }
        let sentAt = fields.optional("sent_at") { decoder.timestamp($0, field: $1) }
        let messageID = fields.optionalText("message_id", allowEmpty: true)
        let language = fields.optionalText("language", allowEmpty: true)
        guard let status, let attempts else { return nil }
        return DeliveryRecord(
            status: status, attempts: attempts, lastError: lastError, lastAttemptAt: lastAttemptAt, sentAt: sentAt,
            messageID: messageID, language: language)
    }

    private static func shipment(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> ShipmentRecord? {
        guard let fields = decoder.mapping(node, field: field, known: ["outcome", "at"]) else { return nil }
        let outcome = fields.required("outcome") {
            decoder.choice($0, field: $1, allowed: [ShipmentRecord.Outcome.confirmed, .leftToSeller, .alreadyShipped])
        }
        let at = fields.required("at") { decoder.timestamp($0, field: $1) }
        guard let outcome, let at else { return nil }
        return ShipmentRecord(outcome: outcome, at: at)
    }

    private static func invoice(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> InvoiceRecord? {
        guard let fields = decoder.mapping(node, field: field, known: ["outcome", "at", "document"]) else { return nil }
        let outcome = fields.required("outcome") {
            decoder.choice($0, field: $1, allowed: [InvoiceRecord.Outcome.attached, .notFound])
        }
        let at = fields.required("at") { decoder.timestamp($0, field: $1) }
        let document = fields.optionalText("document", allowEmpty: true)
        guard let outcome, let at else { return nil }
        return InvoiceRecord(outcome: outcome, at: at, document: document)
    }

    private static func cancellation(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> CancellationRecord? {
        let known = ["outcome", "at", "marketplace_state"]
        guard let fields = decoder.mapping(node, field: field, known: known) else { return nil }
        let outcome = fields.required("outcome") {
            decoder.choice($0, field: $1, allowed: [CancellationRecord.Outcome.returned, .burned])
        }
        let at = fields.required("at") { decoder.timestamp($0, field: $1) }
        let marketplaceState = fields.requiredText("marketplace_state", allowEmpty: true)
        guard let outcome, let at, let marketplaceState else { return nil }
        return CancellationRecord(outcome: outcome, at: at, marketplaceState: marketplaceState)
    }

    private static func claim(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> RunClaim? {
        guard let fields = decoder.mapping(node, field: field, known: ["run", "at"]) else { return nil }
        let run = fields.requiredText("run", allowEmpty: false)
        let at = fields.required("at") { decoder.timestamp($0, field: $1) }
        guard let run, let at else { return nil }
        return RunClaim(run: run, at: at)
    }
}
