/// An alert condition in effect, with the figures behind it.
public struct AlertFinding: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var condition: AlertCondition
    /// The figures in English, such as `available=0 waiting_orders=3 missing=3`.
    public var detail: String

    public init(condition: AlertCondition, detail: String) {
        self.condition = condition
        self.detail = detail
    }

    public var description: String { "\(condition) \(detail)" }

    public static func < (lhs: AlertFinding, rhs: AlertFinding) -> Bool {
        lhs.condition < rhs.condition
    }
}

/// Finds the alert conditions in effect and compares them with the ones already active, so an
/// alert goes out once when its condition starts and once when it clears.
///
/// Stock conditions, per product and warehouse that some channel sells:
/// - **Stock-out** when no key is available to new orders. That includes a product with no
///   order yet, because its offers drop to zero at the next stock sync and the seller wants to
///   know before buyers start waiting. The figures give how many orders wait and how many keys
///   they lack.
/// - **Low stock** when the available count is at or below the product's `low_stock`
///   threshold (never when the threshold is 0). It stays active through a stock-out, so
///   running out reads "stock-out started" instead of also sending "low stock cleared", which
///   would sound like good news. Restocking above the threshold clears both.
///
/// Other conditions:
/// - **Expiring soon**, per product and warehouse that has keys, when unexpired keys under
///   `keys/` expire within `alerts.expiring_within_days` of today (30 when alerts are not
///   configured).
/// - **Delivery error**, per order, while its open record's delivery status is `error`.
/// - **Unmapped product**, per channel and SKU, while a pulled order is held for it.
public enum AlertEvaluation {
    /// Stock-out, low-stock and expiring-soon conditions for the given counts.
    public static func stockFindings(_ counts: [StockCount], catalog: Catalog) -> [AlertFinding] {
        var findings: [AlertFinding] = []
        for count in counts {
            if count.isSold && (count.available == 0 || count.missing > 0) {
                findings.append(AlertFinding(
                    condition: .stock(.stockOut, product: count.product, warehouse: count.warehouse),
                    detail: stockOutDetail(count)))
            }
            let threshold = catalog.product(id: count.product)?.lowStock ?? 0
            if count.isSold && threshold > 0 && count.available <= threshold {
                findings.append(AlertFinding(
                    condition: .stock(.lowStock, product: count.product, warehouse: count.warehouse),
                    detail: lowStockDetail(count, threshold: threshold)))
            }
            if count.expiringSoon > 0 {
                findings.append(AlertFinding(
                    condition: .stock(.expiringSoon, product: count.product, warehouse: count.warehouse),
                    detail: expiringDetail(count)))
            }
        }
        return findings.sorted()
    }

    /// Delivery-error conditions for open records whose last delivery attempt failed.
    public static func deliveryErrorFindings(_ records: [LedgerRecord]) -> [AlertFinding] {
        records
            .filter { !$0.isClosed && $0.delivery.status == .error }
            .map { record in
                AlertFinding(
                    condition: AlertCondition(kind: .deliveryError, subject: OrderKey(record).description),
                    detail: deliveryDetail(record.delivery))
            }
            .sorted()
    }

    /// Unmapped-product conditions, one per channel and SKU, counting the orders held for it.
    public static func unmappedFindings(_ held: [HeldOrder]) -> [AlertFinding] {
        var orders: [String: Set<String>] = [:]
        for heldOrder in held {
            for reason in heldOrder.reasons {
                guard case .unmappedProduct(_, let sku) = reason else { continue }
                orders["\(heldOrder.order.channel)/\(sku)", default: []].insert(heldOrder.order.id)
            }
        }
        return orders
            .map { subject, ids in
                AlertFinding(condition: AlertCondition(kind: .unmappedProduct, subject: subject), detail: "orders=\(ids.count)")
            }
            .sorted()
    }

    /// Returns the conditions that started and cleared, sorted by condition.
    ///
    /// `currentFigures` gives the present figures of conditions that may clear (for example
    /// `available=12 threshold=5`); a cleared condition without figures gets `resolved`.
    public static func changes(
        active: [ActiveAlert], current: [AlertFinding], currentFigures: [AlertCondition: String]
    ) -> [AlertChange] {
        let activeConditions = Set(active.map(\.condition))
        let currentConditions = Set(current.map(\.condition))
        var changes: [AlertChange] = []
        for finding in current where !activeConditions.contains(finding.condition) {
            changes.append(AlertChange(event: .started, condition: finding.condition, detail: finding.detail))
        }
        for condition in activeConditions.subtracting(currentConditions) {
            let detail = currentFigures[condition] ?? "resolved"
            changes.append(AlertChange(event: .cleared, condition: condition, detail: detail))
        }
        return changes.sorted { $0.condition < $1.condition }
    }

    /// Returns the active conditions after this run. Continuing ones keep their start time,
    /// and new ones start at `now`.
    public static func nextActive(active: [ActiveAlert], current: [AlertFinding], now: Timestamp) -> [ActiveAlert] {
        var since: [AlertCondition: Timestamp] = [:]
        for alert in active {
            since[alert.condition] = min(since[alert.condition] ?? alert.since, alert.since)
        }
        return Set(current.map(\.condition))
            .sorted()
            .map { ActiveAlert(condition: $0, since: since[$0] ?? now) }
    }

    static func stockOutDetail(_ count: StockCount) -> String {
        var detail = "available=\(count.available) waiting_orders=\(count.waitingOrders) missing=\(count.missing)"
        if count.setAside > 0 { detail += " set_aside=\(count.setAside)" }
        return detail
    }

    static func lowStockDetail(_ count: StockCount, threshold: Int) -> String {
        "available=\(count.available) threshold=\(threshold)"
    }

    static func expiringDetail(_ count: StockCount) -> String {
        var detail = "keys=\(count.expiringSoon)"
        if let firstExpiry = count.firstExpiry { detail += " first_expiry=\(firstExpiry.iso)" }
        return detail
    }

    /// Returns the figures of a delivery, such as `status=error attempts=2 last_error=...`.
    public static func deliveryDetail(_ delivery: DeliveryRecord) -> String {
        var detail = "status=\(delivery.status.rawValue) attempts=\(delivery.attempts)"
        if delivery.status == .error, let reason = delivery.lastError {
            detail += " last_error=\(shortened(reason))"
        }
        return detail
    }

    /// Returns the first line of a reason, cut to 120 characters, so a detail stays one short line.
    private static func shortened(_ reason: String) -> String {
        let firstLine = reason.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return firstLine.count > 120 ? String(firstLine.prefix(119)) + "…" : firstLine
    }
}
