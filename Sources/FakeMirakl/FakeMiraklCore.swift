import KeyshipCore
import LoopbackHTTP
import Synchronization

extension FakeMirakl {
    /// Everything the fake stores, guarded by `Core.state`.
    struct State: Sendable {
        var orders: [String: Order] = [:]
        var offers: [String: Offer] = [:]
        /// Offer ids as OF21 and OR11 report them, assigned when an offer is first added.
        var offerIDs: [String: Int] = [:]
        var threads: [Thread] = []
        var documents: [Document] = []
        var stockImports: [StockImport] = []
        var trackings: [String: Tracking] = [:]
        var acceptedOrderIDs: [String] = []
        var shippedOrderIDs: [String] = []
        var faultRules: [FaultRule] = []
        var firedFaults: [FiredFault] = []
        var callCounts: [Endpoint: Int] = [:]
        var requests: [Endpoint: [LoopbackRequest]] = [:]
        var stockImportsFail = false
        /// The last number used in generated ids.
        var lastID = 0

        var sortedOrders: [Order] {
            orders.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }

        mutating func nextID() -> Int {
            lastID += 1
            return lastID
        }

        mutating func insert(_ offer: Offer) {
            if offerIDs[offer.sku] == nil { offerIDs[offer.sku] = 3000 + offerIDs.count + 1 }
            offers[offer.sku] = offer
        }

        /// Moves the order to `newState`; lines follow unless they were refused or cancelled.
        mutating func setState(_ newState: String, of orderID: String, now: Timestamp) {
            guard var order = orders[orderID] else { return }
            order.state = newState
            for index in order.lines.indices where !["REFUSED", "CANCELED"].contains(order.lines[index].state ?? "") {
                order.lines[index].state = nil
            }
            order.updatedAt = max(now, order.updatedAt)
            orders[orderID] = order
        }

        mutating func pay(_ orderID: String, now: Timestamp) throws(ControlError) {
            guard let order = orders[orderID] else { throw .orderNotFound(orderID) }
            guard ["WAITING_DEBIT", "WAITING_DEBIT_PAYMENT"].contains(order.state) else {
                throw .invalidTransition(orderID: orderID, state: order.state, action: "pay")
            }
            setState("SHIPPING", of: orderID, now: now)
        }

        mutating func cancel(_ orderID: String, now: Timestamp) throws(ControlError) {
            guard var order = orders[orderID] else { throw .orderNotFound(orderID) }
            guard !["SHIPPED", "TO_COLLECT", "RECEIVED", "CLOSED", "CANCELED", "REFUSED"].contains(order.state) else {
                throw .invalidTransition(orderID: orderID, state: order.state, action: "cancel")
            }
            for index in order.lines.indices { order.lines[index].state = "CANCELED" }
            order.state = "CANCELED"
            order.updatedAt = max(now, order.updatedAt)
            orders[orderID] = order
        }

        @discardableResult
        mutating func addThread(
            orderID: String, author: Author, topicType: String, topic: String, body: String, recipients: [String],
            files: [FormPart], now: Timestamp
        ) -> Thread {
            let number = nextID()
            let attachments = files.map { file in
                Attachment(
                    id: FakeMirakl.uuid(prefix: "a", number: nextID()), fileName: file.filename ?? "",
                    contentType: file.contentType, data: file.data)
            }
            let thread = Thread(
                id: FakeMirakl.uuid(prefix: "t", number: number), messageID: FakeMirakl.uuid(prefix: "m", number: number),
                orderID: orderID, author: author, topicType: topicType, topic: topic, body: body,
                recipients: recipients, attachments: attachments, createdAt: now)
            threads.append(thread)
            return thread
        }
    }

