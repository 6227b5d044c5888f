import KeyshipCore
import Testing

@Suite struct ChannelConfigSchemaTests {
    /// Four lines of valid settings; the channels under test start on line 5.
    static func config(channels: String) -> String {
        """
        seller: {name: Ejemplo}
        recipients: [\(sampleRecipient)]
        warehouses: [{code: MAD, name: Madrid}]
        channels:
        \(channels)

        """
    }

    private func decode(channels: String) throws -> SchemaResult<StoreConfig> {
        StoreConfigSchema.decode(try parseYAML(Self.config(channels: channels), path: "keyship.yaml"))
    }

    @Test func miraklChannelWithEveryField() throws {
        let channels = """
              - name: carrefour
                kind: mirakl
                warehouse: MAD
                language: es
                base_url: https://carrefour-es.mirakl.net:443/api
                api_key_env: KEYSHIP_CARREFOUR_KEY
                shop_id: 2001
                tracking: {carrier_name: Email, carrier_url: "https://example.com/t"}
                lookback_days: 7
                stock_warehouse_code: WH-1
            """
        let result = try decode(channels: channels)
        #expect(result.diagnostics.messages() == [])
        #expect(result.value?.channels == [
            ChannelConfig(
                name: "carrefour", warehouse: "MAD", language: "es",
                settings: .mirakl(MiraklChannelSettings(
                    baseURL: "https://carrefour-es.mirakl.net:443/api", apiKeyEnv: "KEYSHIP_CARREFOUR_KEY",
                    shopID: "2001", tracking: TrackingSettings(carrierName: "Email", carrierURL: "https://example.com/t"),
                    lookbackDays: 7, stockWarehouseCode: "WH-1"))),
        ])
    }

    @Test(arguments: ["http://127.0.0.1:8080", "http://localhost:9000/", "https://[::1]:8443"])
    func loopbackURLsAreAccepted(url: String) throws {
        let channels = """
              - {name: fake, kind: mirakl, warehouse: MAD, language: es, base_url: "\(url)", api_key_env: KEY}
            """
        let result = try decode(channels: channels)
        #expect(result.diagnostics.messages() == [])
        #expect(result.value?.channels.first?.settings == .mirakl(MiraklChannelSettings(baseURL: url, apiKeyEnv: "KEY")))
    }

    static let mistakes: [SchemaCase] = [
        SchemaCase(
            description: "missing common and kind fields",
            yaml: "  - {name: tienda, kind: files}",
            messages: [
                "keyship.yaml:5:5: missing required field `channels[1].warehouse`. Add it.",
                "keyship.yaml:5:5: missing required field `channels[1].language`. Add it.",
                "keyship.yaml:5:5: missing required field `channels[1].inbox`. Add it.",
                "keyship.yaml:5:5: missing required field `channels[1].outbox`. Add it.",
            ]),
        SchemaCase(
            description: "field of another kind",
            yaml: "  - {name: tienda, kind: files, warehouse: MAD, language: es, inbox: i, outbox: o, base_url: x}",
            messages: [
                "keyship.yaml:5:84: unknown field `channels[1].base_url`. Remove it or use one of: name, kind, "
                    + "warehouse, language, inbox, outbox.",
            ]),
        SchemaCase(
            description: "unsupported and invalid kinds",
            yaml: """
                  - {name: amazon-es, kind: amazon, warehouse: MAD}
                  - {name: shop, kind: smtp}
                  - {name: other, kind: ebay, warehouse: MAD, language: es}
                """,
            messages: [
                "keyship.yaml:5:29: `channels[1].kind`: sales channels of kind `amazon` are not supported yet. "
                    + "Use `files` or `mirakl`.",
                "keyship.yaml:6:24: `channels[2].kind`: sales channels of kind `smtp` are not supported yet. "
                    + "Use `files` or `mirakl`.",
                "keyship.yaml:7:25: `channels[3].kind` has the invalid value \"ebay\". Allowed values: files, mirakl.",
            ]),
        SchemaCase(
            description: "bad name, warehouse and language",
            yaml: """
                  - {name: Tienda Web, kind: files, warehouse: BCN, language: spa, inbox: i, outbox: o}
                  - {name: default, kind: files, warehouse: MAD, language: es, inbox: i, outbox: o}
                  - {name: fingerprints, kind: files, warehouse: MAD, language: es, inbox: i, outbox: o}
                """,
            messages: [
                "keyship.yaml:5:12: `channels[1].name` is not a valid sales channel name: \"Tienda Web\". Use only "
                    + "lower-case letters, digits, `_` and `-`, such as `pccomponentes`.",
                "keyship.yaml:5:48: `channels[1].warehouse` names the warehouse \"BCN\", which is not in `warehouses` "
                    + "(declared: MAD). Fix the code or declare the warehouse.",
                "keyship.yaml:5:63: `channels[1].language` is not a valid language code: \"spa\". Use two lower-case "
                    + "letters (ISO 639-1), such as `es` or `en`.",
                "keyship.yaml:6:12: `channels[2].name` cannot be `default`: that name is reserved for message "
                    + "templates that apply to any channel. Choose another name.",
                "keyship.yaml:7:12: `channels[3].name` cannot be `fingerprints`: keyship uses ledger/fingerprints/ "
                    + "for its own data. Choose another name.",
            ]),
        SchemaCase(
            description: "duplicate channel names",
            yaml: """
                  - {name: tienda, kind: files, warehouse: MAD, language: es, inbox: i, outbox: o}
                  - {name: tienda, kind: files, warehouse: MAD, language: es, inbox: j, outbox: p}
                """,
            messages: [
                "keyship.yaml:6:12: `channels[2].name` repeats the value \"tienda\", already used on line 5. Each "
                    + "value must be unique.",
            ]),
        SchemaCase(
            description: "insecure and invalid URLs",
            yaml: """
                  - {name: a, kind: mirakl, warehouse: MAD, language: es, base_url: "http://example.mirakl.net", api_key_env: K}
                  - {name: b, kind: mirakl, warehouse: MAD, language: es, base_url: example.mirakl.net, api_key_env: K}
                  - {name: c, kind: mirakl, warehouse: MAD, language: es, base_url: "https://u:p4ss@x.net", api_key_env: K}
                  - {name: d, kind: mirakl, warehouse: MAD, language: es, base_url: "https://x.net/?key=s3cr3t", api_key_env: K}
                  - {name: e, kind: mirakl, warehouse: MAD, language: es, base_url: "https://x.net:99999", api_key_env: K}
                """,
            messages: [
                "keyship.yaml:5:69: `channels[1].base_url` must use https: \"http://example.mirakl.net\". Plain http "
                    + "is accepted only for 127.0.0.1 and localhost.",
                "keyship.yaml:6:69: `channels[2].base_url` is not a valid URL: \"example.mirakl.net\". Write it in "
                    + "full, such as `https://example.mirakl.net`.",
                "keyship.yaml:7:69: `channels[3].base_url` contains a user, a password, a query (`?`) or a fragment "
                    + "(`#`), which may carry credentials. Keep only the scheme, host and path, and put credentials "
                    + "in environment variables.",
                "keyship.yaml:8:69: `channels[4].base_url` contains a user, a password, a query (`?`) or a fragment "
                    + "(`#`), which may carry credentials. Keep only the scheme, host and path, and put credentials "
                    + "in environment variables.",
                "keyship.yaml:9:69: `channels[5].base_url` is not a valid URL: \"https://x.net:99999\". Write it in "
                    + "full, such as `https://example.mirakl.net`.",
            ]),
        SchemaCase(
            description: "secret pasted instead of a variable name",
            yaml: """
                  - name: pcc
                    kind: mirakl
                    warehouse: MAD
                    language: es
                    base_url: https://x.mirakl.net
                    api_key_env: 3f9a1c2e-7b4d-4e8f-9a6b-1c2d3e4f5a6b
                    tracking: {carrier_url: x}
                    lookback_days: 0
                  - {name: pcc2, kind: mirakl, warehouse: MAD, language: es, base_url: "https://x.net", api_key_env: pcc key}
                """,
            messages: [
                "keyship.yaml:10:18: `channels[1].api_key_env` seems to contain the credential itself instead of "
                    + "the name of an environment variable. Remove it from the file, write the variable's name (such "
                    + "as `KEYSHIP_PCC_API_KEY`) and rotate the credential, because git history now holds it.",
                "keyship.yaml:11:15: missing required field `channels[1].tracking.carrier_name`. Add it.",
                "keyship.yaml:12:20: `channels[1].lookback_days` must be 1 or more, but it is 0.",
                "keyship.yaml:13:102: `channels[2].api_key_env` must be the name of an environment variable: "
                    + "upper-case letters, digits and `_`, not starting with a digit, such as `KEYSHIP_PCC_API_KEY`.",
            ]),
        SchemaCase(
            description: "channels not a list",
            yaml: "  tienda: {kind: files}",
            messages: [
                "keyship.yaml:5:3: `channels` must be a list, but it is a mapping.",
            ]),
    ]

    @Test(arguments: mistakes)
    func mistakesAreReported(testCase: SchemaCase) throws {
        let result = try decode(channels: testCase.yaml)
        #expect(result.diagnostics.messages() == testCase.messages)
        #expect(result.value == nil)
    }

    @Test func secretNeverAppearsInMessages() throws {
        let secret = "sk_live_51H8xYzAbCdEfGhIjKlMnOp"
        let channels = """
              - {name: a, kind: mirakl, warehouse: MAD, language: es, base_url: "https://x.net", api_key_env: \(secret)}
              - {name: b, kind: mirakl, warehouse: MAD, language: es, base_url: "https://u:\(secret)@x.net", api_key_env: K}
              - {name: c, kind: mirakl, warehouse: MAD, language: es, base_url: "x.net/\(secret)@", api_key_env: K}
            """
        let result = try decode(channels: channels)
        #expect(result.diagnostics.items.count == 3)
        for language in Language.allCases {
            for message in result.diagnostics.messages(language) {
                #expect(!message.contains(secret))
            }
        }
    }
}
