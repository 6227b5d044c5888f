import KeyshipCore
import Testing

@Suite struct MessageRendererTests {
    typealias F = RenderFixture

    @Test func fourProductsJoinedByDashLine() throws {
        let renderer = F.renderer([
            F.template(product: "office"): MessageTemplate(intro: "Tu clave de {{product_name}}:", closing: "Gracias."),
            F.template(product: "vpn", channel: TemplateKey.anyChannel): MessageTemplate(intro: "VPN x{{quantity}}:"),
        ])
        let parts = [
            ProductKeys(product: F.office, keys: [F.key("o1", "OFFICE-AAAA")]),
            ProductKeys(product: F.windows, keys: [F.key("w1", "WIN-BBBB")]),
            ProductKeys(product: F.antivirus, keys: [F.key("a1", "AV-CCCC")]),
            ProductKeys(product: F.vpn, keys: [F.key("v1", "VPN-DDDD")]),
        ]

        let message = try renderer.render(orderID: "T-2", buyer: F.buyer(), channel: F.tienda, parts: parts)

        #expect(message.body == """
            Tu clave de Office 2021 Pro:

            OFFICE-AAAA

            Instala desde office.com/setup.

            Gracias.
            -----
            WIN-BBBB
            -----
            AV-CCCC
            -----
            VPN x1:

            VPN-DDDD
            """)
        #expect(message.choices.map(\.key?.path) == [
            "templates/office/tienda.es.yaml", nil, nil, "templates/vpn/default.es.yaml",
        ])
        #expect(message.attachments == ["attachments/office.pdf", "attachments/antivirus.pdf"])
    }

    @Test func multiLineTemplateKeepsRealLineBreaks() throws {
        let renderer = F.renderer([
            F.template(product: "office"): MessageTemplate(
                intro: "Hola {{buyer_name}},\ngracias por tu pedido {{order_id}}.\nAquí tienes tus claves:\n",
                closing: "Un saludo,\r\n{{seller_name}}\r\n"),
        ])
        let product = Product(id: "office", name: "Office", digitalLicense: true)
        let keys = [F.key("k1", "AAAAA-BBBBB-CCCCC"), F.key("k2", "DDDDD-EEEEE-FFFFF")]

        let message = try renderer.render(
            orderID: "T-7", buyer: F.buyer(), channel: F.tienda, parts: [ProductKeys(product: product, keys: keys)])

        #expect(message.body == "Hola Ana,\ngracias por tu pedido T-7.\nAquí tienes tus claves:\n\n"
            + "AAAAA-BBBBB-CCCCC\nDDDDD-EEEEE-FFFFF\n\nUn saludo,\nLicencias Ejemplo S.L.")
        #expect(!message.body.contains("\\n"))
        #expect(!message.body.contains("\r"))
    }

    @Test func productWithoutTemplateGetsOnlyItsKeys() throws {
        let renderer = F.renderer([:])

        let message = try renderer.render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda,
            parts: [ProductKeys(product: F.office, keys: [F.key("k1", "K-1"), F.key("k2", "K-2")])])

        #expect(message.body == "K-1\nK-2")
        #expect(message.subject == "Tus claves de licencia del pedido T-1")
        #expect(message.language == nil)
        #expect(message.attachments == ["attachments/office.pdf"])
        #expect(message.choices.map(\.description) == [
            "office: no template (tried tienda.es, default.es); the message part holds only the keys",
        ])
    }

    @Test func everyPlaceholderIsFilled() throws {
        let renderer = F.renderer([
            F.template(product: "office"): MessageTemplate(
                subject: "Pedido {{ order_id }} de {{seller_name}}",
                intro: "{{buyer_name}} / {{order_id}} / {{product_name}} / {{quantity}} / {{seller_name}} / {{channel}}"),
        ])

        let message = try renderer.render(
            orderID: "T-9", buyer: F.buyer(), channel: F.tienda,
            parts: [ProductKeys(product: F.office, keys: [F.key("k1", "K-1"), F.key("k2", "K-2")])])

        #expect(message.subject == "Pedido T-9 de Licencias Ejemplo S.L.")
        #expect(message.body.hasPrefix("Ana / T-9 / Office 2021 Pro / 2 / Licencias Ejemplo S.L. / tienda\n\nK-1\nK-2"))
    }

    @Test(arguments: [
        (name: nil as String?, expected: "Hola cliente,"),
        (name: "  ", expected: "Hola cliente,"),
        (name: "Luis", expected: "Hola Luis,"),
    ])
    func buyerNameFallsBackWhenMissing(name: String?, expected: String) throws {
        let renderer = F.renderer([
            F.template(product: "office"): MessageTemplate(intro: "Hola {{buyer_name | cliente}},"),
        ])

        let message = try renderer.render(
            orderID: "T-1", buyer: F.buyer(name: name), channel: F.tienda,
            parts: [ProductKeys(product: F.windows.renamed("office"), keys: [F.key("k1", "K-1")])])

        #expect(message.body == "\(expected)\n\nK-1")
    }

    @Test func valuesAreNotExpandedAgain() throws {
        let renderer = F.renderer([F.template(product: "office"): MessageTemplate(intro: "Hola {{buyer_name}}")])

        let message = try renderer.render(
            orderID: "T-1", buyer: F.buyer(name: "{{order_id}}"), channel: F.tienda,
            parts: [ProductKeys(product: F.windows.renamed("office"), keys: [F.key("k1", "K-1")])])

        #expect(message.body == "Hola {{order_id}}\n\nK-1")
    }

    @Test func unknownPlaceholderNamesTemplatePath() {
        let renderer = F.renderer([
            F.template(product: "office"): MessageTemplate(intro: "Hola,\nrecibe {{ nombre }} ya"),
        ])

        #expect {
            try renderer.render(
                orderID: "T-1", buyer: F.buyer(), channel: F.tienda,
                parts: [ProductKeys(product: F.office, keys: [F.key("k1", "K-1")])])
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error == .template(TemplateProblem(
                template: F.template(product: "office"), field: .intro, line: 2, column: 8,
                kind: .unknownPlaceholder("nombre")))
                && error.text(in: .en) == "templates/office/tienda.es.yaml: intro, line 2, column 8: unknown placeholder "
                    + "{{nombre}}; use one of {{order_id}}, {{product_name}}, {{quantity}}, {{seller_name}}, "
                    + "{{buyer_name}}, {{channel}}"
                && error.text(in: .es) == "templates/office/tienda.es.yaml: intro, línea 2, columna 8: marcador "
                    + "desconocido {{nombre}}; usa uno de estos: {{order_id}}, {{product_name}}, {{quantity}}, "
                    + "{{seller_name}}, {{buyer_name}}, {{channel}}"
        }
    }

    @Test func subjectIsOneLine() throws {
        let renderer = F.renderer([
            F.template(product: "office"): MessageTemplate(subject: "Pedido {{order_id}}\nBcc: x@example.com"),
        ])

        let message = try renderer.render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda,
            parts: [ProductKeys(product: F.office, keys: [F.key("k1", "K-1")])])

        #expect(message.subject == "Pedido T-1 Bcc: x@example.com")
    }

    @Test func attachmentsAreDeduplicatedInMessageOrder() throws {
        let parts = [
            ProductKeys(product: F.office, keys: [
                F.key("k1", "K-1", attachment: "attachments/cert-1.pdf"),
                F.key("k2", "K-2", attachment: "attachments/office.pdf"),
                F.key("k3", "K-3", attachment: "attachments/cert-1.pdf"),
            ]),
            ProductKeys(product: F.antivirus, keys: [F.key("a1", "A-1", attachment: "attachments/cert-0.pdf")]),
        ]

        let message = try F.renderer([:]).render(orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: parts)

        #expect(message.attachments == [
            "attachments/office.pdf", "attachments/cert-1.pdf", "attachments/antivirus.pdf", "attachments/cert-0.pdf",
        ])
    }

    @Test func tooManyAttachmentsIsAnError() {
        let keys = (1...6).map { F.key("k\($0)", "K-\($0)", attachment: "attachments/k\($0).pdf") }

        #expect(throws: RenderError.tooManyAttachments(order: "tienda/T-1", count: 7, limit: 5)) {
            try F.renderer([:]).render(
                orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: [ProductKeys(product: F.office, keys: keys)],
                limits: .amazonDigitalAccessKey)
        }
    }

    @Test func productWithoutKeysIsLeftOut() throws {
        let parts = [ProductKeys(product: F.vpn, keys: []), ProductKeys(product: F.windows, keys: [F.key("w1", "W-1")])]

        let message = try F.renderer([:]).render(orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: parts)

        #expect(message.body == "W-1")
        #expect(message.choices.map(\.product) == ["windows"])
    }

    @Test func messageWithoutKeysIsAnError() {
        #expect(throws: RenderError.noKeys(order: "tienda/T-1")) {
            try F.renderer([:]).render(
                orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: [ProductKeys(product: F.office, keys: [])])
        }
    }

    @Test func printingHidesPlaintextKeys() throws {
        let key = F.key("k1", "SECRET-KEY-1")
        let message = try F.renderer([:]).render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: [ProductKeys(product: F.vpn, keys: [key])])

        #expect(message.body == "SECRET-KEY-1")
        #expect(!String(describing: message).contains("SECRET"))
        #expect(!String(reflecting: message).contains("SECRET"))
        #expect(String(describing: key) == "PlainKey(id: k1, value: <redacted>)")
        #expect(!String(describing: [ProductKeys(product: F.vpn, keys: [key])]).contains("SECRET"))
    }

    @Test func buyerMessageLoadsAttachments() throws {
        let message = RenderedMessage(
            subject: "S", body: "K-1", attachments: ["attachments/guide.PDF", "attachments/data.bin"],
            textAttachment: TextAttachment(fileName: "instrucciones.txt", text: "Hola\n"), language: "es", choices: [])

        let buyerMessage = message.buyerMessage { path in Array(path.utf8.prefix(3)) }

        #expect(buyerMessage.attachments == [
            MessageAttachment(fileName: "guide.PDF", contentType: "application/pdf", data: Array("att".utf8)),
            MessageAttachment(fileName: "data.bin", contentType: "application/octet-stream", data: Array("att".utf8)),
            MessageAttachment(fileName: "instrucciones.txt", contentType: "text/plain; charset=utf-8", data: Array("Hola\n".utf8)),
        ])
        #expect(buyerMessage.body == "K-1")
        #expect(buyerMessage.language == "es")
    }

    @Test func partsGroupRecordLinesByProduct() throws {
        let soldAt = Timestamp(iso: "2026-12-04T10:00:00Z")!
        func sold(_ id: String, attachment: String? = nil) -> SoldKey {
            SoldKey(
                row: KeyRow(
                    id: id, createdAt: soldAt, company: "Ejemplo", warehouse: "MAD", attachment: attachment, cell: "Y2VsbA=="),
                batch: "keys/x/a.csv", soldAt: soldAt)
        }
        let record = LedgerRecord(
            channel: "tienda", orderID: "T-1", orderCreatedAt: soldAt, run: "r", reservedAt: soldAt,
            lines: [
                LedgerLine(lineID: "1", sku: "OFF", product: "office", quantity: 1, keys: [sold("o1")]),
                LedgerLine(lineID: "2", sku: "GONE", product: "retired", quantity: 1, keys: [sold("r1")]),
                LedgerLine(lineID: "3", sku: "OFF", product: "office", quantity: 1, keys: [sold("o2", attachment: "attachments/o2.pdf")]),
            ])

        let parts = ProductKeys.parts(of: record, catalog: Catalog(products: [F.office])) { "plain-\($0.row.id)" }

        #expect(parts.map(\.product.id) == ["office", "retired"])
        #expect(parts.map(\.product.name) == ["Office 2021 Pro", "retired"])
        #expect(parts.map { $0.keys.map(\.value) } == [["plain-o1", "plain-o2"], ["plain-r1"]])
        #expect(parts[0].keys.map(\.attachment) == [nil, "attachments/o2.pdf"])
    }
}

extension Product {
    /// The same product under another id, without instructions.
    func renamed(_ id: String) -> Product {
        Product(id: id, name: name, digitalLicense: digitalLicense)
    }
}
