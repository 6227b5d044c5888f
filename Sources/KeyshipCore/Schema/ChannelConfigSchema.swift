/// Decodes the `channels` list of `keyship.yaml` into `ChannelConfig`s.
///
/// Every channel has `name`, `kind`, `warehouse` and `language`; the other fields depend on the
/// kind. Kinds keyship plans but does not implement yet are reported as not supported, and
/// their other fields are not checked.
public enum ChannelConfigSchema {
    static let commonFields = ["name", "kind", "warehouse", "language"]
    static let filesFields = ["inbox", "outbox"]
    static let miraklFields = [
        "base_url", "api_key_env", "shop_id", "tracking", "lookback_days", "stock_warehouse_code",
    ]
    /// Kinds described in the design but not implemented yet.
    static let plannedKinds = ["amazon", "smtp"]

    /// Decodes the list; `warehouses` are the declared codes, or nil when they were invalid, in
    /// which case channels' warehouses are not checked against them.
    static func decodeList(
        _ node: YAMLNode, field: String, warehouses: [String]?, _ decoder: SchemaDecoder
    ) -> [ChannelConfig]? {
        let channels = decoder.items(node, field: field) { item, itemField in
            Self.channel(item, field: itemField, warehouses: warehouses, decoder)
        }
        guard let channels else { return nil }

        var firstLines: [String: Int] = [:]
        var unique = true
        for (index, (channel, nameNode)) in channels.enumerated() {
            if let firstLine = firstLines[channel.name] {
                let nameField = "\(field)[\(index + 1)].name"
                decoder.report(
                    SchemaMessage.duplicateValue(field: nameField, value: channel.name, firstLine: firstLine),
                    at: nameNode)
                unique = false
            } else {
                firstLines[channel.name] = nameNode.line
            }
        }
        return unique ? channels.map(\.0) : nil
    }

    /// Returns the channel and the node of its name, for reporting duplicates.
    private static func channel(
        _ node: YAMLNode, field: String, warehouses: [String]?, _ decoder: SchemaDecoder
    ) -> (ChannelConfig, YAMLNode)? {
        let kindText = node["kind"]?.scalar?.value
        if let kindText, plannedKinds.contains(kindText), let kindNode = node["kind"] {
            decoder.report(
                StoreSchemaMessage.unsupportedChannelKind(field: "\(field).kind", kind: kindText), at: kindNode)
            return nil
        }
        let known: [String]
        switch ChannelKind(rawValue: kindText ?? "") {
        case .files: known = commonFields + filesFields
        case .mirakl: known = commonFields + miraklFields
        case nil: known = commonFields + filesFields + miraklFields
        }
        guard let fields = decoder.mapping(node, field: field, known: known) else { return nil }

        let name = fields.required("name") { channelName($0, field: $1, decoder) }
        let kind = fields.required("kind") { decoder.choice($0, field: $1, allowed: ChannelKind.allCases) }
        let warehouse = fields.required("warehouse") { warehouseCode($0, field: $1, warehouses: warehouses, decoder) }
        let language = fields.required("language") { languageCode($0, field: $1, decoder) }
        let settings: ChannelSettings?
        switch kind {
        case .files: settings = filesSettings(fields).map(ChannelSettings.files)
        case .mirakl: settings = miraklSettings(fields, decoder).map(ChannelSettings.mirakl)
        case nil: settings = nil
        }

        guard let name, let warehouse, let language, let settings, let nameNode = fields.value("name") else {
            return nil
        }
        return (ChannelConfig(name: name, warehouse: warehouse, language: language, settings: settings), nameNode)
    }

    private static func filesSettings(_ fields: SchemaFields) -> FilesChannelSettings? {
        let inbox = fields.requiredText("inbox")
        let outbox = fields.requiredText("outbox")
        guard let inbox, let outbox else { return nil }
        return FilesChannelSettings(inbox: inbox, outbox: outbox)
    }

    private static func miraklSettings(_ fields: SchemaFields, _ decoder: SchemaDecoder) -> MiraklChannelSettings? {
        let baseURL = fields.required("base_url") { serviceURL($0, field: $1, decoder) }
        let apiKeyEnv = fields.required("api_key_env") { StoreConfigSchema.environmentName($0, field: $1, decoder) }
        let shopID = fields.optionalText("shop_id")
        let tracking = fields.optional("tracking") { Self.tracking($0, field: $1, decoder) }
        let lookbackDays = fields.optional("lookback_days") { decoder.integer($0, field: $1, minimum: 1) }
        let stockWarehouseCode = fields.optionalText("stock_warehouse_code")
        guard let baseURL, let apiKeyEnv else { return nil }
        return MiraklChannelSettings(
            baseURL: baseURL, apiKeyEnv: apiKeyEnv, shopID: shopID, tracking: tracking,
            lookbackDays: lookbackDays ?? 30, stockWarehouseCode: stockWarehouseCode)
    }

    private static func tracking(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> TrackingSettings? {
        guard let fields = decoder.mapping(node, field: field, known: ["carrier_name", "carrier_url"]) else {
            return nil
        }
        let carrierName = fields.requiredText("carrier_name")
        let carrierURL = fields.optionalText("carrier_url")
        guard let carrierName else { return nil }
        return TrackingSettings(carrierName: carrierName, carrierURL: carrierURL)
    }

    private static func channelName(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let text = decoder.text(node, field: field) else { return nil }
        guard ValueRules.isChannelName(text) else {
            decoder.report(StoreSchemaMessage.invalidChannelName(field: field, value: text), at: node)
            return nil
        }
        guard text != TemplateKey.anyChannel else {
            decoder.report(StoreSchemaMessage.reservedChannelName(field: field), at: node)
            return nil
        }
        // Channels name folders under `ledger/`, where keyship keeps these folders of its own.
        guard !StoreLayout.reservedLedgerFolders.contains(text) else {
            decoder.report(StoreSchemaMessage.reservedLedgerName(field: field, value: text), at: node)
            return nil
        }
        return text
    }

    private static func warehouseCode(
        _ node: YAMLNode, field: String, warehouses: [String]?, _ decoder: SchemaDecoder
    ) -> String? {
        guard let text = decoder.text(node, field: field) else { return nil }
        if let warehouses, !warehouses.contains(text) {
            decoder.report(StoreSchemaMessage.unknownWarehouse(field: field, code: text, declared: warehouses), at: node)
            return nil
        }
        return text
    }

    static func languageCode(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let text = decoder.text(node, field: field) else { return nil }
        guard ValueRules.isLanguageCode(text) else {
            decoder.report(StoreSchemaMessage.invalidLanguageCode(field: field, value: text), at: node)
            return nil
        }
        return text
    }

    private static func serviceURL(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let text = decoder.text(node, field: field) else { return nil }
        switch ValueRules.checkServiceURL(text) {
        case .valid:
            return text
        case .invalid:
            decoder.report(StoreSchemaMessage.invalidURL(field: field, value: text), at: node)
        case .insecure:
            decoder.report(StoreSchemaMessage.insecureURL(field: field, value: text), at: node)
        case .credentials:
            decoder.report(StoreSchemaMessage.urlWithCredentials(field: field), at: node)
        }
        return nil
    }
}
