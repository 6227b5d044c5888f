import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct LanguageTests {
    /// Template files present for a German buyer (`de_DE`) on `tienda`, whose language is `es`,
    /// and the one the documented chain picks. The chain tries the channel's template in the
    /// buyer's language, the default template in it, the channel's template in the channel's
    /// language, then the default one in it, and else sends the keys only.
    struct LanguageCase: Sendable, CustomTestStringConvertible {
        var name: String
        var templates: [String]
        /// The template's intro line expected in the body, nil for a keys-only message.
        var intro: String?
        var subject: String
        var language: String?
        var logChoice: String
        var testDescription: String { name }
    }

    static let intros = [
        "tienda.de": "Hallo, hier ist Ihr Schlüssel (tienda.de):",
        "tienda.en": "Hello, here is your key (tienda.en):",
        "tienda.es": "Hola, aquí tienes tu clave (tienda.es):",
        "default.de": "Hallo, hier ist Ihr Schlüssel (default.de):",
        "default.es": "Hola, aquí tienes tu clave (default.es):",
    ]

    static let cases = [
        LanguageCase(
            name: "channel template in German", templates: ["tienda.de", "tienda.en"], intro: intros["tienda.de"],
            subject: "Bestellung T-8 (tienda.de)", language: "de",
            logChoice: "office: templates/office/tienda.de.yaml (buyer language de)"),
        LanguageCase(
            name: "default template in German", templates: ["default.de", "tienda.es"], intro: intros["default.de"],
            subject: "Bestellung T-8 (default.de)", language: "de",
            logChoice: "office: templates/office/default.de.yaml (buyer language de)"),
        LanguageCase(
            name: "channel language fallback", templates: ["tienda.en", "tienda.es"], intro: intros["tienda.es"],
            subject: "Pedido T-8 (tienda.es)", language: "es",
            logChoice: "office: templates/office/tienda.es.yaml (fallback to channel language es; none for buyer language de)"),
        LanguageCase(
            name: "default template fallback", templates: ["tienda.en", "default.es"], intro: intros["default.es"],
            subject: "Pedido T-8 (default.es)", language: "es",
            logChoice: "office: templates/office/default.es.yaml (fallback to channel language es; none for buyer language de)"),
        LanguageCase(
            name: "no template in either language", templates: ["tienda.en"], intro: nil,
            subject: "Tus claves de licencia del pedido T-8", language: nil,
            logChoice: "office: no template (tried tienda.de, default.de, tienda.es, default.es); the message part holds only the keys"),
    ]

    @Test(arguments: cases)
    func germanBuyerGetsChosenTemplate(_ languageCase: LanguageCase) async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...2))
            for name in languageCase.templates {
                let german = name.hasSuffix(".de")
                let subject = (german ? "Bestellung" : name.hasSuffix(".en") ? "Order" : "Pedido") + " {{order_id}} (\(name))"
                try fixture.write("templates/office/\(name).yaml", """
                    subject: "\(subject)"
                    intro: "\(Self.intros[name]!)"

                    """)
            }
        }
        try harness.fixture.addOrder("T-8", locale: "de_DE", lines: [("OFFICE", 1)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        let parsed = try #require(try harness.outboxMessages()["T-8.eml"])
        #expect(parsed.header("Subject") == languageCase.subject)
        let expectedBody = (languageCase.intro.map { $0 + "\n\n" } ?? "") + "KEY-OFFICE-1"
        #expect(FulfilHarness.text(parsed.body) == expectedBody)
        #expect(try harness.record("T-8")?.delivery.language == languageCase.language)
        let choices = harness.logs.records.filter { $0.message == "template chosen" }.map { $0.metadata["choice"] }
        #expect(choices == [languageCase.logChoice])
        #expect(harness.logText.contains("choice=\(languageCase.logChoice)"))
    }
}
