/// Decodes `keyship.yaml` into `StoreConfig`.
///
/// Defaults: `language: es`, `timezone: Europe/Madrid`, `bot: keyship <keyship@localhost>`.
/// `recipients` and `warehouses` need at least one entry; `channels` must be present and may be
/// empty.
public enum StoreConfigSchema {
    static let fields = [
        "seller", "language", "timezone", "recipients", "warehouses", "channels", "alerts", "invoices", "bot",
    ]

    public static func decode(_ node: YAMLNode, path: String = StoreLayout.configFile) -> SchemaResult<StoreConfig> {
        let decoder = SchemaDecoder(path: path)
        guard let root = decoder.mapping(node, field: "", known: fields) else { return decoder.result(nil) }

        let seller = root.required("seller") { Self.seller($0, field: $1, decoder) }
        let language = root.optional("language") { decoder.choice($0, field: $1, allowed: Language.allCases) }
        let timeZone = root.optional("timezone") { Self.timeZoneName($0, field: $1, decoder) }
        let recipients = root.required("recipients") { node, field in
            decoder.items(node, field: field, nonEmpty: true) { Self.recipient($0, field: $1, decoder) }
        }
        let warehouses = root.required("warehouses") { Self.warehouses($0, field: $1, decoder) }
        let declaredCodes = warehouses?.map(\.code)
        let channels = root.required("channels") { node, field in
            ChannelConfigSchema.decodeList(node, field: field, warehouses: declaredCodes, decoder)
        }
        let alerts = root.optional("alerts") { AlertSettingsSchema.decode($0, field: $1, decoder) }
        let invoices = root.optional("invoices") { Self.invoiceSettings($0, field: $1, decoder) }
        let bot = root.optional("bot") { Self.identity($0, field: $1, decoder) }

        guard let seller, let recipients, let warehouses, let channels else { return decoder.result(nil) }
        let config = StoreConfig(
            seller: seller, language: language ?? .es, timeZone: timeZone ?? "Europe/Madrid",
            recipients: recipients, warehouses: warehouses, channels: channels, alerts: alerts,
            invoices: invoices, bot: bot ?? .defaultBot)
        return decoder.result(config)
    }

    private static func seller(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> Seller? {
        guard let fields = decoder.mapping(node, field: field, known: ["name", "tax_id", "email"]) else { return nil }
        let name = fields.requiredText("name")
        let taxID = fields.optionalText("tax_id")
        let email = fields.optional("email") { Self.email($0, field: $1, decoder) }
        guard let name else { return nil }
        return Seller(name: name, taxID: taxID, email: email)
    }

    private static func timeZoneName(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let text = decoder.text(node, field: field) else { return nil }
        guard ValueRules.isTimeZoneName(text) else {
            decoder.report(StoreSchemaMessage.invalidTimeZone(field: field, value: text), at: node)
            return nil
        }
        return text
    }

    private static func recipient(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let text = decoder.text(node, field: field) else { return nil }
        guard ValueRules.isAgeRecipient(text) else {
            decoder.report(StoreSchemaMessage.invalidRecipient(field: field, value: text), at: node)
            return nil
        }
        return text
    }

    private static func warehouses(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> [Warehouse]? {
        let warehouses = decoder.items(node, field: field, nonEmpty: true) { item, itemField -> (Warehouse, YAMLNode)? in
            guard let fields = decoder.mapping(item, field: itemField, known: ["code", "name"]) else { return nil }
            let code = fields.requiredText("code")
            let name = fields.requiredText("name")
            guard let code, let name, let codeNode = fields.value("code") else { return nil }
            return (Warehouse(code: code, name: name), codeNode)
        }
        guard let warehouses else { return nil }
        var firstLines: [String: Int] = [:]
        var unique = true
        for (index, (warehouse, codeNode)) in warehouses.enumerated() {
            if let firstLine = firstLines[warehouse.code] {
                let codeField = "\(field)[\(index + 1)].code"
                decoder.report(
                    SchemaMessage.duplicateValue(field: codeField, value: warehouse.code, firstLine: firstLine),
                    at: codeNode)
                unique = false
            } else {
                firstLines[warehouse.code] = codeNode.line
            }
        }
        return unique ? warehouses.map(\.0) : nil
    }

    private static func invoiceSettings(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> InvoiceSettings? {
        guard let fields = decoder.mapping(node, field: field, known: ["folder", "wait_days"]) else { return nil }
        let folder = fields.requiredText("folder")
        let waitDays = fields.optional("wait_days") { decoder.integer($0, field: $1, minimum: 0) }
        guard let folder else { return nil }
        return InvoiceSettings(folder: folder, waitDays: waitDays ?? 14)
    }

    private static func identity(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> CommitIdentity? {
        guard let fields = decoder.mapping(node, field: field, known: ["name", "email"]) else { return nil }
        let name = fields.requiredText("name")
        let email = fields.required("email") { Self.email($0, field: $1, decoder) }
        guard let name, let email else { return nil }
        return CommitIdentity(name: name, email: email)
    }

    static func email(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let text = decoder.text(node, field: field) else { return nil }
        guard ValueRules.isEmail(text) else {
            decoder.report(StoreSchemaMessage.invalidEmail(field: field, value: text), at: node)
            return nil
        }
        return text
    }

    /// Reads the name of an environment variable that contains a secret, without ever repeating
    /// the value in a message.
    static func environmentName(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let scalar = node.scalar, !scalar.isNull else {
            // Only null, list and mapping reach here, so the message shows no value.
            decoder.report(SchemaMessage.wrongType(field: field, expected: .text, found: SchemaFoundValue(node)), at: node)
            return nil
        }
        let text = scalar.value
        if ValueRules.looksLikeSecret(text) {
            decoder.report(StoreSchemaMessage.secretInsteadOfEnvironmentName(field: field), at: node)
            return nil
        }
        guard ValueRules.isEnvironmentName(text) else {
            decoder.report(StoreSchemaMessage.invalidEnvironmentName(field: field), at: node)
            return nil
        }
        return text
    }
}
