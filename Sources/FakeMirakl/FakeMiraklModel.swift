public import KeyshipCore

extension FakeMirakl {
    /// An order as the fake stores it. Its JSON follows the OR11 order shape.
    public struct Order: Sendable, Equatable {
        public var id: String
        public var commercialID: String
        /// The Mirakl state name, such as `WAITING_ACCEPTANCE`; any other text is kept and
        /// returned as is, to test clients against states added later.
        public var state: String
        public var createdAt: Timestamp
        public var updatedAt: Timestamp
        public var customer: Customer?
        public var lines: [Line]
        /// Members added to the order's JSON as they are, to test that clients ignore what they
        /// do not know.
        public var extraFields: [FakeJSON.Member]

        public init(
            id: String, commercialID: String? = nil, state: String = "WAITING_ACCEPTANCE", createdAt: Timestamp,
            updatedAt: Timestamp? = nil, customer: Customer? = nil, lines: [Line], extraFields: [FakeJSON.Member] = []
        ) {
            self.id = id
            self.commercialID = commercialID ?? Self.commercialID(from: id)
            self.state = state
            self.createdAt = createdAt
            self.updatedAt = updatedAt ?? createdAt
            self.customer = customer
            self.lines = lines
            self.extraFields = extraFields
        }

        /// Mirakl order ids are the commercial id plus a shop suffix (`PCC-1001-A`).
        static func commercialID(from orderID: String) -> String {
            guard let dash = orderID.lastIndex(of: "-"), orderID.index(after: dash) < orderID.endIndex else { return orderID }
            return String(orderID[..<dash])
        }
    }

    public struct Customer: Sendable, Equatable {
        public var customerID: String
        public var firstname: String?
        public var lastname: String?
        /// Such as `es_ES`.
        public var locale: String?

        public init(customerID: String, firstname: String? = nil, lastname: String? = nil, locale: String? = nil) {
            self.customerID = customerID
            self.firstname = firstname
            self.lastname = lastname
            self.locale = locale
        }
    }

    public struct Line: Sendable, Equatable {
        public var id: String
        /// The seller's offer SKU (`offer_sku`).
        public var sku: String
        public var quantity: Int
        public var title: String
        public var productSKU: String
        /// The unit price in euros.
        public var priceUnit: Double
        /// The line's own state; nil follows the order's state. Refused and cancelled lines
        /// keep theirs.
        public var state: String?

        public init(
            id: String, sku: String, quantity: Int, title: String = "Licencia digital", productSKU: String? = nil,
            priceUnit: Double = 19.99, state: String? = nil
        ) {
            self.id = id
            self.sku = sku
            self.quantity = quantity
            self.title = title
            self.productSKU = productSKU ?? "PRD-" + sku
            self.priceUnit = priceUnit
            self.state = state
        }
    }

    /// A seller's offer, listed by OF21 and updated by stock imports.
    public struct Offer: Sendable, Equatable {
        public var sku: String
        public var productSKU: String
        public var title: String
        /// The quantity without a warehouse (the global one).
        public var quantity: Int
        /// Quantities per Mirakl warehouse code, set by stock import lines that name one.
        public var warehouseQuantities: [String: Int]
        public var active: Bool
        public var price: Double

        public init(
            sku: String, productSKU: String? = nil, title: String = "Licencia digital", quantity: Int = 0,
            warehouseQuantities: [String: Int] = [:], active: Bool = true, price: Double = 19.99
        ) {
            self.sku = sku
            self.productSKU = productSKU ?? "PRD-" + sku
            self.title = title
            self.quantity = quantity
            self.warehouseQuantities = warehouseQuantities
            self.active = active
            self.price = price
        }
    }

    /// The author of a thread's first message.
    public enum Author: String, Sendable, Equatable {
        case shop
        case customer
    }

    /// A message thread on an order, created with OR43 (by the shop) or by a test (by the
    /// customer). The first message's body and files are kept byte for byte.
    public struct Thread: Sendable, Equatable {
        public var id: String
        public var messageID: String
        public var orderID: String
        public var author: Author
        /// `FREE_TEXT` or `REASON_CODE`.
        public var topicType: String
        public var topic: String
        public var body: String
        /// Recipients as sent in `to`, such as `CUSTOMER`.
        public var recipients: [String]
        public var attachments: [Attachment]
        public var createdAt: Timestamp
    }

    public struct Attachment: Sendable, Equatable {
        public var id: String
        public var fileName: String
        public var contentType: String?
        public var data: [UInt8]
    }

    /// An order document uploaded with OR74.
    public struct Document: Sendable, Equatable {
        public var id: Int
        public var orderID: String
        public var fileName: String
        public var typeCode: String
        public var data: [UInt8]
        public var uploadedAt: Timestamp
    }

    /// Tracking data set with OR23.
    public struct Tracking: Sendable, Equatable {
        public var carrierCode: String?
        public var carrierName: String?
        public var carrierURL: String?
        public var trackingNumber: String?

        public init(carrierCode: String?, carrierName: String?, carrierURL: String?, trackingNumber: String?) {
            self.carrierCode = carrierCode
            self.carrierName = carrierName
            self.carrierURL = carrierURL
            self.trackingNumber = trackingNumber
        }
    }

    /// A stock import received by STO01.
    public struct StockImport: Sendable, Equatable {
        public enum Status: String, Sendable {
            case waiting = "WAITING"
            case running = "RUNNING"
            case complete = "COMPLETE"
            case failed = "FAILED"
        }

        public var id: String
        /// The uploaded CSV exactly as received.
        public var csv: [UInt8]
        public var createdAt: Timestamp
        public var linesInSuccess: Int
        public var errors: [StockLineError]
        /// STO02 polls handled so far.
        public var polls: Int
        /// The status once processing is over.
        public var finalStatus: Status

        /// The status STO02 returns now: WAITING before the first poll, RUNNING until the
        /// configured number of polls, then the final status.
        func status(pollsUntilComplete: Int) -> Status {
            if polls >= pollsUntilComplete { return finalStatus }
            return polls == 0 ? .waiting : .running
        }
    }

    /// A rejected line of a stock import, as STO03 reports it.
    public struct StockLineError: Sendable, Equatable {
        /// The 1-based line in the uploaded file, the header being line 1.
        public var line: Int
        public var message: String
        /// The line's fields as uploaded.
        public var fields: [String]
    }
}
