/// An order's lines sorted into what keyship fulfils and what it leaves alone.
///
/// Only lines whose SKU maps, through the catalogue's offers for the order's channel, to a
/// product with `digital_license: true` are fulfilled. Lines mapped to other products belong
/// to the seller. A line mapped to nothing is an unmapped product and holds the whole order,
/// because serving the other lines would half-deliver it.
struct ClassifiedOrder {
    struct LicenceLine {
        var line: OrderLine
        var product: Product
    }

    var order: Order
    /// Lines keyship fulfils, in the order's line order.
    var licenceLines: [LicenceLine]
    /// Causes that stop the order from being served; empty when it can be served.
    var holdReasons: [HoldReason]
    /// True when every line is a licence line, so keyship accepts and ships the order itself.
    var isLicenceOnly: Bool

    /// The largest quantity of keys one order line, and one whole order, may ask for; larger
    /// orders are held for a person to check.
    static let maximumLicenceQuantity = 1_000

    init(_ order: Order, catalog: Catalog, config: StoreConfig) {
        self.order = order
        var licenceLines: [LicenceLine] = []
        var reasons: [HoldReason] = []
        var otherLines = 0

        if config.channel(named: order.channel) == nil {
            reasons.append(.unknownChannel(order.channel))
        }
        for line in order.lines {
            guard let product = catalog.product(channel: order.channel, sku: line.sku) else {
                reasons.append(.unmappedProduct(lineID: line.id, sku: line.sku))
                continue
            }
            guard product.digitalLicense else {
                otherLines += 1
                continue
            }
            // Quantities of other products are the seller's business; a licence line must ask
            // for at least one key, and for no more than a person could mean (a typo of a
            // million keys would set aside the whole stock and make every younger order wait).
            if line.quantity < 1 || line.quantity > Self.maximumLicenceQuantity {
                reasons.append(.invalidQuantity(lineID: line.id, sku: line.sku, quantity: line.quantity))
            }
            licenceLines.append(LicenceLine(line: line, product: product))
        }

        // The same bound holds for the whole order, so many lines cannot add up to a hoard.
        let total = licenceLines.reduce(0) { $0 + max($1.line.quantity, 0) }
        if total > Self.maximumLicenceQuantity && !reasons.contains(where: { if case .invalidQuantity = $0 { true } else { false } }) {
            reasons.append(.tooManyKeys(total: total))
        }
        self.licenceLines = licenceLines
        self.holdReasons = reasons
        self.isLicenceOnly = otherLines == 0 && !order.lines.isEmpty && reasons.isEmpty
    }

    /// True when no line maps to a licence product and none is unmapped: nothing for keyship.
    var hasNothingToFulfil: Bool {
        licenceLines.isEmpty && !holdReasons.contains { reason in
            if case .unmappedProduct = reason { return true }
            return false
        }
    }

    /// Keys needed per product, summed over the licence lines, in first-line order.
    func demand(warehouse: String) -> [(pair: StockPair, quantity: Int)] {
        var order: [StockPair] = []
        var totals: [StockPair: Int] = [:]
        for licenceLine in licenceLines {
            let pair = StockPair(product: licenceLine.product.id, warehouse: warehouse)
            if totals[pair] == nil { order.append(pair) }
            totals[pair] = saturatingSum(totals[pair, default: 0], licenceLine.line.quantity)
        }
        return order.map { ($0, totals[$0]!) }
    }
}

/// Adds two quantities, stopping at `Int.max` instead of trapping on absurd marketplace data.
func saturatingSum(_ lhs: Int, _ rhs: Int) -> Int {
    let (sum, overflow) = lhs.addingReportingOverflow(rhs)
    return overflow ? Int.max : sum
}
