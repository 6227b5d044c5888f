import KeyshipCore
import LoopbackHTTP
import Synchronization

extension FakeMirakl.Core {
    /// Serves the `/_fake/` control endpoints that let a person drive a demo:
    /// `GET /_fake/state`, `POST /_fake/orders`, `POST /_fake/orders/{id}/pay` and
    /// `POST /_fake/orders/{id}/cancel`. They need no API key and are never faulted or counted.
    func control(_ request: LoopbackRequest) -> LoopbackResponse {
        let segments = Array(request.pathSegments.dropFirst())
        let now = configuration.now()
        switch (request.method, segments.count) {
        case ("GET", 1) where segments[0] == "state":
            return state.withLock { Self.json(stateJSON($0)) }

        case ("POST", 1) where segments[0] == "orders":
            guard let json = FakeJSON.parse(request.body) else { return Self.error(400, "The body must be a JSON order") }
            do {
                let order = try FakeMirakl.Seed.parseOrder(json, path: "order", now: now)
                state.withLock { $0.orders[order.id] = order }
                return Self.json(.fields(["order_id": .string(order.id)]), status: 201)
            } catch {
                return Self.error(400, error.description)
            }

        case ("POST", 3) where segments[0] == "orders" && ["pay", "cancel"].contains(segments[2]):
            let orderID = segments[1]
            do {
                try state.withLock { state throws(FakeMirakl.ControlError) in
                    if segments[2] == "pay" {
                        try state.pay(orderID, now: now)
                    } else {
                        try state.cancel(orderID, now: now)
                    }
                }
                return Self.noContent
            } catch .orderNotFound {
                return Self.error(404, "Order \(orderID) not found")
            } catch {
                return Self.error(400, error.description)
            }

        default:
            return Self.error(404, "Control endpoints: GET /_fake/state, POST /_fake/orders, POST /_fake/orders/{id}/pay, POST /_fake/orders/{id}/cancel")
        }
    }

    /// Everything the fake holds, for a person to read: orders with their states, threads with
    /// their bodies and attachment sizes, documents, offers, stock imports and call counts.
    private func stateJSON(_ state: FakeMirakl.State) -> FakeJSON {
        let orders = state.sortedOrders.map { order -> FakeJSON in
            .fields([
                "order_id": .string(order.id),
                "order_state": .string(order.state),
                "last_updated_date": .string(order.updatedAt.iso),
                "order_lines": .array(order.lines.map { line in
                    .fields(["order_line_id": .string(line.id), "offer_sku": .string(line.sku), "quantity": .int(line.quantity)])
                }),
            ])
        }
        let threads = state.threads.map { thread -> FakeJSON in
            .fields([
                "thread_id": .string(thread.id),
                "order_id": .string(thread.orderID),
                "author": .string(thread.author.rawValue),
                "topic": .string(thread.topic),
                "body": .string(thread.body),
                "attachments": .array(thread.attachments.map { attachment in
                    .fields(["name": .string(attachment.fileName), "size": .int(attachment.data.count)])
                }),
            ])
        }
        let documents = state.documents.map { document -> FakeJSON in
            .fields([
                "order_id": .string(document.orderID), "file_name": .string(document.fileName),
                "type": .string(document.typeCode), "size": .int(document.data.count),
            ])
        }
        let offers = state.offers.keys.sorted().compactMap { state.offers[$0] }.map { offer -> FakeJSON in
            .fields(["shop_sku": .string(offer.sku), "quantity": .int(offer.quantity)])
        }
        let imports = state.stockImports.map { stockImport -> FakeJSON in
            .fields([
                "import_id": .string(stockImport.id),
                "lines_in_success": .int(stockImport.linesInSuccess),
                "lines_in_error": .int(stockImport.errors.count),
            ])
        }
        let calls = FakeMirakl.Endpoint.allCases.map { FakeJSON.Member($0.rawValue, .int(state.callCounts[$0, default: 0])) }
        return .fields([
            "orders": .array(orders),
            "threads": .array(threads),
            "documents": .array(documents),
            "offers": .array(offers),
            "stock_imports": .array(imports),
            "calls": .object(calls),
        ])
    }
}
