extension FakeMirakl {
    /// The seller API endpoints the fake serves, named by Mirakl's API codes.
    public enum Endpoint: String, Sendable, CaseIterable, Hashable {
        case listOrders = "OR11"
        case acceptOrder = "OR21"
        case updateTracking = "OR23"
        case shipOrder = "OR24"
        case createThread = "OR43"
        case listDocuments = "OR72"
        case uploadDocuments = "OR74"
        case listThreads = "M11"
        case listOffers = "OF21"
        case importStock = "STO01"
        case stockImportStatus = "STO02"
        case stockImportErrors = "STO03"
    }

    /// A failure the fake gives instead of, or on top of, its normal response.
    public enum Fault: Sendable, Hashable {
        /// 429 with `Retry-After` in seconds; the request is not handled.
        case tooManyRequests(retryAfterSeconds: Int)
        /// A 5xx status (500, 502, 503); the request is not handled.
        case serverError(status: Int)
        /// The request is handled, and the response is sent after `delay`, so a client with a
        /// shorter timeout gives up while the change has happened.
        case slowResponse(delay: Duration)
        /// The connection is closed before the request is handled.
        case dropConnection
        /// The request is handled, then the connection is closed without a response: the change
        /// happened but the response was lost.
        case applyThenDropConnection
        /// The order named in the request path is cancelled by the buyer just before the
        /// request is handled, as when an order is cancelled between listing and accepting.
        case cancelOrderFirst
        /// Orders move to new states (order id to state name) just before the request is
        /// handled, as when orders change between two pages of a listing.
        case changeOrderStates([String: String])
    }

    /// When an injected fault fires.
    enum Trigger: Sendable {
        /// On `remaining` matching requests, after letting `skip` matching requests through.
        case count(remaining: Int, skip: Int)
        /// On each matching request with this probability, drawn from a seeded generator so
        /// a test run repeats exactly.
        case probability(Double, SeededGenerator)
    }

    /// A fault the fake gave, for tests that check which failure paths a run went through.
    public struct FiredFault: Sendable, Equatable {
        public var endpoint: Endpoint
        public var fault: Fault
        /// The order in the request path, if the endpoint has one.
        public var orderID: String?
    }

    struct FaultRule: Sendable {
        var endpoint: Endpoint
        var fault: Fault
        var orderID: String?
        var trigger: Trigger
    }
}

/// SplitMix64: a small, fast generator whose sequence is fixed by its seed.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

extension FakeMirakl.State {
    /// Returns the fault for this request, if a rule fires, and updates the rule's trigger.
    mutating func nextFault(for endpoint: FakeMirakl.Endpoint, orderID: String?) -> FakeMirakl.Fault? {
        for index in faultRules.indices {
            var rule = faultRules[index]
            guard rule.endpoint == endpoint, rule.orderID == nil || rule.orderID == orderID else { continue }
            switch rule.trigger {
            case .count(let remaining, let skip) where skip > 0:
                faultRules[index].trigger = .count(remaining: remaining, skip: skip - 1)
                continue
            case .count(let remaining, _):
                if remaining <= 1 {
                    faultRules.remove(at: index)
                } else {
                    faultRules[index].trigger = .count(remaining: remaining - 1, skip: 0)
                }
                firedFaults.append(FakeMirakl.FiredFault(endpoint: endpoint, fault: rule.fault, orderID: orderID))
                return rule.fault
            case .probability(let probability, var generator):
                let fires = Double.random(in: 0..<1, using: &generator) < probability
                rule.trigger = .probability(probability, generator)
                faultRules[index] = rule
                if fires {
                    firedFaults.append(FakeMirakl.FiredFault(endpoint: endpoint, fault: rule.fault, orderID: orderID))
                    return rule.fault
                }
            }
        }
        return nil
    }
}
