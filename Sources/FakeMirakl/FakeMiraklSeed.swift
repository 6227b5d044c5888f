public import KeyshipCore

extension FakeMirakl {
    /// Orders and offers to start the fake with, read from a JSON seed file whose members use
    /// Mirakl's own names (a subset of OR11's order and OF21's offer):
    ///
    /// ```json
    /// {"orders": [{"order_id": "PCC-1001-A", "commercial_id": "PCC-1001",
    ///              "order_state": "WAITING_ACCEPTANCE", "created_date": "2026-12-04T10:15:00Z",
    ///              "last_updated_date": "2026-12-04T10:15:00Z",
    ///              "customer": {"customer_id": "C-1", "firstname": "Ana", "lastname": "García",
    ///                           "locale": "es_ES"},
    ///              "order_lines": [{"order_line_id": "PCC-1001-A-1", "offer_sku": "PCC-88123",
    ///                               "quantity": 2, "product_title": "Office 2021",
    ///                               "product_sku": "MS-O21", "price_unit": 199.0}]}],
    ///  "offers": [{"shop_sku": "PCC-88123", "product_sku": "MS-O21", "product_title": "Office 2021",
    ///              "quantity": 10, "active": true, "price": 199.0}]}
    /// ```
    /// Required: `order_id`, `order_lines` (non-empty) with `order_line_id`, `offer_sku` and
    /// `quantity`; `shop_sku` for offers. Defaults: `order_state` WAITING_ACCEPTANCE,
    /// `created_date` the fake's current time, `last_updated_date` the creation date,
    /// `commercial_id` the order id without its last `-` suffix.
    public struct Seed: Sendable {
        public var orders: [Order]
        public var offers: [Offer]

        public init(orders: [Order] = [], offers: [Offer] = []) {
            self.orders = orders
            self.offers = offers
        }

        /// Parses a seed file; `now` is the creation date of orders that give none.
        public static func parse(_ bytes: [UInt8], now: Timestamp) throws(SeedError) -> Seed {
            guard let json = FakeJSON.parse(bytes), json.isObject else { throw SeedError("the seed is not a JSON object") }
            var seed = Seed()
            for (index, order) in (json["orders"]?.array ?? []).enumerated() {
                seed.orders.append(try parseOrder(order, path: "orders[\(index)]", now: now))
            }
            for (index, offer) in (json["offers"]?.array ?? []).enumerated() {
                seed.offers.append(try parseOffer(offer, path: "offers[\(index)]"))
            }
            return seed
        }

        /// Parses one order in the seed format; `path` names it in errors.
        public static func parseOrder(_ json: FakeJSON, path: String, now: Timestamp) throws(SeedError) -> Order {
            let id = try text(json, "order_id", path)
            let created = try date(json, "created_date", path) ?? now
            let updated = try date(json, "last_updated_date", path) ?? created
            var customer: Customer?
            if let value = json["customer"], value != .null {
                customer = Customer(
                    customerID: try optionalText(value, "customer_id", "\(path).customer") ?? "customer-\(id)",
                    firstname: try optionalText(value, "firstname", "\(path).customer"),
                    lastname: try optionalText(value, "lastname", "\(path).customer"),
                    locale: try optionalText(value, "locale", "\(path).customer"))
            }
            guard let lineValues = json["order_lines"]?.array, !lineValues.isEmpty else {
                throw SeedError("\(path).order_lines must be a non-empty array")
            }
            var lines: [Line] = []
            for (index, line) in lineValues.enumerated() {
                let linePath = "\(path).order_lines[\(index)]"
                guard let quantity = line["quantity"]?.int, quantity > 0 else {
                    throw SeedError("\(linePath).quantity must be a positive integer")
                }
                lines.append(Line(
                    id: try text(line, "order_line_id", linePath), sku: try text(line, "offer_sku", linePath),
                    quantity: quantity, title: try optionalText(line, "product_title", linePath) ?? "Licencia digital",
                    productSKU: try optionalText(line, "product_sku", linePath),
                    priceUnit: line["price_unit"]?.number ?? 19.99))
            }
            return Order(
                id: id, commercialID: try optionalText(json, "commercial_id", path),
                state: try optionalText(json, "order_state", path) ?? "WAITING_ACCEPTANCE", createdAt: created,
                updatedAt: updated, customer: customer, lines: lines)
        }

        static func parseOffer(_ json: FakeJSON, path: String) throws(SeedError) -> Offer {
            var quantity = 0
            if let value = json["quantity"] {
                guard let number = value.int, number >= 0 else { throw SeedError("\(path).quantity must be a non-negative integer") }
                quantity = number
            }
            return Offer(
                sku: try text(json, "shop_sku", path), productSKU: try optionalText(json, "product_sku", path),
                title: try optionalText(json, "product_title", path) ?? "Licencia digital", quantity: quantity,
                active: json["active"]?.bool ?? true, price: json["price"]?.number ?? 19.99)
        }

        private static func text(_ json: FakeJSON, _ key: String, _ path: String) throws(SeedError) -> String {
            guard let value = json[key]?.string, !value.isEmpty else { throw SeedError("\(path).\(key) must be a non-empty string") }
            return value
        }

        private static func optionalText(_ json: FakeJSON, _ key: String, _ path: String) throws(SeedError) -> String? {
            guard let value = json[key], value != .null else { return nil }
            guard let text = value.string else { throw SeedError("\(path).\(key) must be a string") }
            return text
        }

        private static func date(_ json: FakeJSON, _ key: String, _ path: String) throws(SeedError) -> Timestamp? {
            guard let text = try optionalText(json, key, path) else { return nil }
            guard let date = Timestamp(iso: text) else {
                throw SeedError("\(path).\(key) \"\(text)\" is not an ISO 8601 date-time such as 2026-12-04T10:15:00Z")
            }
            return date
        }
    }

    /// A seed file or control request that cannot be read; the text names the member.
    public struct SeedError: Error, Equatable, CustomStringConvertible {
        public var description: String

        init(_ description: String) {
            self.description = description
        }
    }
}
