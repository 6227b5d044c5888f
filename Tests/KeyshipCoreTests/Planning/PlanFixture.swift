import KeyshipCore

/// A small store for planner tests: two channels selling from Madrid, one from Barcelona, four
/// licence products and one physical product.
enum PlanFixture {
    static let tienda = ChannelConfig(
        name: "tienda", warehouse: "MAD", language: "es",
        settings: .files(FilesChannelSettings(inbox: "/srv/inbox", outbox: "/srv/outbox")))
    static let pccomponentes = ChannelConfig(
        name: "pccomponentes", warehouse: "MAD", language: "es",
        settings: .mirakl(MiraklChannelSettings(baseURL: "http://127.0.0.1:1", apiKeyEnv: "KEYSHIP_PCC_API_KEY")))
    static let worten = ChannelConfig(
        name: "worten", warehouse: "BCN", language: "pt",
        settings: .mirakl(MiraklChannelSettings(baseURL: "http://127.0.0.1:2", apiKeyEnv: "KEYSHIP_WORTEN_API_KEY")))

    static let office = Product(
        id: "office", name: "Office 2021 Pro", digitalLicense: true, lowStock: 5,
        offers: ["tienda": "OFF-2021", "pccomponentes": "PCC-88123", "worten": "WRT-OFF"])
    static let windows = Product(
        id: "windows", name: "Windows 11 Pro", digitalLicense: true, offers: ["tienda": "WIN-11"])
    static let antivirus = Product(
        id: "antivirus", name: "Antivirus Plus", digitalLicense: true, offers: ["tienda": "AV-1"])
    static let vpn = Product(id: "vpn", name: "VPN Anual", digitalLicense: true, offers: ["tienda": "VPN-12"])
    static let cable = Product(id: "cable", name: "Cable USB", digitalLicense: false, offers: ["tienda": "CABLE-USB"])

    static let catalog = Catalog(products: [office, windows, antivirus, vpn, cable])

    static func config(invoices: InvoiceSettings? = nil, alerts: AlertSettings? = nil) -> StoreConfig {
        StoreConfig(
            seller: Seller(name: "Licencias Ejemplo S.L."), recipients: ["age1example"],
            warehouses: [Warehouse(code: "MAD", name: "Madrid"), Warehouse(code: "BCN", name: "Barcelona")],
            channels: [tienda, pccomponentes, worten], alerts: alerts, invoices: invoices)
    }

    static let now = time("2026-12-04T10:20:00Z")
    static let today = CivilDate(iso: "2026-12-04")!

    static func time(_ iso: String) -> Timestamp { Timestamp(iso: iso)! }
    static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// Returns a key row; `created` is minutes after 2026-11-01T00:00:00Z, so a lower number is older.
    static func key(
        _ id: String, product: String = "office", created: Int, warehouse: String = "MAD", expires: String? = nil,
        batch: String? = nil, line: Int = 2
    ) -> StockKey {
        let row = KeyRow(
            id: id, createdAt: time("2026-11-01T00:00:00Z").adding(seconds: Int64(created) * 60), company: "Ejemplo",
            warehouse: warehouse, expiresOn: expires.map(date), cell: "YWdlLWVuY3J5cHRpb24ub3JnL3YxCg==")
        return StockKey(product: product, batch: batch ?? "keys/\(product)/20261101-a.csv", line: line, row: row)
    }

    /// `count` keys named `<prefix>1...`, created one minute apart starting at `from`.
    static func keys(
        _ prefix: String, count: Int, product: String = "office", warehouse: String = "MAD", from: Int = 0
    ) -> [StockKey] {
        (0..<count).map { key("\(prefix)\($0 + 1)", product: product, created: from + $0, warehouse: warehouse, line: $0 + 2) }
    }

