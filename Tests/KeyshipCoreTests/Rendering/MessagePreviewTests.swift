import KeyshipCore
import Testing

@Suite struct MessagePreviewTests {
    typealias F = RenderFixture

    @Test func previewUsesFakeOrderAndKeys() throws {
        let renderer = F.renderer([
            F.template(product: "office"): MessageTemplate(
                subject: "Pedido {{order_id}}", intro: "Hola {{buyer_name}}, tus {{quantity}} claves de {{product_name}}:"),
        ])

        let message = try renderer.preview(product: F.office, channel: F.tienda, language: "es", quantity: 3)

        #expect(message.subject == "Pedido SAMPLE-0001")
        #expect(message.body == """
            Hola Cliente de Ejemplo, tus 3 claves de Office 2021 Pro:

            XXXXX-XXXXX-XXXXX-XXXXX-XXXX1
            XXXXX-XXXXX-XXXXX-XXXXX-XXXX2
            XXXXX-XXXXX-XXXXX-XXXXX-XXXX3

            Instala desde office.com/setup.
            """)
        #expect(message.attachments == ["attachments/office.pdf"])
        #expect(message.choices.map(\.description) == ["office: templates/office/tienda.es.yaml (buyer language es)"])
    }

    @Test func previewInAnotherLanguageShowsTheFallback() throws {
        let renderer = F.renderer([F.template(product: "office"): MessageTemplate(intro: "Hola:")])

        let message = try renderer.preview(product: F.office, channel: F.tienda, language: "fr", quantity: 1)

        #expect(message.body.hasPrefix("Hola:\n\nXXXXX-XXXXX-XXXXX-XXXXX-XXXX1"))
        #expect(message.choices.first?.reason == .channelLanguage)
    }

    @Test(arguments: [(1, "XXXXX-XXXXX-XXXXX-XXXXX-XXXX1"), (42, "XXXXX-XXXXX-XXXXX-XXXXX-XXX42"), (123456, "XXXXX-XXXXX-XXXXX-XXXXX-123456")])
    func sampleKeysAreNumbered(index: Int, expected: String) {
        #expect(MessageRenderer.sampleKey(index) == expected)
    }

    @Test func previewReportsTemplateErrors() {
        let renderer = F.renderer([F.template(product: "office"): MessageTemplate(closing: "{{firma}}")])

        #expect(throws: RenderError.template(TemplateProblem(
            template: F.template(product: "office"), field: .closing, line: 1, column: 1, kind: .unknownPlaceholder("firma")))) {
            try renderer.preview(product: F.office, channel: F.tienda, language: "es")
        }
    }
}
