import KeyshipCore
import Testing

@Suite struct StoreConfigSchemaTests {
    static let designExample = """
        seller: {name: "Licencias Ejemplo S.L.", tax_id: "B00000000", email: "ventas@example.com"}
        language: es                       # operator language
        recipients: [\(sampleRecipient)]
        warehouses: [{code: MAD, name: Madrid}, {code: BCN, name: Barcelona}]
        channels:
          - {name: tienda, kind: files, warehouse: MAD, language: es,
             inbox: /var/lib/keyship/inbox, outbox: /var/lib/keyship/outbox}
          - {name: pccomponentes, kind: mirakl, warehouse: MAD, language: es,
             base_url: "https://example.mirakl.net", api_key_env: KEYSHIP_PCC_API_KEY}
        alerts: {email: [ops@example.com], expiring_within_days: 30,
                 smtp: {host: smtp.example.com, port: 587, starttls: true,
                        user_env: KEYSHIP_SMTP_USER, password_env: KEYSHIP_SMTP_PASSWORD}}

        """

    private func decode(_ text: String) throws -> SchemaResult<StoreConfig> {
        StoreConfigSchema.decode(try parseYAML(text, path: "keyship.yaml"))
    }

    @Test func designExampleDecodes() throws {
        let result = try decode(Self.designExample)
        #expect(result.diagnostics.messages() == [])
        let expected = StoreConfig(
            seller: Seller(name: "Licencias Ejemplo S.L.", taxID: "B00000000", email: "ventas@example.com"),
            language: .es,
            timeZone: "Europe/Madrid",
            recipients: [sampleRecipient],
            warehouses: [Warehouse(code: "MAD", name: "Madrid"), Warehouse(code: "BCN", name: "Barcelona")],
            channels: [
                ChannelConfig(
                    name: "tienda", warehouse: "MAD", language: "es",
                    settings: .files(FilesChannelSettings(inbox: "/var/lib/keyship/inbox", outbox: "/var/lib/keyship/outbox"))),
                ChannelConfig(
                    name: "pccomponentes", warehouse: "MAD", language: "es",
                    settings: .mirakl(MiraklChannelSettings(
                        baseURL: "https://example.mirakl.net", apiKeyEnv: "KEYSHIP_PCC_API_KEY"))),
            ],
            alerts: AlertSettings(
                email: ["ops@example.com"], expiringWithinDays: 30,
                smtp: SMTPSettings(
                    host: "smtp.example.com", port: 587, security: .starttls,
                    userEnv: "KEYSHIP_SMTP_USER", passwordEnv: "KEYSHIP_SMTP_PASSWORD")),
            invoices: nil,
            bot: .defaultBot)
        #expect(result.value == expected)
    }

    @Test func everyOptionalFieldDecodes() throws {
        let text = """
            seller: {name: Ejemplo}
            language: en
            timezone: Atlantic/Canary
            recipients: [\(sampleRecipient)]
            warehouses: [{code: MAD, name: Madrid}]
            channels: []
            invoices: {folder: /srv/invoices, wait_days: 7}
            bot: {name: keyship bot, email: bot@example.com}

            """
        let result = try decode(text)
        #expect(result.diagnostics.messages() == [])
        let config = try #require(result.value)
        #expect(config.language == .en)
        #expect(config.timeZone == "Atlantic/Canary")
        #expect(config.seller == Seller(name: "Ejemplo"))
        #expect(config.channels == [])
        #expect(config.alerts == nil)
        #expect(config.invoices == InvoiceSettings(folder: "/srv/invoices", waitDays: 7))
        #expect(config.bot == CommitIdentity(name: "keyship bot", email: "bot@example.com"))
    }

    @Test func defaultsApplyWhenAbsent() throws {
        let text = """
            seller: {name: Ejemplo}
            recipients: [\(sampleRecipient)]
            warehouses: [{code: MAD, name: Madrid}]
            channels: []
            invoices: {folder: invoices}

            """
        let config = try #require(try decode(text).value)
        #expect(config.language == .es)
        #expect(config.timeZone == "Europe/Madrid")
        #expect(config.bot == .defaultBot)
        #expect(config.invoices?.waitDays == 14)
    }

