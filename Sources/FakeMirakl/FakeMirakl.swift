import Glibc
public import KeyshipCore
public import LoopbackHTTP
import Synchronization

/// A Mirakl seller API on 127.0.0.1 for tests and demos, in memory, following the documented
/// contract of the endpoints keyship uses: OR11, OR21, OR23, OR24, OR43, M11, OR72, OR74,
/// OF21, STO01, STO02 and STO03.
///
/// It checks the `Authorization` header (the shop API key, without "Bearer"), enforces the
/// order state rules and the documented limits, and returns errors with the classic API's
/// `{"message": ..., "status": ...}` body. Tests inject faults per endpoint (`inject`), drive
/// the buyer's side (`pay`, `cancel`) and read what the seller did (`threads`, `documents`,
/// `stockImports`, `acceptedOrderIDs`, `shippedOrderIDs`, `callCount`).
///
/// Control endpoints under `/_fake/` let a person drive a demo with curl; they need no key:
/// `GET /_fake/state`, `POST /_fake/orders` (an order in the seed format),
/// `POST /_fake/orders/{id}/pay`, `POST /_fake/orders/{id}/cancel`.
public final class FakeMirakl: Sendable {
    /// The largest message OR43 accepts: body and attachments together, in bytes. Mirakl
    /// documents "30 Megabyte" without saying decimal or binary; the smaller reading is used.
    public static let maxMessageBytes = 30_000_000
    /// The maximum number of attachments across all threads of one order.
    public static let maxAttachmentsPerOrder = 50
    /// The maximum number of documents on one order.
    public static let maxDocumentsPerOrder = 50
    /// The maximum number of order ids in one OR11 or OR72 request.
    public static let maxOrderIDsPerRequest = 100

    public struct Configuration: Sendable {
        /// The shop API key every request must send in `Authorization`.
        public var apiKey: String
        /// The shop's numeric id; a request whose `shop_id` names another shop gets 403.
        public var shopID: Int
        public var shopName: String
        /// When true, an accepted order is debited at once and moves on to SHIPPING; when
        /// false it waits in WAITING_DEBIT_PAYMENT until `pay` is called.
        public var autoDebit: Bool
        /// STO02 polls before an import reports its final status (the first poll returns
        /// RUNNING when this is 2 or more).
        public var stockImportPollsUntilComplete: Int
        /// M11's default and largest page size.
        public var threadPageLimit: Int
        /// The fake's clock, for order update dates and date filters.
        public var now: @Sendable () -> Timestamp

        public init(
            apiKey: String, shopID: Int = 2001, shopName: String = "Licencias Ejemplo", autoDebit: Bool = false,
            stockImportPollsUntilComplete: Int = 2, threadPageLimit: Int = 50,
            now: @escaping @Sendable () -> Timestamp = FakeMirakl.systemClock
        ) {
            self.apiKey = apiKey
            self.shopID = shopID
            self.shopName = shopName
            self.autoDebit = autoDebit
            self.stockImportPollsUntilComplete = stockImportPollsUntilComplete
            self.threadPageLimit = threadPageLimit
            self.now = now
        }
    }

    /// Reads the system clock in whole seconds.
    public static let systemClock: @Sendable () -> Timestamp = {
        Timestamp(secondsSinceEpoch: Int64(time(nil)))
    }

    /// A control call that the fake's state does not allow.
    public enum ControlError: Error, Equatable, CustomStringConvertible {
        case orderNotFound(String)
        case invalidTransition(orderID: String, state: String, action: String)

        public var description: String {
            switch self {
            case .orderNotFound(let id):
                "order \(id) not found"
            case .invalidTransition(let id, let state, let action):
                "cannot \(action) order \(id) in state \(state)"
            }
        }
    }

    let core: Core
    private let server: LoopbackServer

    /// Starts the fake on 127.0.0.1 at `port` (0 chooses a free one) with `seed`'s orders and
    /// offers.
    public init(_ configuration: Configuration, seed: Seed = Seed(), port: UInt16 = 0) throws {
        precondition(!configuration.apiKey.isEmpty, "the fake needs a non-empty API key")
        let core = Core(configuration: configuration)
        for order in seed.orders { core.state.withLock { $0.orders[order.id] = order } }
        for offer in seed.offers { core.state.withLock { $0.insert(offer) } }
        self.core = core
        server = try LoopbackServer(port: port) { request in core.handle(request) }
    }

    deinit {
        server.stop()
    }

    /// The root URL to configure as the channel's base URL, such as `http://127.0.0.1:41234`.
    public var baseURL: String { server.baseURL }

    /// Stops serving; calling it again does nothing.
    public func stop() {
        server.stop()
    }

    private var now: Timestamp { core.configuration.now() }

    // MARK: Orders

    /// Adds an order, or replaces the one with the same id.
    public func addOrder(_ order: Order) {
        core.state.withLock { $0.orders[order.id] = order }
    }

    public func order(_ id: String) -> Order? {
        core.state.withLock { $0.orders[id] }
    }

    /// Every order, oldest first.
    public var orders: [Order] {
        core.state.withLock { $0.sortedOrders }
    }

    /// Marks the buyer's payment as taken: WAITING_DEBIT or WAITING_DEBIT_PAYMENT moves to
    /// SHIPPING.
    public func pay(_ orderID: String) throws(ControlError) {
        let now = self.now
        try core.state.withLock { state throws(ControlError) in try state.pay(orderID, now: now) }
    }

