import KeyshipCore
import Testing

@Suite struct MessageTemplateSchemaTests {
    static let path = "templates/office-2021-pro/tienda.es.yaml"

    private func decode(_ text: String) throws -> SchemaResult<MessageTemplate> {
        MessageTemplateSchema.decode(try parseYAML(text, path: Self.path), path: Self.path)
    }

    @Test func fullTemplateKeepsLineBreaks() throws {
        let text = """
            subject: "Sus claves para el pedido {{order_id}}"
            intro: |
              Hola {{buyer_name}}:

              Gracias por su compra.
            closing: "Un saludo,\\n{{seller_name}}"

            """
        let result = try decode(text)
        #expect(result.diagnostics.messages() == [])
        #expect(result.value == MessageTemplate(
            subject: "Sus claves para el pedido {{order_id}}",
            intro: "Hola {{buyer_name}}:\n\nGracias por su compra.\n",
            closing: "Un saludo,\n{{seller_name}}"))
    }

    @Test func oneFieldIsEnough() throws {
        let result = try decode("closing: Gracias.\n")
        #expect(result.value == MessageTemplate(closing: "Gracias."))
    }

    static let mistakes: [SchemaCase] = [
        SchemaCase(
            description: "empty mapping",
            yaml: "{}\n",
            messages: [
                "templates/office-2021-pro/tienda.es.yaml:1:1: the message template has no `subject`, `intro` or "
                    + "`closing`. Write at least one or delete the file.",
            ]),
        SchemaCase(
            description: "unknown field and wrong type",
            yaml: "intro: [a]\nclosng: Adiós\nfooter: x\n",
            messages: [
                "templates/office-2021-pro/tienda.es.yaml:1:8: `intro` must be text, but it is a list.",
                "templates/office-2021-pro/tienda.es.yaml:2:1: unknown field `closng`. Did you mean `closing`?",
                "templates/office-2021-pro/tienda.es.yaml:3:1: unknown field `footer`. Remove it or use one of: "
                    + "subject, intro, closing.",
            ]),
        SchemaCase(
            description: "list instead of mapping",
            yaml: "- intro\n",
            messages: [
                "templates/office-2021-pro/tienda.es.yaml:1:1: the file must be a mapping of fields "
                    + "(`field: value`), but it is a list.",
            ]),
    ]

    @Test(arguments: mistakes)
    func mistakesAreReported(testCase: SchemaCase) throws {
        let result = try decode(testCase.yaml)
        #expect(result.diagnostics.messages() == testCase.messages)
        #expect(result.value == nil)
    }

    @Test(arguments: [
        ("templates/office/tienda.es.yaml", TemplateKey(product: "office", channel: "tienda", language: "es")),
        ("templates/office/default.en.yaml", TemplateKey(product: "office", channel: "default", language: "en")),
        ("templates/office/tienda.spa.yaml", TemplateKey(product: "office", channel: "tienda", language: "spa")),
    ])
    func templatePathsParse(path: String, key: TemplateKey) {
        var diagnostics = DiagnosticList()
        #expect(MessageTemplateSchema.templateKey(forPath: path, diagnostics: &diagnostics) == key)
        #expect(diagnostics.isEmpty)
        #expect(key.path == path)
    }

    @Test(arguments: [
        "templates/office/tienda.yaml", "templates/office/tienda.es.yml", "templates/tienda.es.yaml",
        "templates/office/sub/tienda.es.yaml", "templates/office/.es.yaml", "templates//tienda.es.yaml",
        "templates/office/a.b.es.yaml", "catalog/office/tienda.es.yaml",
    ])
    func malformedTemplatePathsAreReported(path: String) {
        var diagnostics = DiagnosticList()
        #expect(MessageTemplateSchema.templateKey(forPath: path, diagnostics: &diagnostics) == nil)
        #expect(diagnostics.messages() == [
            "\(path): \"\(path)\" does not follow the form templates/<product>/<channel>.<language>.yaml, such as "
                + "templates/office-2021-pro/tienda.es.yaml. Move or rename the file.",
        ])
    }
}