    /// Makes a UUID-shaped id that is stable from run to run: a letter for the kind of
    /// object, then the number.
    static func uuid(prefix: Character, number: Int) -> String {
        let kind: String = switch prefix {
        case "t": "1111"
        case "m": "2222"
        default: "3333"
        }
        let digits = String(number)
        return "00000000-\(kind)-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// The server side of the fake: configuration, state and request handling.
    final class Core: Sendable {
        let configuration: Configuration
        let state = Mutex(State())

        init(configuration: Configuration) {
            self.configuration = configuration
        }

        /// Handles one request: control endpoints, then routing, authentication, faults and
        /// the endpoint itself, all under one lock so each request reads a consistent state.
        func handle(_ request: LoopbackRequest) -> LoopbackReply {
            if request.pathSegments.first == "_fake" {
                return .respond(control(request))
            }
            let route: Route
            switch Route.match(request) {
            case .success(let matched): route = matched
            case .failure(let refusal): return .respond(refusal.response)
            }

            var recorded = request
            recorded.headers.removeAll { $0.name.lowercased() == "authorization" }
            let now = configuration.now()
            return state.withLock { state in
                state.callCounts[route.endpoint, default: 0] += 1
                state.requests[route.endpoint, default: []].append(recorded)

                guard let key = request.header("Authorization"), key == configuration.apiKey else {
                    return .respond(Self.error(401, "Unauthorized: the API key is missing or invalid"))
                }
                if let shop = request.queryValue("shop_id"), shop != String(configuration.shopID) {
                    return .respond(Self.error(403, "The user has no access to the shop \(shop)"))
                }

                switch state.nextFault(for: route.endpoint, orderID: route.orderID) {
                case .tooManyRequests(let seconds)?:
                    return .respond(LoopbackResponse.json(
                        FakeJSON.fields(["message": .string("Too many requests"), "status": .int(429)]).encoded,
                        status: 429, headers: [LoopbackHeader("Retry-After", String(seconds))]))
                case .serverError(let status)?:
                    return .respond(Self.error(status, "Internal error"))
                case .dropConnection?:
                    return .drop
                case .cancelOrderFirst?:
                    if let orderID = route.orderID { try? state.cancel(orderID, now: now) }
                    return .respond(serve(route, request, &state, now: now))
                case .changeOrderStates(let changes)?:
                    for orderID in changes.keys.sorted() {
                        state.setState(changes[orderID]!, of: orderID, now: now)
                    }
                    return .respond(serve(route, request, &state, now: now))
                case .slowResponse(let delay)?:
                    return .delay(delay, serve(route, request, &state, now: now))
                case .applyThenDropConnection?:
                    _ = serve(route, request, &state, now: now)
                    return .drop
                case nil:
                    return .respond(serve(route, request, &state, now: now))
                }
            }
        }

        private func serve(_ route: Route, _ request: LoopbackRequest, _ state: inout State, now: Timestamp) -> LoopbackResponse {
            let context = RequestContext(request: request, route: route, now: now, configuration: configuration)
            switch route.endpoint {
            case .listOrders: return listOrders(context, state)
            case .acceptOrder: return acceptOrder(context, &state)
            case .updateTracking: return updateTracking(context, &state)
            case .shipOrder: return shipOrder(context, &state)
            case .createThread: return createThread(context, &state)
            case .listThreads: return listThreads(context, state)
            case .listDocuments: return listDocuments(context, state)
            case .uploadDocuments: return uploadDocuments(context, &state)
            case .listOffers: return listOffers(context, state)
            case .importStock: return importStock(context, &state)
            case .stockImportStatus: return stockImportStatus(context, &state)
            case .stockImportErrors: return stockImportErrors(context, state)
            }
        }

        /// Makes a classic-API error response: `{"message": ..., "status": ...}`.
        static func error(_ status: Int, _ message: String) -> LoopbackResponse {
            LoopbackResponse.json(FakeJSON.fields(["message": .string(message), "status": .int(status)]).encoded, status: status)
        }

        static func json(_ value: FakeJSON, status: Int = 200) -> LoopbackResponse {
            LoopbackResponse.json(value.encoded, status: status)
        }

        static let noContent = LoopbackResponse(status: 204)
    }

    /// The request details an endpoint handler works with.
    struct RequestContext {
        var request: LoopbackRequest
        var route: Route
        var now: Timestamp
        var configuration: Configuration

        /// The order id from the path; only routes that carry one call this.
        var orderID: String { route.orderID ?? "" }

        /// Returns the comma-separated values of a query item, without blanks.
        func list(_ name: String) -> [String]? {
            request.queryValue(name).map { value in value.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty } }
        }
    }

    /// A request matched to an endpoint, with the ids from its path.
    struct Route {
        var endpoint: Endpoint
        var orderID: String?
        var importID: String?

        struct Refusal: Error {
            var response: LoopbackResponse
        }

        static func match(_ request: LoopbackRequest) -> Result<Route, Refusal> {
            let segments = request.pathSegments
            let matched: (Endpoint, method: String, orderID: String?, importID: String?)?
            switch segments.count {
            case 2 where segments == ["api", "orders"]:
                matched = (.listOrders, "GET", nil, nil)
            case 2 where segments == ["api", "offers"]:
                matched = (.listOffers, "GET", nil, nil)
            case 3 where segments == ["api", "orders", "documents"]:
                matched = (.listDocuments, "GET", nil, nil)
            case 3 where segments == ["api", "inbox", "threads"]:
                matched = (.listThreads, "GET", nil, nil)
            case 4 where segments[0] == "api" && segments[1] == "orders":
                let actions: [String: (Endpoint, String)] = [
                    "accept": (.acceptOrder, "PUT"), "tracking": (.updateTracking, "PUT"), "ship": (.shipOrder, "PUT"),
                    "threads": (.createThread, "POST"), "documents": (.uploadDocuments, "POST"),
                ]
                matched = actions[segments[3]].map { ($0.0, $0.1, segments[2], nil) }
            case 4 where segments == ["api", "offers", "stock", "imports"]:
                matched = (.importStock, "POST", nil, nil)
            case 6 where Array(segments[0..<4]) == ["api", "offers", "stock", "imports"]:
                switch segments[5] {
                case "status": matched = (.stockImportStatus, "GET", nil, segments[4])
                case "error_report": matched = (.stockImportErrors, "GET", nil, segments[4])
                default: matched = nil
                }
            default:
                matched = nil
            }
            guard let matched else {
                return .failure(Refusal(response: Core.error(404, "No endpoint at \(request.path)")))
            }
            guard request.method == matched.method else {
                return .failure(Refusal(response: Core.error(405, "Method \(request.method) is not allowed on \(request.path)")))
            }
            return .success(Route(endpoint: matched.0, orderID: matched.orderID, importID: matched.importID))
        }
    }
}
