/// The store's message templates, and the language choice for each buyer message.
///
/// For one product on one channel, the template is the first that exists of:
/// 1. `<channel>.<buyer language>`: the channel's template in the buyer's locale language;
/// 2. `default.<buyer language>`: the template for every channel, in that language;
/// 3. `<channel>.<channel language>`: the channel's template in its default language;
/// 4. `default.<channel language>`.
/// When the buyer's locale is unknown, or its language is the channel's, the chain starts at
/// step 3. When none exists, the product's part of the message holds only its keys. The chain
/// stops at the channel's language on purpose: a buyer on a German channel gets German or the
/// bare keys, never a guess such as the seller's own language. `keyship check` is the place to
/// warn about a channel language with no template.
public struct TemplateLibrary: Sendable {
    public private(set) var templates: [TemplateKey: MessageTemplate]

    /// Creates a library; language codes are compared lower-cased.
    public init(_ templates: [TemplateKey: MessageTemplate] = [:]) {
        var normalized: [TemplateKey: MessageTemplate] = [:]
        for (key, template) in templates {
            normalized[Self.normalized(key)] = template
        }
        self.templates = normalized
    }

    public subscript(key: TemplateKey) -> MessageTemplate? {
        templates[Self.normalized(key)]
    }

    /// Chooses the template for a product's part of a message, following the chain above.
    public func choose(product: String, channel: String, buyerLanguage: String?, channelLanguage: String) -> TemplateChoice {
        let buyer = buyerLanguage.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        let channelDefault = channelLanguage.lowercased()
        var tried: [TemplateKey] = []
        var languages: [(language: String, reason: TemplateChoice.Reason)] = []
        if let buyer, buyer != channelDefault {
            languages.append((buyer, .buyerLanguage))
        }
        languages.append((channelDefault, buyer == channelDefault ? .buyerLanguage : .channelLanguage))

        for (language, reason) in languages {
            for channelName in [channel, TemplateKey.anyChannel] {
                let key = TemplateKey(product: product, channel: channelName, language: language)
                if templates[key] != nil {
                    return TemplateChoice(product: product, key: key, reason: reason, buyerLanguage: buyer, tried: tried)
                }
                tried.append(key)
            }
        }
        return TemplateChoice(product: product, key: nil, reason: .noTemplate, buyerLanguage: buyer, tried: tried)
    }

    /// Returns every problem in every template, sorted by path, for `keyship check`.
    public func problems() -> [TemplateProblem] {
        templates.keys.sorted().flatMap { key in
            TemplateValidation.problems(in: templates[key]!, key: key)
        }
    }

    private static func normalized(_ key: TemplateKey) -> TemplateKey {
        TemplateKey(product: key.product, channel: key.channel, language: key.language.lowercased())
    }
}

/// The template a product's part of a message uses, and the reason, for the run's log.
public struct TemplateChoice: Sendable, Hashable, CustomStringConvertible, LocalizedMessage {
    public enum Reason: Sendable, Hashable {
        /// A template in the buyer's locale language.
        case buyerLanguage
        /// A template in the channel's default language: the buyer's locale is unknown, or no
        /// template exists in its language.
        case channelLanguage
        /// No template at all; the part holds only the keys.
        case noTemplate
    }

    public var product: String
    /// The template used; nil when there is none.
    public var key: TemplateKey?
    public var reason: Reason
    /// The buyer's language, lower-cased, when the locale gave one.
    public var buyerLanguage: String?
    /// Templates looked up and not found before the one chosen.
    public var tried: [TemplateKey]

    public init(product: String, key: TemplateKey?, reason: Reason, buyerLanguage: String?, tried: [TemplateKey]) {
        self.product = product
        self.key = key
        self.reason = reason
        self.buyerLanguage = buyerLanguage
        self.tried = tried
    }

    /// Describes the choice in the operator's language, for `templates preview`.
    public func text(in language: Language) -> String {
        let triedNames = tried.map { "\($0.channel).\($0.language)" }.joined(separator: ", ")
        guard let key else {
            return language.pick(
                es: "\(product): sin plantilla (buscadas \(triedNames)); el mensaje lleva solo las claves",
                en: "\(product): no template (tried \(triedNames)); the message holds only the keys")
        }
        switch reason {
        case .buyerLanguage:
            return language.pick(
                es: "\(product): \(key.path) (idioma del cliente \(key.language))",
                en: "\(product): \(key.path) (buyer language \(key.language))")
        case .channelLanguage, .noTemplate:
            let buyer = buyerLanguage.map {
                language.pick(es: "no hay plantilla en el idioma del cliente \($0)", en: "none for buyer language \($0)")
            } ?? language.pick(es: "idioma del cliente desconocido", en: "buyer language unknown")
            return language.pick(
                es: "\(product): \(key.path) (idioma del canal \(key.language); \(buyer))",
                en: "\(product): \(key.path) (fallback to channel language \(key.language); \(buyer))")
        }
    }

    /// One English line for the log, such as
    /// `office-2021-pro: templates/office-2021-pro/tienda.en.yaml (fallback to channel language en; none for buyer language de)`.
    public var description: String {
        let triedNames = tried.map { "\($0.channel).\($0.language)" }.joined(separator: ", ")
        guard let key else {
            return "\(product): no template (tried \(triedNames)); the message part holds only the keys"
        }
        switch reason {
        case .buyerLanguage:
            return "\(product): \(key.path) (buyer language \(key.language))"
        case .channelLanguage:
            let why = buyerLanguage.map { "none for buyer language \($0)" } ?? "buyer language unknown"
            return "\(product): \(key.path) (fallback to channel language \(key.language); \(why))"
        case .noTemplate:
            return "\(product): \(key.path)"
        }
    }
}
