import KeyshipCore

/// Products, channels and templates for renderer tests.
enum RenderFixture {
    static let seller = Seller(name: "Licencias Ejemplo S.L.")

    static let tienda = ChannelConfig(
        name: "tienda", warehouse: "MAD", language: "es",
        settings: .files(FilesChannelSettings(inbox: "/srv/inbox", outbox: "/srv/outbox")))
    /// A channel whose default language is English, for language fallbacks.
    static let europe = ChannelConfig(
        name: "europe", warehouse: "MAD", language: "en",
        settings: .files(FilesChannelSettings(inbox: "/srv/inbox-eu", outbox: "/srv/outbox-eu")))

    static let office = Product(
        id: "office", name: "Office 2021 Pro", digitalLicense: true,
        instructions: Instructions(text: "Instala desde office.com/setup.", attachment: "attachments/office.pdf"))
    static let windows = Product(id: "windows", name: "Windows 11 Pro", digitalLicense: true)
    static let antivirus = Product(
        id: "antivirus", name: "Antivirus Plus", digitalLicense: true,
        instructions: Instructions(attachment: "attachments/antivirus.pdf"))
    static let vpn = Product(id: "vpn", name: "VPN Anual", digitalLicense: true)

    static func key(_ id: String, _ value: String, attachment: String? = nil) -> PlainKey {
        PlainKey(id: id, value: value, attachment: attachment)
    }

    static func buyer(locale: String? = "es_ES", name: String? = "Ana") -> Buyer {
        Buyer(locale: locale, name: name, email: "ana@example.com")
    }

    static func template(product: String, channel: String = "tienda", language: String = "es") -> TemplateKey {
        TemplateKey(product: product, channel: channel, language: language)
    }

    static func renderer(_ templates: [TemplateKey: MessageTemplate]) -> MessageRenderer {
        MessageRenderer(templates: TemplateLibrary(templates), seller: seller)
    }
}
