import KeyshipCore
import Testing

@Suite struct MessageLimitTests {
    typealias F = RenderFixture

    static let longIntro = String(repeating: "Gracias por confiar en nosotros. ", count: 12)
    static let renderer = F.renderer([
        F.template(product: "office"): MessageTemplate(intro: longIntro, closing: "Un saludo, {{seller_name}}"),
    ])

    static func keys(_ count: Int, length: Int = 29) -> [PlainKey] {
        (1...count).map { index in
            let digits = String(index)
            return F.key("k\(index)", String(repeating: "A", count: length - digits.count) + digits)
        }
    }

    @Test func fittingMessageIsLeftAsIs() throws {
        let short = F.renderer([F.template(product: "office"): MessageTemplate(intro: "Hola:")])

        let message = try short.render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda,
            parts: [ProductKeys(product: F.windows.renamed("office"), keys: Self.keys(2))], limits: .amazonDigitalAccessKey)

        #expect(message.textAttachment == nil)
        #expect(message.body == "Hola:\n\n" + Self.keys(2).map(\.value).joined(separator: "\n"))
    }

    @Test func longTextMovesToAttachmentAndKeysStay() throws {
        let keys = Self.keys(3)

        let message = try Self.renderer.render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: [ProductKeys(product: F.office, keys: keys)],
            limits: .amazonDigitalAccessKey)

        let keyLines = keys.map(\.value).joined(separator: "\n")
        #expect(message.body == "Las instrucciones están en el archivo adjunto instrucciones.txt.\n\n" + keyLines)
        #expect(message.body.utf16.count <= 400)
        #expect(message.textAttachment == TextAttachment(
            fileName: "instrucciones.txt",
            text: Self.longIntro.trimmingTrailingSpace() + "\n\nInstala desde office.com/setup.\n\nUn saludo, Licencias Ejemplo S.L.\n"))
        #expect(message.attachments == ["attachments/office.pdf"])
    }

    @Test func pointerLineIsDroppedWhenOnlyKeysFit() throws {
        // 13 keys of 29 characters and 12 line breaks: 389 characters, no room for the pointer line.
        let keys = Self.keys(13)

        let message = try Self.renderer.render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: [ProductKeys(product: F.office, keys: keys)],
            limits: .amazonDigitalAccessKey)

        #expect(message.body == keys.map(\.value).joined(separator: "\n"))
        #expect(message.body.utf16.count == 389)
        #expect(message.textAttachment?.fileName == "instrucciones.txt")
    }

    @Test func oversizedKeysFailNeverCut() {
        let keys = Self.keys(14)

        #expect {
            try Self.renderer.render(
                orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: [ProductKeys(product: F.office, keys: keys)],
                limits: .amazonDigitalAccessKey)
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error == .keysExceedLimit(order: "tienda/T-1", length: 419, limit: 400)
                && error.text(in: .en) == "Order tienda/T-1: its keys take 419 characters, more than the channel's limit "
                    + "of 400, and a key is never cut. Send this order's keys by hand through the marketplace."
                && error.text(in: .es) == "Pedido tienda/T-1: sus claves ocupan 419 caracteres, más que el límite de 400 "
                    + "del canal, y una clave nunca se corta. Envía las claves de este pedido a mano desde el marketplace."
        }
    }

    @Test func lengthCountsUTF16Units() throws {
        // "🔑" is one character but two UTF-16 units, so 200 of them exceed 399 units.
        let emojiRenderer = F.renderer([
            F.template(product: "office"): MessageTemplate(intro: String(repeating: "🔑", count: 200)),
        ])

        let message = try emojiRenderer.render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda,
            parts: [ProductKeys(product: F.windows.renamed("office"), keys: [F.key("k1", "K-1")])],
            limits: MessageLimits(maxCharacters: 399))

        #expect(message.body == "Las instrucciones están en el archivo adjunto instrucciones.txt.\n\nK-1")
    }

    @Test func separatorSurvivesLengthLimit() throws {
        let renderer = F.renderer([
            F.template(product: "office"): MessageTemplate(intro: Self.longIntro),
            F.template(product: "vpn"): MessageTemplate(closing: "Disfruta de la VPN."),
        ])
        let parts = [
            ProductKeys(product: F.windows.renamed("office"), keys: [F.key("o1", "O-1")]),
            ProductKeys(product: F.vpn, keys: [F.key("v1", "V-1")]),
        ]

        let message = try renderer.render(
            orderID: "T-1", buyer: F.buyer(), channel: F.tienda, parts: parts, limits: .amazonDigitalAccessKey)

        #expect(message.body == "Las instrucciones están en el archivo adjunto instrucciones.txt.\n\nO-1\n-----\nV-1")
        #expect(message.textAttachment?.text == Self.longIntro.trimmingTrailingSpace() + "\n-----\nDisfruta de la VPN.\n")
    }
}

extension String {
    /// Returns the text without trailing spaces, as the renderer leaves template texts.
    func trimmingTrailingSpace() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
