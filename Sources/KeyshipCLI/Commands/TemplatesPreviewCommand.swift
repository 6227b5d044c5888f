import KeyshipCore
import KeyshipFulfil
import KeyshipStore

/// `keyship templates preview PRODUCT --channel C --lang L`: shows a buyer message with fake
/// data, so a template can be checked before a real order uses it.
enum TemplatesPreviewCommand: Command {
    static let spec = CommandSpec(
        path: ["templates", "preview"],
        summary: Text(
            es: "previsualiza el mensaje de un producto con datos de ejemplo (nunca con claves reales)",
            en: "preview a product's message with sample data (never with real keys)"),
        options: [
            .value("channel", "CHANNEL", Text(es: "canal de venta", en: "sales channel")),
            .value("buyer-lang", "LANG", Text(
                es: "idioma del cliente (por defecto, el idioma del canal)",
                en: "the buyer's language (default: the channel's language)")),
            .value("quantity", "N", Text(es: "número de claves de ejemplo (por defecto 2)", en: "number of sample keys (default 2)")),
        ],
        positionals: [PositionalSpec(name: "PRODUCT", help: Text(es: "id del producto en el catálogo", en: "product id in the catalogue"))])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let (definition, context) = try StoreLocation(arguments: arguments, context: context).loadDefinition(context: context)
        let config = definition.config
        let productID = arguments.positionals[0]
        guard let product = definition.catalog.product(id: productID) else {
            throw PreviewMessage.unknownProduct(productID, known: definition.catalog.sortedProducts.map(\.id))
        }
        guard let channelName = arguments.value("channel") ?? (config.channels.count == 1 ? config.channels[0].name : nil) else {
            throw UsageError.missingOption("--channel", command: spec.name)
        }
        guard let channel = config.channel(named: channelName) else {
            throw RunMessage.unknownChannel(channelName, known: config.channels.map(\.name))
        }
        var quantity = 2
        if let text = arguments.value("quantity") {
            guard let value = Int(text), (1...100).contains(value) else {
                throw UsageError.invalidValue(option: "--quantity", value: text, expected: "1-100")
            }
            quantity = value
        }
        let language = arguments.value("buyer-lang") ?? channel.language

        let renderer = MessageRenderer(templates: TemplateLibrary(definition.templates), seller: config.seller)
        let message = try renderer.preview(product: product, channel: channel, language: language, quantity: quantity)
        for choice in message.choices {
            context.console.line(context.language.pick(es: "Plantilla: ", en: "Template: ") + choice.text(in: context.language))
        }
        context.console.line(context.language.pick(es: "Asunto: ", en: "Subject: ") + message.subject)
        let attachments = message.attachments + (message.textAttachment.map { [$0.fileName] } ?? [])
        if !attachments.isEmpty {
            context.console.line(context.language.pick(es: "Adjuntos: ", en: "Attachments: ") + attachments.joined(separator: ", "))
        }
        context.console.line("")
        context.console.line(message.body)
        return .success
    }
}

enum PreviewMessage: KeyshipError {
    case unknownProduct(String, known: [String])

    var exitCode: ExitCode { .usage }

    func text(in language: Language) -> String {
        switch self {
        case .unknownProduct(let id, let known):
            language.pick(
                es: "producto desconocido \"\(id)\"; los productos del catálogo son \(known.joined(separator: ", "))",
                en: "unknown product \"\(id)\"; the catalogue's products are \(known.joined(separator: ", "))")
        }
    }
}
