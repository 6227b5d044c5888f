import KeyshipCore
import LoopbackHTTP

extension FakeMirakl.Core {
    /// OR11 `GET /api/orders`: filters by `order_ids` (at most 100), `order_state_codes`,
    /// `start_update_date`/`end_update_date` and `start_date`/`end_date`, sorted by creation
    /// date then order id, paged with `max` (default 10, at most 100) and `offset`.
    func listOrders(_ context: FakeMirakl.RequestContext, _ state: FakeMirakl.State) -> LoopbackResponse {
        let request = context.request
        let page: Page
        switch Page.read(request, defaultSize: 10) {
        case .success(let read): page = read
        case .failure(let refusal): return refusal.response
        }

        var orders = state.sortedOrders
        if let ids = context.list("order_ids") {
            guard ids.count <= FakeMirakl.maxOrderIDsPerRequest else {
                return Self.error(400, "order_ids accepts at most \(FakeMirakl.maxOrderIDsPerRequest) values, got \(ids.count)")
            }
            let wanted = Set(ids)
            orders = orders.filter { wanted.contains($0.id) }
        }
        if let states = context.list("order_state_codes") {
            let wanted = Set(states)
            orders = orders.filter { wanted.contains($0.state) }
        }
        let dateFilters: [(String, KeyPath<FakeMirakl.Order, Timestamp>, Bool)] = [
            ("start_update_date", \.updatedAt, true), ("end_update_date", \.updatedAt, false),
            ("start_date", \.createdAt, true), ("end_date", \.createdAt, false),
        ]
        for (name, field, isStart) in dateFilters {
            guard let text = request.queryValue(name) else { continue }
            guard let date = Timestamp(iso: text) else {
                return Self.error(400, "\(name) \"\(text)\" is not an ISO 8601 date-time")
            }
            orders = orders.filter { isStart ? $0[keyPath: field] >= date : $0[keyPath: field] <= date }
        }

        let total = orders.count
        let pageOrders = page.slice(orders)
        return Self.json(.fields([
            "orders": .array(pageOrders.map { orderJSON($0, state) }),
            "total_count": .int(total),
        ]))
    }

    /// OR21 `PUT /api/orders/{id}/accept`: only from WAITING_ACCEPTANCE, and the body must list
    /// every line of the order once. Accepted orders move to WAITING_DEBIT_PAYMENT (and on to
    /// SHIPPING with auto-debit); refusing every line refuses the order.
    func acceptOrder(_ context: FakeMirakl.RequestContext, _ state: inout FakeMirakl.State) -> LoopbackResponse {
        let orderID = context.orderID
        guard let order = state.orders[orderID] else { return Self.error(404, "Order \(orderID) not found") }
        guard order.state == "WAITING_ACCEPTANCE" else {
            return Self.error(400, "Order \(orderID) is in state \(order.state); only WAITING_ACCEPTANCE orders can be accepted or refused")
        }
        guard let body = FakeJSON.parse(context.request.body), let lines = body["order_lines"]?.array else {
            return Self.error(400, "The body must be a JSON object with an order_lines array")
        }

        var decisions: [String: Bool] = [:]
        for line in lines {
            guard let id = line["id"]?.string, let accepted = line["accepted"]?.bool else {
                return Self.error(400, "Each order line needs a string id and a boolean accepted")
            }
            guard order.lines.contains(where: { $0.id == id }) else {
                return Self.error(400, "Order line \(id) does not belong to order \(orderID)")
            }
            guard decisions.updateValue(accepted, forKey: id) == nil else {
                return Self.error(400, "Order line \(id) is listed twice")
            }
        }
        let missing = order.lines.map(\.id).filter { decisions[$0] == nil }
        guard missing.isEmpty else {
            return Self.error(400, "Every order line must be accepted or refused; missing: \(missing.joined(separator: ", "))")
        }

        var updated = order
        for index in updated.lines.indices where decisions[updated.lines[index].id] == false {
            updated.lines[index].state = "REFUSED"
        }
        state.orders[orderID] = updated
        if decisions.values.allSatisfy({ !$0 }) {
            state.setState("REFUSED", of: orderID, now: context.now)
            return Self.noContent
        }
        state.setState("WAITING_DEBIT_PAYMENT", of: orderID, now: context.now)
        state.acceptedOrderIDs.append(orderID)
        if configuration.autoDebit { try? state.pay(orderID, now: context.now) }
        return Self.noContent
    }

    /// OR23 `PUT /api/orders/{id}/tracking`: only in SHIPPING; needs `carrier_code` or
    /// `carrier_name`.
    func updateTracking(_ context: FakeMirakl.RequestContext, _ state: inout FakeMirakl.State) -> LoopbackResponse {
        let orderID = context.orderID
        guard let order = state.orders[orderID] else { return Self.error(404, "Order \(orderID) not found") }
        guard order.state == "SHIPPING" else {
            return Self.error(400, "Order \(orderID) is in state \(order.state); tracking can be set only in SHIPPING")
        }
        guard let body = FakeJSON.parse(context.request.body), body.isObject else {
            return Self.error(400, "The body must be a JSON object")
        }
        let tracking = FakeMirakl.Tracking(
            carrierCode: body["carrier_code"]?.string, carrierName: body["carrier_name"]?.string,
            carrierURL: body["carrier_url"]?.string, trackingNumber: body["tracking_number"]?.string)
        guard !(tracking.carrierCode ?? "").isEmpty || !(tracking.carrierName ?? "").isEmpty else {
            return Self.error(400, "carrier_code or carrier_name is required")
        }
        state.trackings[orderID] = tracking
        state.setState(order.state, of: orderID, now: context.now)
        return Self.noContent
    }

