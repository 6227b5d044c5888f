/// Identifies an order across channels: the channel name and the marketplace's order id.
public struct OrderKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var channel: String
    public var orderID: String

    public init(channel: String, orderID: String) {
        self.channel = channel
        self.orderID = orderID
    }

    public init(_ order: Order) {
        self.init(channel: order.channel, orderID: order.id)
    }

    public init(_ record: LedgerRecord) {
        self.init(channel: record.channel, orderID: record.orderID)
    }

    /// `<channel>/<order id>`, the subject of delivery-error alerts.
    public var description: String { "\(channel)/\(orderID)" }

    public static func < (lhs: OrderKey, rhs: OrderKey) -> Bool {
        (lhs.channel, lhs.orderID) < (rhs.channel, rhs.orderID)
    }
}

/// Reduces the orders pulled in one run to one sighting per order.
///
/// Overlapping polling windows and paging list the same order twice, sometimes in different
/// states. The sighting with the latest `updatedAt` wins. A sighting without `updatedAt` loses
/// to one that has it, because only a known time can be compared. Between equal times (or two
/// unknown ones) the sighting seen last wins, because channels list the newest state last.
public enum OrderDeduplication {
    /// Returns one order per channel and order id, oldest first (creation time, then channel,
    /// then id).
    public static func latest(_ orders: [Order]) -> [Order] {
        var chosen: [OrderKey: Order] = [:]
        for order in orders {
            let key = OrderKey(order)
            if let current = chosen[key], !supersedes(order, current) { continue }
            chosen[key] = order
        }
        return chosen.values.sorted(by: servingOrder)
    }

    /// Returns whether `lhs` is served before `rhs`: creation time, then channel, then id.
    public static func servingOrder(_ lhs: Order, _ rhs: Order) -> Bool {
        (lhs.createdAt, lhs.channel, lhs.id) < (rhs.createdAt, rhs.channel, rhs.id)
    }

    /// Returns whether a later sighting replaces an earlier one.
    private static func supersedes(_ later: Order, _ earlier: Order) -> Bool {
        switch (later.updatedAt, earlier.updatedAt) {
        case let (laterTime?, earlierTime?): laterTime >= earlierTime
        case (nil, .some): false
        case (.some, nil), (nil, nil): true
        }
    }
}
