import KeyshipCore

/// Checks that buyer messages render: every template's placeholders, and a sample message for
/// each licence product on each channel that sells it, in the channel's language and in every
/// other language the product has templates in for that channel.
///
/// A licence product without any template, or without one in a channel's language, is a warning:
/// buyers then get the bare keys without the intro and closing texts.
enum TemplateCheck {
    static func run(definition: StoreDefinition, into diagnostics: inout DiagnosticList) {
        let library = TemplateLibrary(definition.templates)
        for problem in library.problems() {
            diagnostics.append(problem.diagnostic)
        }

        let renderer = MessageRenderer(templates: library, seller: definition.config.seller)
        for entry in definition.catalogEntries.sorted(by: { $0.path < $1.path }) where entry.product.digitalLicense {
            checkProduct(entry, definition: definition, library: library, renderer: renderer, into: &diagnostics)
        }
    }

    private static func checkProduct(
        _ entry: CatalogEntry, definition: StoreDefinition, library: TemplateLibrary, renderer: MessageRenderer,
        into diagnostics: inout DiagnosticList
    ) {
        let product = entry.product
        let channels = product.offers.keys.sorted().compactMap { definition.config.channel(named: $0) }
        guard !channels.isEmpty else { return }
        let templates = library.templates.keys.filter { $0.product == product.id }
        guard !templates.isEmpty else {
            let language = channels[0].language.lowercased()
            diagnostics.warning(
                at: SourceLocation(path: entry.path), CheckMessage.noTemplate(product: product.id, language: language))
            return
        }

        for channel in channels {
            let location = offerLocation(entry, channel: channel.name)
            let channelLanguage = channel.language.lowercased()
            let otherLanguages = Set(templates.filter { $0.channel == channel.name || $0.channel == TemplateKey.anyChannel }
                .map(\.language)).subtracting([channelLanguage])
            for language in [channelLanguage] + otherLanguages.sorted() {
                do {
                    let message = try renderer.preview(product: product, channel: channel, language: language)
                    if language == channelLanguage, message.choices.first?.key == nil {
                        diagnostics.warning(at: location, CheckMessage.noTemplateForChannel(
                            product: product.id, channel: channel.name, language: channelLanguage))
                    }
                } catch {
                    // A template's own faults are already reported, at the template file.
                    if case .template = error { continue }
                    diagnostics.error(at: location, CheckMessage.previewFailed(
                        product: product.id, channel: channel.name, language: language, error))
                }
            }
        }
    }

    /// Returns the place of `offers.<channel>` in the catalogue file, with its line when the file's nodes are known.
    private static func offerLocation(_ entry: CatalogEntry, channel: String) -> SourceLocation {
        let pair = entry.node?["offers"]?.mapping?.first { $0.key.scalar?.value == channel }
        guard let key = pair?.key else { return SourceLocation(path: entry.path) }
        return SourceLocation(path: entry.path, line: key.line)
    }
}
