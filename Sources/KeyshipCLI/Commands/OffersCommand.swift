import KeyshipCore
import KeyshipFulfil
import KeyshipStore

/// `keyship offers --channel C`: the channel's offers, marking those that map to no catalogue
/// product, so the operator can add the mapping by pull request.
enum OffersCommand: Command {
    static let spec = CommandSpec(
        path: ["offers"],
        summary: Text(
            es: "lista las ofertas de un canal de venta y marca las que no tienen producto en el catálogo",
            en: "list a sales channel's offers and mark those with no product in the catalogue"),
        options: [
            .value("channel", "CHANNEL", Text(es: "canal de venta", en: "sales channel")),
            .flag("unmapped", Text(es: "muestra solo las ofertas sin relación", en: "show only unmapped offers")),
        ])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> ExitCode {
        let location = StoreLocation(arguments: arguments, context: context)
        let (definition, context) = try location.loadDefinition(context: context)
        let config = definition.config
        guard let name = arguments.value("channel") else {
            throw UsageError.missingOption("--channel", command: spec.name)
        }
        guard let channel = config.channel(named: name) else {
            throw RunMessage.unknownChannel(name, known: config.channels.map(\.name))
        }
        let factory = StandardChannelFactory(environment: context.environment, now: context.now, logger: context.logger)
        let marketplace = try factory.makeMarketplace(for: channel, config: config, storeRoot: location.root)
        let offers = try await marketplace.listOffers()

        let language = context.language
        var rows: [[String]] = [[
            language.pick(es: "SKU", en: "SKU"), language.pick(es: "Título", en: "Title"),
            language.pick(es: "Stock", en: "Stock"), language.pick(es: "Producto", en: "Product"),
        ]]
        var unmapped = 0
        for offer in offers.sorted(by: { $0.sku < $1.sku }) {
            let product = definition.catalog.product(channel: channel.name, sku: offer.sku)
            if product == nil { unmapped += 1 }
            if arguments.flag("unmapped") && product != nil { continue }
            rows.append([
                offer.sku, offer.title ?? "", offer.quantity.map(String.init) ?? "",
                product.map { $0.id + ($0.digitalLicense ? "" : language.pick(es: " (físico)", en: " (physical)")) }
                    ?? language.pick(es: "— producto sin relación", en: "— unmapped product"),
            ])
        }
        context.console.write(Table.render(rows))
        context.console.line("")
        context.say(OffersMessage.summary(total: offers.count, unmapped: unmapped, channel: channel.name))
        return unmapped > 0 ? .attention : .success
    }
}

enum OffersMessage: LocalizedMessage {
    case summary(total: Int, unmapped: Int, channel: String)

    func text(in language: Language) -> String {
        switch self {
        case .summary(let total, let unmapped, let channel):
            unmapped == 0
                ? language.pick(
                    es: "\(Self.offers(total, language)) en \(channel); todas tienen producto en el catálogo.",
                    en: "\(Self.offers(total, language)) on \(channel); every one maps to a catalogue product.")
                : language.pick(
                    es: "\(Self.offers(total, language)) en \(channel); \(unmapped) sin relación: añade su SKU a offers.\(channel) en catalog/<producto>.yaml mediante una pull request.",
                    en: "\(Self.offers(total, language)) on \(channel); \(unmapped) unmapped: add their SKU to offers.\(channel) in catalog/<product>.yaml by pull request.")
        }
    }

    /// `1 oferta` or `3 ofertas`, and the same in English.
    private static func offers(_ count: Int, _ language: Language) -> String {
        count == 1
            ? language.pick(es: "1 oferta", en: "1 offer")
            : language.pick(es: "\(count) ofertas", en: "\(count) offers")
    }
}
