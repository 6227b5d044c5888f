import KeyshipCore
import Testing

@Suite struct TemplateValidationTests {
    typealias F = RenderFixture

    static let key = TemplateKey(product: "office", channel: "tienda", language: "es")

    @Test func validTemplateHasNoProblem() {
        let template = MessageTemplate(
            subject: "Pedido {{order_id}}", intro: "Hola {{ buyer_name | cliente }}:\n{{product_name}} x{{quantity}}",
            closing: "{{seller_name}} ({{channel}}) {single} }} braces")

        #expect(TemplateValidation.problems(in: template, key: Self.key).isEmpty)
    }

    @Test func everyProblemIsFoundWithItsPosition() {
        let template = MessageTemplate(
            subject: "{{order}}",
            intro: "Hola {{buyer_name}\nsigue {{}} y {{product_name}}",
            closing: "Un saludo,\\nel equipo {{ sellername }}")

        let problems = TemplateValidation.problems(in: template, key: Self.key)

        #expect(problems == [
            TemplateProblem(template: Self.key, field: .subject, line: 1, column: 1, kind: .unknownPlaceholder("order")),
            TemplateProblem(template: Self.key, field: .intro, line: 1, column: 6, kind: .unclosedPlaceholder),
            TemplateProblem(template: Self.key, field: .intro, line: 2, column: 7, kind: .unknownPlaceholder("")),
            TemplateProblem(template: Self.key, field: .closing, line: 1, column: 11, kind: .literalEscape("\\n")),
            TemplateProblem(template: Self.key, field: .closing, line: 1, column: 23, kind: .unknownPlaceholder("sellername")),
        ])
        #expect(problems.map(\.severity) == [.error, .error, .error, .warning, .error])
    }

    @Test func diagnosticsCarryTheTemplatePath() throws {
        let library = TemplateLibrary([
            Self.key: MessageTemplate(intro: "{{ unclosed"),
            TemplateKey(product: "antivirus", channel: "default", language: "en"): MessageTemplate(closing: "Bye\\t{{x}}"),
        ])

        let diagnostics = library.problems().map(\.diagnostic)

        #expect(diagnostics.map { $0.formatted(in: .en) } == [
            "templates/antivirus/default.en.yaml: warning: closing, line 1, column 4: the text contains the characters \\t, "
                + "which the buyer will see as written; for a line break write the text as a YAML block scalar (`|`)",
            "templates/antivirus/default.en.yaml: closing, line 1, column 6: unknown placeholder {{x}}; use one of "
                + "{{order_id}}, {{product_name}}, {{quantity}}, {{seller_name}}, {{buyer_name}}, {{channel}}",
            "templates/office/tienda.es.yaml: intro, line 1, column 1: {{ is not closed by }} on the same line",
        ])
        #expect(diagnostics.last?.formatted(in: .es)
            == "templates/office/tienda.es.yaml: intro, línea 1, columna 1: falta el cierre }} del marcador abierto con {{ en la misma línea")
    }

    @Test func doubledBackslashIsNotAnEscape() {
        let template = MessageTemplate(intro: "Ruta C:\\\\nuevo")

        #expect(TemplateValidation.problems(in: template, key: Self.key).isEmpty)
    }

    @Test func literalEscapeIsOnlyAWarningWhenRendering() throws {
        let renderer = F.renderer([Self.key: MessageTemplate(intro: "Ruta C:\\nuevo")])

        let message = try renderer.render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda,
            parts: [ProductKeys(product: F.windows.renamed("office"), keys: [F.key("k1", "K-1")])])

        #expect(message.body == "Ruta C:\\nuevo\n\nK-1")
    }
}
