import Foundation
public import KeyshipCore
import KeyshipNet

extension MiraklChannel {
    /// The maximum number of order ids in one OR11 request; more is a 400.
    static let maxOrderIDsPerRequest = 100

    /// Lists orders with OR11: every order in WAITING_ACCEPTANCE, WAITING_DEBIT,
    /// WAITING_DEBIT_PAYMENT or SHIPPING updated within the channel's lookback days, then the
    /// open orders not seen there, by id in batches of 100, so their cancellations are seen.
    /// An order listed twice is kept once, in its latest version (`last_updated_date`).
    public func pullOrders(openOrders: [OpenOrderReference]) async throws -> OrderBatch {
        let since = options.now().adding(seconds: -Int64(settings.lookbackDays) * 86_400)
        var collector = OrderCollector(parser: MiraklOrderParser(channel: channel.name))

        try await listOrderPages(
            [("order_state_codes", MiraklOrderState.pulled.joined(separator: ",")), ("start_update_date", since.iso)],
            into: &collector)

        var missing: [String] = []
        for reference in openOrders where !collector.contains(reference.id) && !missing.contains(reference.id) {
            missing.append(reference.id)
        }
        var start = 0
        while start < missing.count {
            let batch = missing[start..<min(start + Self.maxOrderIDsPerRequest, missing.count)]
            try await listOrderPages([("order_ids", batch.joined(separator: ","))], into: &collector)
            start += Self.maxOrderIDsPerRequest
        }

        let batch = collector.batch
        logger.info("Mirakl orders pulled", ["orders": String(batch.orders.count), "problems": String(batch.problems.count)])
        return batch
    }

    /// Reads every page of an OR11 listing with `max` and `offset` until `total_count`.
    private func listOrderPages(_ filter: [(String, String)], into collector: inout OrderCollector) async throws {
        var offset = 0
        while true {
            let call = Call(
                api: .listOrders, method: "GET", path: "/api/orders",
                query: filter + [("max", String(options.pageSize)), ("offset", String(offset))], retry: .idempotent)
            let response: HTTPResponse
            do {
                response = try await perform(call)
            } catch {
                throw failure(error, of: call)
            }
            let json = try json(response, call)
            guard let orders = json["orders"]?.array, let total = json["total_count"]?.int else {
                throw self.error(.invalidResponse("OR11 without orders and total_count"), .listOrders, order: nil)
            }
            for (index, value) in orders.enumerated() {
                collector.add(value, position: offset + index + 1)
            }
            offset += orders.count
            if orders.isEmpty || offset >= total { return }
        }
    }

    /// Reads the order's current Mirakl state with OR11, or nil when Mirakl has no such order.
    /// `api` is the call being checked, named in errors.
    func currentState(of orderID: String, checking api: MiraklAPI) async throws -> String? {
        let call = Call(
            api: .listOrders, method: "GET", path: "/api/orders", query: [("order_ids", orderID)], retry: .idempotent,
            orderID: orderID)
        let response: HTTPResponse
        do {
            response = try await perform(call)
        } catch {
            throw failure(error, of: call)
        }
        guard let orders = try json(response, call)["orders"]?.array else {
            throw self.error(.invalidResponse("OR11 without orders"), api, order: orderID)
        }
        guard let order = orders.first(where: { $0["order_id"]?.string == orderID }) else { return nil }
        guard let state = order["order_state"]?.string else {
            throw self.error(.invalidResponse("OR11 order without order_state"), api, order: orderID)
        }
        return state
    }
}

/// Collects orders from several OR11 listings, keeping each order's latest version and the
/// problems of orders that cannot be read.
struct OrderCollector {
    var parser: MiraklOrderParser
    private var orders: [String: Order] = [:]
    private var problems: [String: Diagnostic] = [:]
    private var unnamedProblems: [Diagnostic] = []

    init(parser: MiraklOrderParser) {
        self.parser = parser
    }

    func contains(_ orderID: String) -> Bool {
        orders[orderID] != nil || problems[orderID] != nil
    }

    mutating func add(_ json: JSONValue, position: Int) {
        let id = json["order_id"]?.scalarText
        do {
            let order = try parser.parse(json)
            if let existing = orders[order.id], (existing.updatedAt ?? .init(secondsSinceEpoch: .min)) > (order.updatedAt ?? .init(secondsSinceEpoch: .min)) {
                return
            }
            orders[order.id] = order
            problems[order.id] = nil
        } catch {
            let problem = Diagnostic(at: nil, MiraklOrderProblem(channel: parser.channel, orderID: id, position: position, kind: error))
            if let id {
                if orders[id] == nil { problems[id] = problem }
            } else {
                unnamedProblems.append(problem)
            }
        }
    }

    /// The orders, oldest first (ties by id), and the problems, by order id.
    var batch: OrderBatch {
        let sorted = orders.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        let named = problems.keys.sorted().compactMap { problems[$0] }
        return OrderBatch(orders: sorted, problems: named + unnamedProblems)
    }
}
