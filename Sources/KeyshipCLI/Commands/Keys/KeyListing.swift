import KeyshipCore
import KeyshipStore

/// One line of `keyship keys list`: a key's metadata and, once sold, its order. Never the key.
struct KeyListing: Sendable, Equatable {
    enum Availability: String, Sendable {
        case available
        case sold
    }

    /// The order a sold key went to.
    struct Sale: Sendable, Equatable {
        var channel: String
        var orderID: String
        var soldAt: Timestamp
        var delivery: DeliveryRecord.Status
        /// When the buyer's message went out; set once delivery is done.
        var sentAt: Timestamp?
    }

    var product: String
    var id: String
    var createdAt: Timestamp
    var company: String
    var warehouse: String
    var expiresOn: CivilDate?
    var attachment: String?
    var sale: Sale?

    var availability: Availability { sale == nil ? .available : .sold }

    /// Lists the inventory's keys, of one product when `product` is set, oldest first (ties by
    /// id, the order keys are assigned in).
    static func listings(
        of inventory: KeyInventory, product: String?, availability: Availability?
    ) -> [KeyListing] {
        var listings: [KeyListing] = []
        if availability != .sold {
            for key in inventory.available where product == nil || key.product == product {
                listings.append(KeyListing(product: key.product, row: key.row, sale: nil))
            }
        }
        if availability != .available {
            for entry in inventory.sold where product == nil || entry.product == product {
                let sale = Sale(
                    channel: entry.channel, orderID: entry.orderID, soldAt: entry.key.soldAt,
                    delivery: entry.delivery.status, sentAt: entry.delivery.sentAt)
                listings.append(KeyListing(product: entry.product, row: entry.key.row, sale: sale))
            }
        }
        return listings.sorted { left, right in
            if left.product != right.product { return left.product < right.product }
            if left.createdAt != right.createdAt { return left.createdAt < right.createdAt }
            return left.id < right.id
        }
    }

    private init(product: String, row: KeyRow, sale: Sale?) {
        self.product = product
        id = row.id
        createdAt = row.createdAt
        company = row.company
        warehouse = row.warehouse
        expiresOn = row.expiresOn
        attachment = row.attachment
        self.sale = sale
    }
}