    static let mistakes: [SchemaCase] = [
        SchemaCase(
            description: "empty file",
            yaml: "",
            messages: [
                "keyship.yaml:1:1: the file must be a mapping of fields (`field: value`), but it is empty.",
            ]),
        SchemaCase(
            description: "required fields missing",
            yaml: "language: es\n",
            messages: [
                "keyship.yaml:1:1: missing required field `seller`. Add it.",
                "keyship.yaml:1:1: missing required field `recipients`. Add it.",
                "keyship.yaml:1:1: missing required field `warehouses`. Add it.",
                "keyship.yaml:1:1: missing required field `channels`. Add it.",
            ]),
        SchemaCase(
            description: "unknown fields with and without suggestion",
            yaml: """
                seller: {nmae: Ejemplo}
                recipients: [\(sampleRecipient)]
                warehouses: [{code: MAD, name: Madrid}]
                channels: []
                wharehouse: MAD
                colour: blue

                """,
            messages: [
                "keyship.yaml:1:9: missing required field `seller.name`. Add it.",
                "keyship.yaml:1:10: unknown field `seller.nmae`. Did you mean `name`?",
                "keyship.yaml:5:1: unknown field `wharehouse`. Did you mean `warehouses`?",
                "keyship.yaml:6:1: unknown field `colour`. Remove it or use one of: seller, language, timezone, "
                    + "recipients, warehouses, channels, alerts, invoices, bot.",
            ]),
        SchemaCase(
            description: "wrong types",
            yaml: """
                seller: Ejemplo
                language: [es]
                recipients: \(sampleRecipient)
                warehouses: {code: MAD}
                channels: []

                """,
            messages: [
                "keyship.yaml:1:9: `seller` must be a mapping of fields (`field: value`), but it is \"Ejemplo\".",
                "keyship.yaml:2:11: `language` must be text, but it is a list.",
                "keyship.yaml:3:13: `recipients` must be a list, but it is "
                    + "\"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac…\".",
                "keyship.yaml:4:13: `warehouses` must be a list, but it is a mapping.",
            ]),
        SchemaCase(
            description: "invalid values",
            yaml: """
                seller: {name: Ejemplo, email: ventas}
                language: fr
                timezone: Madrid
                recipients: [age1ABC, ssh-ed25519 AAAA]
                warehouses: []
                channels: []

                """,
            messages: [
                "keyship.yaml:1:32: `seller.email` is not a valid e-mail address: \"ventas\".",
                "keyship.yaml:2:11: `language` has the invalid value \"fr\". Allowed values: es, en.",
                "keyship.yaml:3:11: `timezone` is not an IANA time zone name: \"Madrid\". Use one such as "
                    + "`Europe/Madrid` or `UTC`.",
                "keyship.yaml:4:14: `recipients[1]` is not a valid age recipient: \"age1ABC\". It must start with "
                    + "`age1` followed by lower-case Bech32 letters and digits; copy it from the output of `age-keygen`.",
                "keyship.yaml:4:23: `recipients[2]` is not a valid age recipient: \"ssh-ed25519 AAAA\". It must start "
                    + "with `age1` followed by lower-case Bech32 letters and digits; copy it from the output of "
                    + "`age-keygen`.",
                "keyship.yaml:5:13: `warehouses` needs at least one entry.",
            ]),
        SchemaCase(
            description: "empty recipients and duplicate warehouse",
            yaml: """
                seller: {name: Ejemplo}
                recipients: []
                warehouses:
                  - {code: MAD, name: Madrid}
                  - {code: MAD, name: Móstoles}
                channels: []

                """,
            messages: [
                "keyship.yaml:2:13: `recipients` needs at least one entry.",
                "keyship.yaml:5:12: `warehouses[2].code` repeats the value \"MAD\", already used on line 4. Each "
                    + "value must be unique.",
            ]),
        SchemaCase(
            description: "invoices and bot",
            yaml: """
                seller: {name: Ejemplo}
                recipients: [\(sampleRecipient)]
                warehouses: [{code: MAD, name: Madrid}]
                channels: []
                invoices: {folder: "", wait_days: -1}
                bot: {name: keyship}

                """,
            messages: [
                "keyship.yaml:5:20: `invoices.folder` is empty. Write a value.",
                "keyship.yaml:5:35: `invoices.wait_days` must be 0 or more, but it is -1.",
                "keyship.yaml:6:6: missing required field `bot.email`. Add it.",
            ]),
        SchemaCase(
            description: "null required value",
            yaml: """
                seller:
                recipients: [\(sampleRecipient)]
                warehouses: [{code: MAD, name: Madrid}]
                channels: []

                """,
            messages: ["keyship.yaml:1:1: missing required field `seller`. Add it."]),
    ]

    @Test(arguments: mistakes)
    func mistakesAreReported(testCase: SchemaCase) throws {
        let result = try decode(testCase.yaml)
        #expect(result.diagnostics.messages() == testCase.messages)
        #expect(result.value == nil)
    }

    @Test func messagesInSpanish() throws {
        let text = """
            seller: {nmae: Ejemplo}
            language: fr
            recipients: []
            warehouses: {code: MAD}
            channels: []

            """
        #expect(try decode(text).diagnostics.messages(.es) == [
            "keyship.yaml:1:9: falta el campo obligatorio `seller.name`. Añádelo.",
            "keyship.yaml:1:10: campo desconocido `seller.nmae`. ¿Querías decir `name`?",
            "keyship.yaml:2:11: `language` tiene el valor no válido \"fr\". Valores admitidos: es, en.",
            "keyship.yaml:3:13: `recipients` necesita al menos un elemento.",
            "keyship.yaml:4:13: `warehouses` debe ser una lista, pero es un mapa de campos.",
        ])
    }
}