    /// Returns an order created `created` minutes after 2026-12-04T09:00:00Z; by default one line of
    /// one office key under the channel's SKU.
    static func order(
        _ id: String, channel: String = "tienda", created: Int = 0, state: OrderState = .paid,
        updated: Int? = nil, lines: [(sku: String, quantity: Int)]? = nil
    ) -> Order {
        let base = time("2026-12-04T09:00:00Z")
        let lines = lines ?? [(office.offers[channel] ?? "OFF-2021", 1)]
        return Order(
            channel: channel, id: id, createdAt: base.adding(seconds: Int64(created) * 60),
            updatedAt: updated.map { base.adding(seconds: Int64($0) * 60) }, state: state,
            marketplaceState: marketplaceName(state),
            buyer: Buyer(locale: "es_ES", name: "Ana Compradora", email: "ana@example.com"),
            lines: lines.enumerated().map { OrderLine(id: String($0.offset + 1), sku: $0.element.sku, quantity: $0.element.quantity) })
    }

    static func marketplaceName(_ state: OrderState) -> String {
        switch state {
        case .awaitingAcceptance: "awaiting_acceptance"
        case .awaitingPayment: "awaiting_payment"
        case .paid: "paid"
        case .shipped: "shipped"
        case .cancelled: "cancelled"
        case .other: "refunded"
        }
    }

    /// Ten keys of every licence product in every warehouse a channel sells it from, except
    /// office in Madrid, so tests of office in Madrid see no other stock alert.
    static let otherStock: [StockKey] =
        keys("WIN", count: 10, product: "windows") + keys("AV", count: 10, product: "antivirus")
        + keys("VPN", count: 10, product: "vpn") + keys("BCN", count: 10, warehouse: "BCN")

    static func input(
        stock: [StockKey], orders: [Order], records: [LedgerRecord] = [], active: [ActiveAlert] = [],
        config: StoreConfig = config(), pulledChannels: Set<String>? = nil, now: Timestamp = now, today: CivilDate = today
    ) -> PlanInput {
        PlanInput(
            config: config, catalog: catalog, stock: stock, orders: orders, records: records, activeAlerts: active,
            pulledChannels: pulledChannels, run: "run-1", now: now, today: today)
    }

    /// Returns a record of the given keys for a one-line office order.
    static func record(
        for order: Order, keys: [StockKey], delivery: DeliveryRecord = DeliveryRecord(), acceptedAt: Timestamp? = nil,
        shipment: ShipmentRecord? = nil, invoice: InvoiceRecord? = nil, closedAt: Timestamp? = nil
    ) -> LedgerRecord {
        let soldAt = time("2026-12-04T09:30:00Z")
        let line = LedgerLine(
            lineID: "1", sku: order.lines[0].sku, product: keys.first?.product ?? "office", quantity: keys.count,
            keys: keys.map { SoldKey(row: $0.row, batch: $0.batch, soldAt: soldAt) })
        return LedgerRecord(
            channel: order.channel, orderID: order.id, orderCreatedAt: order.createdAt, run: "run-0", reservedAt: soldAt,
            lines: [line], acceptedAt: acceptedAt, delivery: delivery, shipment: shipment, invoice: invoice,
            closedAt: closedAt)
    }

    /// Returns the plan's reserved key ids per order, `<channel>/<order>` to ids in line order.
    static func reservedKeyIDs(_ plan: Plan) -> [String: [String]] {
        var ids: [String: [String]] = [:]
        for reservation in plan.reservations {
            ids["\(reservation.order.channel)/\(reservation.order.id)"] = reservation.record.keys.map(\.row.id)
        }
        return ids
    }

    /// Returns the stock left for the next run: the rows the plan did not reserve.
    static func stockAfter(_ plan: Plan, from stock: [StockKey]) -> [StockKey] {
        let reserved = Set(plan.reservations.flatMap { $0.record.keys.map(\.row.id) })
        return stock.filter { !reserved.contains($0.row.id) }
    }

    /// Returns the plan's alert changes about one subject, such as `office@MAD` or `tienda/T-1`.
    static func changes(_ plan: Plan, subject: String) -> [AlertChange] {
        plan.alertChanges.filter { $0.condition.subject == subject }
    }
}