    /// Cancels the order as the buyer or the operator would, from any state before shipment.
    public func cancel(_ orderID: String) throws(ControlError) {
        let now = self.now
        try core.state.withLock { state throws(ControlError) in try state.cancel(orderID, now: now) }
    }

    /// Puts the order in `state`, any text, without checking the transition.
    public func setState(_ newState: String, of orderID: String) throws(ControlError) {
        let now = self.now
        try core.state.withLock { state throws(ControlError) in
            guard state.orders[orderID] != nil else { throw .orderNotFound(orderID) }
            state.setState(newState, of: orderID, now: now)
        }
    }

    /// Orders accepted through OR21, in the order of acceptance.
    public var acceptedOrderIDs: [String] {
        core.state.withLock { $0.acceptedOrderIDs }
    }

    /// Orders shipped through OR24, in the order of shipment.
    public var shippedOrderIDs: [String] {
        core.state.withLock { $0.shippedOrderIDs }
    }

    /// Returns the last tracking data OR23 set on the order.
    public func tracking(of orderID: String) -> Tracking? {
        core.state.withLock { $0.trackings[orderID] }
    }

    // MARK: Messages

    /// Every thread, in creation order.
    public var threads: [Thread] {
        core.state.withLock { $0.threads }
    }

    /// Returns the order's threads, in creation order.
    public func threads(for orderID: String) -> [Thread] {
        core.state.withLock { $0.threads.filter { $0.orderID == orderID } }
    }

    /// Adds a thread opened by the buyer, with a free-text topic.
    @discardableResult
    public func addCustomerThread(orderID: String, topic: String, body: String) throws(ControlError) -> Thread {
        let now = self.now
        return try core.state.withLock { state throws(ControlError) in
            guard state.orders[orderID] != nil else { throw .orderNotFound(orderID) }
            return state.addThread(
                orderID: orderID, author: .customer, topicType: "FREE_TEXT", topic: topic, body: body,
                recipients: ["SHOP"], files: [], now: now)
        }
    }

    // MARK: Documents

    /// Returns the order's documents, in upload order.
    public func documents(for orderID: String) -> [Document] {
        core.state.withLock { $0.documents.filter { $0.orderID == orderID } }
    }

    /// Attaches a document to the order as the operator or another tool would.
    @discardableResult
    public func addDocument(orderID: String, fileName: String, typeCode: String, data: [UInt8]) throws(ControlError) -> Document {
        let now = self.now
        return try core.state.withLock { state throws(ControlError) in
            guard state.orders[orderID] != nil else { throw .orderNotFound(orderID) }
            let document = Document(
                id: state.nextID(), orderID: orderID, fileName: fileName, typeCode: typeCode, data: data, uploadedAt: now)
            state.documents.append(document)
            return document
        }
    }

    // MARK: Offers and stock

    /// Adds an offer, or replaces the one with the same SKU.
    public func addOffer(_ offer: Offer) {
        core.state.withLock { $0.insert(offer) }
    }

    public func offer(_ sku: String) -> Offer? {
        core.state.withLock { $0.offers[sku] }
    }

    /// Every offer, by SKU.
    public var offers: [Offer] {
        core.state.withLock { state in state.offers.keys.sorted().compactMap { state.offers[$0] } }
    }

    /// Stock imports received, oldest first.
    public var stockImports: [StockImport] {
        core.state.withLock { $0.stockImports }
    }

    /// When true, later stock imports change nothing and end in FAILED.
    public func setStockImportsFail(_ fail: Bool) {
        core.state.withLock { $0.stockImportsFail = fail }
    }

    // MARK: Faults and calls

    /// Gives `fault` on `times` requests to `endpoint`, after letting `after` of them through,
    /// for any order or only for `orderID` (the order in the request path).
    public func inject(_ fault: Fault, on endpoint: Endpoint, times: Int = 1, after: Int = 0, orderID: String? = nil) {
        guard times > 0 else { return }
        let trigger = Trigger.count(remaining: times, skip: max(0, after))
        core.state.withLock {
            $0.faultRules.append(FaultRule(endpoint: endpoint, fault: fault, orderID: orderID, trigger: trigger))
        }
    }

    /// Gives `fault` on each request to `endpoint` with `probability`, drawn from a generator
    /// seeded with `seed` so runs repeat exactly.
    public func inject(_ fault: Fault, on endpoint: Endpoint, probability: Double, seed: UInt64, orderID: String? = nil) {
        let trigger = Trigger.probability(probability, SeededGenerator(seed: seed))
        core.state.withLock {
            $0.faultRules.append(FaultRule(endpoint: endpoint, fault: fault, orderID: orderID, trigger: trigger))
        }
    }

    public func clearFaults() {
        core.state.withLock { $0.faultRules = [] }
    }

    /// Faults given so far, oldest first; `clearFaults` keeps them.
    public var firedFaults: [FiredFault] {
        core.state.withLock { $0.firedFaults }
    }

    /// Requests received for `endpoint`, faulted and unauthorised ones included.
    public func callCount(_ endpoint: Endpoint) -> Int {
        core.state.withLock { $0.callCounts[endpoint, default: 0] }
    }

    /// Requests received for `endpoint`, oldest first, with the `Authorization` header removed.
    public func requests(to endpoint: Endpoint) -> [LoopbackRequest] {
        core.state.withLock { $0.requests[endpoint, default: []] }
    }
}
