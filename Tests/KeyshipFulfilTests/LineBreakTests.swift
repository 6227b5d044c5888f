import Foundation
import KeyshipCore
import KeyshipFulfil
import KeyshipTestSupport
import Testing

@Suite struct LineBreakTests {
    /// One template written three ways: YAML literal blocks, the same file saved with Windows
    /// line ends, and double-quoted YAML with `\n` escapes that YAML turns into line breaks.
    struct TemplateCase: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var testDescription: String { name }
    }

    static let literalBlocks = """
        subject: "Tus claves del pedido {{order_id}}"
        intro: |
          Hola {{buyer_name}},

          gracias por tu compra.
          Aquí tienes tus {{quantity}} claves de {{product_name}}:
        closing: |
          Un saludo,
          {{seller_name}}

        """

    static let cases = [
        TemplateCase(name: "literal blocks", yaml: literalBlocks),
        TemplateCase(name: "Windows line ends", yaml: literalBlocks.replacingOccurrences(of: "\n", with: "\r\n")),
        TemplateCase(name: "double-quoted escapes", yaml: #"""
            subject: "Tus claves del pedido {{order_id}}"
            intro: "Hola {{buyer_name}},\n\ngracias por tu compra.\nAquí tienes tus {{quantity}} claves de {{product_name}}:\n"
            closing: "Un saludo,\n{{seller_name}}\n"

            """#),
    ]

    /// Each key on its own line, the intro's and closing's lines intact, no escape sequences.
    @Test(arguments: cases)
    func multiLineTemplateKeepsLines(_ template: TemplateCase) async throws {
        let harness = try FulfilHarness { fixture in
            try fixture.addBatch(product: "office", batch: "b1", keys: keys("office", 1...3))
            try fixture.write("templates/office/tienda.es.yaml", template.yaml)
        }
        try harness.fixture.addOrder("T-7", lines: [("OFFICE", 2)])

        let report = try await harness.run()

        #expect(report.orders.map(\.outcome.kind) == [.delivered])
        let messages = try harness.outboxMessages()
        #expect(messages.keys.sorted() == ["T-7.eml"])
        let parsed = try #require(messages["T-7.eml"])
        #expect(parsed.header("Subject") == "Tus claves del pedido T-7")
        #expect(parsed.defects == [])
        let body = FulfilHarness.text(parsed.body)
        #expect(body == """
            Hola Ana Compradora,

            gracias por tu compra.
            Aquí tienes tus 2 claves de Office 2021 Pro:

            KEY-OFFICE-1
            KEY-OFFICE-2

            Un saludo,
            Licencias Prueba S.L.
            """)
        #expect(!body.contains("\\n"))
        #expect(!body.contains("\\r"))
        #expect(!body.contains("\r"))

        let raw = String(decoding: try Data(contentsOf: harness.fixture.outbox.appendingPathComponent("T-7.eml")), as: UTF8.self)
        #expect(!raw.contains("\\n"))
        #expect(!raw.contains("\\r"))
    }
}