    /// OR24 `PUT /api/orders/{id}/ship`: SHIPPING moves to SHIPPED; any other state is 400.
    func shipOrder(_ context: FakeMirakl.RequestContext, _ state: inout FakeMirakl.State) -> LoopbackResponse {
        let orderID = context.orderID
        guard let order = state.orders[orderID] else { return Self.error(404, "Order \(orderID) not found") }
        guard order.state == "SHIPPING" else {
            return Self.error(400, "Order \(orderID) is in state \(order.state); only SHIPPING orders can be shipped")
        }
        state.setState("SHIPPED", of: orderID, now: context.now)
        state.shippedOrderIDs.append(orderID)
        return Self.noContent
    }

    /// The order as OR11 returns it, with members clients do not use and members Mirakl may
    /// add later, so clients are tested against both.
    func orderJSON(_ order: FakeMirakl.Order, _ state: FakeMirakl.State) -> FakeJSON {
        let lines = order.lines.enumerated().map { index, line -> FakeJSON in
            let price = line.priceUnit * Double(line.quantity)
            return .fields([
                "order_line_id": .string(line.id),
                "order_line_index": .int(index + 1),
                "order_line_state": .string(line.state ?? order.state),
                "offer_id": state.offerIDs[line.sku].map { .int($0) } ?? .null,
                "offer_sku": .string(line.sku),
                "product_sku": .string(line.productSKU),
                "product_title": .string(line.title),
                "quantity": .int(line.quantity),
                "price_unit": .double(line.priceUnit),
                "price": .double(price),
                "shipping_price": .double(0),
                "total_price": .double(price),
                "order_line_additional_fields": .array([]),
                "cancelations": .array([]),
                "refunds": .array([]),
            ])
        }
        let total = order.lines.reduce(0) { $0 + $1.priceUnit * Double($1.quantity) }
        let hasInvoice = state.documents.contains { $0.orderID == order.id && $0.typeCode == "CUSTOMER_INVOICE" }
        let customer: FakeJSON = order.customer.map { customer in
            .fields([
                "customer_id": .string(customer.customerID),
                "firstname": .optional(customer.firstname),
                "lastname": .optional(customer.lastname),
                "locale": .optional(customer.locale),
                "civility": .null,
                "billing_address": .null,
                "shipping_address": .null,
            ])
        } ?? .null

        var members: [FakeJSON.Member] = [
            .init("order_id", .string(order.id)),
            .init("commercial_id", .string(order.commercialID)),
            .init("order_state", .string(order.state)),
            .init("order_state_reason_code", .null),
            .init("created_date", .string(order.createdAt.iso)),
            .init("last_updated_date", .string(order.updatedAt.iso)),
            .init("currency_iso_code", .string("EUR")),
            .init("customer", customer),
            .init("has_invoice", .bool(hasInvoice)),
            .init("can_cancel", .bool(["WAITING_ACCEPTANCE", "WAITING_DEBIT", "WAITING_DEBIT_PAYMENT", "SHIPPING"].contains(order.state))),
            .init("payment_type", .string("CREDIT_CARD")),
            .init("price", .double(total)),
            .init("shipping_price", .double(0)),
            .init("total_price", .double(total)),
            .init("order_lines", .array(lines)),
            .init("order_additional_fields", .array([])),
            .init("fulfillment", .fields(["center": .fields(["code": .string("DEFAULT")])])),
            .init("order_tax_mode", .string("TAX_INCLUDED")),
        ]
        members += order.extraFields
        return .object(members)
    }
}

/// `max` and `offset` paging as the classic API reads them.
struct Page {
    var size: Int
    var offset: Int
    /// False when the request sent `paginate=false`.
    var paginate: Bool

    static let maxSize = 100

    static func read(_ request: LoopbackRequest, defaultSize: Int) -> Result<Page, FakeMirakl.Route.Refusal> {
        var page = Page(size: defaultSize, offset: 0, paginate: request.queryValue("paginate") != "false")
        if let text = request.queryValue("max") {
            guard let size = Int(text), (1...maxSize).contains(size) else {
                return .failure(.init(response: FakeMirakl.Core.error(400, "max must be an integer from 1 to \(maxSize), got \"\(text)\"")))
            }
            page.size = size
        }
        if let text = request.queryValue("offset") {
            guard let offset = Int(text), offset >= 0 else {
                return .failure(.init(response: FakeMirakl.Core.error(400, "offset must be a non-negative integer, got \"\(text)\"")))
            }
            page.offset = offset
        }
        return .success(page)
    }

    func slice<Element>(_ items: [Element]) -> ArraySlice<Element> {
        guard paginate else { return items[...] }
        let start = min(offset, items.count)
        return items[start..<min(start + size, items.count)]
    }
}
