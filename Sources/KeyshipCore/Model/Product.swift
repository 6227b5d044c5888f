/// A catalogue product from `catalog/<id>.yaml`.
public struct Product: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Only digital licences are fulfilled by keyship; other products' order lines are left to
    /// the seller.
    public var digitalLicense: Bool
    public var instructions: Instructions?
    /// A low-stock alert fires when a warehouse's available count falls to this or below.
    public var lowStock: Int
    /// Offer SKU per channel name: how each marketplace's order lines map to this product.
    public var offers: [String: String]

    public init(
        id: String, name: String, digitalLicense: Bool, instructions: Instructions? = nil,
        lowStock: Int = 0, offers: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.digitalLicense = digitalLicense
        self.instructions = instructions
        self.lowStock = lowStock
        self.offers = offers
    }
}

/// Usage instructions sent with every key of a product.
public struct Instructions: Sendable, Hashable {
    public var text: String?
    /// Path of a document inside the store, under `attachments/`.
    public var attachment: String?

    public init(text: String? = nil, attachment: String? = nil) {
        self.text = text
        self.attachment = attachment
    }
}

/// The catalogue: every product, and the index from a channel's offer SKU to its product.
public struct Catalog: Sendable {
    public private(set) var products: [String: Product]
    private var offerIndex: [OfferKey: String]

    private struct OfferKey: Hashable {
        var channel: String
        var sku: String
    }

    public init(products: [Product]) {
        var byID: [String: Product] = [:]
        var index: [OfferKey: String] = [:]
        for product in products {
            byID[product.id] = product
            for (channel, sku) in product.offers {
                index[OfferKey(channel: channel, sku: sku)] = product.id
            }
        }
        self.products = byID
        self.offerIndex = index
    }

    public func product(id: String) -> Product? { products[id] }

    /// Returns the product a channel's offer SKU maps to, or nil for an unmapped product.
    public func product(channel: String, sku: String) -> Product? {
        offerIndex[OfferKey(channel: channel, sku: sku)].flatMap { products[$0] }
    }

    /// Products sorted by id, for stable output.
    public var sortedProducts: [Product] {
        products.values.sorted { $0.id < $1.id }
    }
}
