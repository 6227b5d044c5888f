import KeyshipCore
import Testing

@Suite struct TemplateLibraryTests {
    typealias F = RenderFixture

    static let german = MessageTemplate(subject: "Ihre Schlüssel", intro: "Hallo {{buyer_name}}, hier ist Ihr Schlüssel:")
    static let english = MessageTemplate(subject: "Your keys", intro: "Hello {{buyer_name}}, here is your key:")

    @Test func germanBuyerGetsGermanTemplate() throws {
        let renderer = F.renderer([
            F.template(product: "office", channel: "europe", language: "de"): Self.german,
            F.template(product: "office", channel: "europe", language: "en"): Self.english,
        ])

        let message = try renderer.render(
            orderID: "E-1", buyer: F.buyer(locale: "de_DE", name: "Jonas"), channel: F.europe,
            parts: [ProductKeys(product: F.windows.renamed("office"), keys: [F.key("k1", "K-1")])])

        #expect(message.body == "Hallo Jonas, hier ist Ihr Schlüssel:\n\nK-1")
        #expect(message.subject == "Ihre Schlüssel")
        #expect(message.language == "de")
        #expect(message.choices.map(\.description) == ["office: templates/office/europe.de.yaml (buyer language de)"])
    }

    @Test func missingGermanTemplateFallsBack() throws {
        let renderer = F.renderer([F.template(product: "office", channel: "europe", language: "en"): Self.english])

        let message = try renderer.render(
            orderID: "E-1", buyer: F.buyer(locale: "de-DE", name: "Jonas"), channel: F.europe,
            parts: [ProductKeys(product: F.windows.renamed("office"), keys: [F.key("k1", "K-1")])])

        #expect(message.body == "Hello Jonas, here is your key:\n\nK-1")
        #expect(message.language == "en")
        let choice = try #require(message.choices.first)
        #expect(choice.reason == .channelLanguage)
        #expect(choice.tried.map(\.path) == ["templates/office/europe.de.yaml", "templates/office/default.de.yaml"])
        #expect(choice.description
            == "office: templates/office/europe.en.yaml (fallback to channel language en; none for buyer language de)")
    }

    struct ChainCase: CustomTestStringConvertible, Sendable {
        var name: String
        var available: [String]
        var buyerLanguage: String?
        var chosen: String?
        var reason: TemplateChoice.Reason

        var testDescription: String { name }
    }

    static let chain: [ChainCase] = [
        ChainCase(
            name: "channel template in buyer language first", available: ["europe.de", "default.de", "europe.en"],
            buyerLanguage: "de", chosen: "europe.de", reason: .buyerLanguage),
        ChainCase(
            name: "default template in buyer language next", available: ["default.de", "europe.en"],
            buyerLanguage: "de", chosen: "default.de", reason: .buyerLanguage),
        ChainCase(
            name: "channel language after buyer language", available: ["europe.en", "default.en"],
            buyerLanguage: "de", chosen: "europe.en", reason: .channelLanguage),
        ChainCase(
            name: "default template in channel language last", available: ["default.en", "tienda.de"],
            buyerLanguage: "de", chosen: "default.en", reason: .channelLanguage),
        ChainCase(
            name: "unknown locale goes to channel language", available: ["europe.de", "europe.en"],
            buyerLanguage: nil, chosen: "europe.en", reason: .channelLanguage),
        ChainCase(
            name: "buyer language equal to channel language", available: ["europe.en"],
            buyerLanguage: "EN", chosen: "europe.en", reason: .buyerLanguage),
        ChainCase(
            name: "no other language is guessed", available: ["europe.es", "default.fr"],
            buyerLanguage: "de", chosen: nil, reason: .noTemplate),
    ]

    @Test(arguments: chain)
    func fallbackChain(_ testCase: ChainCase) {
        var templates: [TemplateKey: MessageTemplate] = [:]
        for name in testCase.available {
            let parts = name.split(separator: ".").map(String.init)
            templates[TemplateKey(product: "office", channel: parts[0], language: parts[1])] = MessageTemplate()
        }

        let choice = TemplateLibrary(templates).choose(
            product: "office", channel: "europe", buyerLanguage: testCase.buyerLanguage, channelLanguage: "en")

        #expect(choice.key.map { "\($0.channel).\($0.language)" } == testCase.chosen)
        #expect(choice.reason == testCase.reason)
    }

    @Test func languageCodesCompareLowerCased() {
        let library = TemplateLibrary([TemplateKey(product: "office", channel: "europe", language: "DE"): Self.german])

        #expect(library[TemplateKey(product: "office", channel: "europe", language: "de")] == Self.german)
        #expect(library.choose(product: "office", channel: "europe", buyerLanguage: "de", channelLanguage: "EN").key?.path
            == "templates/office/europe.de.yaml")
    }
}
