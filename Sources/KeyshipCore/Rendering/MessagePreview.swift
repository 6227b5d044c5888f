/// Sample messages for `keyship templates preview`: the real templates and catalogue with
/// clearly fake order data, so a preview never touches a real key or buyer.
extension MessageRenderer {
    /// The order id every preview uses.
    public static let sampleOrderID = "SAMPLE-0001"

    /// Returns the fake key number `index` (from 1): `XXXXX-XXXXX-XXXXX-XXXXX-XXXX1`, with the number
    /// right-aligned in the last group.
    public static func sampleKey(_ index: Int) -> String {
        let number = String(index)
        let lastGroup = String(repeating: "X", count: max(0, 5 - number.count)) + number
        return "XXXXX-XXXXX-XXXXX-XXXXX-" + lastGroup
    }

    /// Renders a product's message as a buyer whose locale language is `language` would get it
    /// on `channel`, with `quantity` fake keys. The template choice follows the same chain as a
    /// real order, so the result's `choices` show which file a buyer in that language gets.
    public func preview(
        product: Product, channel: ChannelConfig, language: String, quantity: Int = 2,
        limits: MessageLimits = .none
    ) throws(RenderError) -> RenderedMessage {
        let keys = (1...max(1, quantity)).map { PlainKey(id: "sample-\($0)", value: Self.sampleKey($0)) }
        let buyer = Buyer(locale: language, name: BuyerTexts.sampleBuyer(language: language))
        return try render(
            orderID: Self.sampleOrderID, buyer: buyer, channel: channel,
            parts: [ProductKeys(product: product, keys: keys)], limits: limits)
    }
}
