/// Decodes the `alerts` section of `keyship.yaml`.
///
/// `smtp.security` is `starttls` (the default), `tls` or `none`, and `none` is accepted only for
/// 127.0.0.1 and localhost. Older files wrote `starttls: true` or `starttls: false`, read as
/// `starttls` and `none`; giving both forms is an error.
enum AlertSettingsSchema {
    static let fields = ["email", "expiring_within_days", "smtp"]
    static let smtpFields = ["host", "port", "security", "starttls", "from", "user_env", "password_env", "ca_file"]

    static func decode(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> AlertSettings? {
        guard let fields = decoder.mapping(node, field: field, known: fields) else { return nil }
        let email = fields.required("email") { node, field in
            decoder.items(node, field: field, nonEmpty: true) { StoreConfigSchema.email($0, field: $1, decoder) }
        }
        let expiringWithinDays = fields.optional("expiring_within_days") {
            decoder.integer($0, field: $1, minimum: 0)
        }
        let smtp = fields.optional("smtp") { Self.smtp($0, field: $1, decoder) }
        guard let email else { return nil }
        return AlertSettings(email: email, expiringWithinDays: expiringWithinDays ?? 30, smtp: smtp)
    }

    private static func smtp(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> SMTPSettings? {
        guard let fields = decoder.mapping(node, field: field, known: smtpFields) else { return nil }
        let host = fields.requiredText("host")
        let port = fields.required("port") { decoder.integer($0, field: $1, minimum: 1, maximum: 65535) }
        let security = Self.security(fields, decoder)
        let from = fields.optional("from") { StoreConfigSchema.email($0, field: $1, decoder) }
        let userEnv = fields.optional("user_env") { StoreConfigSchema.environmentName($0, field: $1, decoder) }
        let passwordEnv = fields.optional("password_env") { StoreConfigSchema.environmentName($0, field: $1, decoder) }
        let caFile = fields.optionalText("ca_file")

        // A user without a password, or the reverse, cannot log in.
        for (present, missing) in [("user_env", "password_env"), ("password_env", "user_env")]
        where fields.value(present) != nil && fields.value(missing) == nil {
            decoder.report(
                StoreSchemaMessage.missingCompanionField(field: fields.path(present), missing: fields.path(missing)),
                at: fields.keyNode(present) ?? node)
        }

        guard let host, let port, let security else { return nil }
        if security == .none && !ValueRules.isLoopbackHost(host) {
            let securityNode = fields.keyNode("security") ?? fields.keyNode("starttls") ?? node
            let securityField = fields.value("security") != nil ? fields.path("security") : fields.path("starttls")
            decoder.report(StoreSchemaMessage.unencryptedSMTP(field: securityField, host: host), at: securityNode)
            return nil
        }
        return SMTPSettings(
            host: host, port: port, security: security, from: from, userEnv: userEnv, passwordEnv: passwordEnv,
            caFile: caFile)
    }

    /// Reads `security`, or the older `starttls` flag, defaulting to STARTTLS.
    private static func security(_ fields: SchemaFields, _ decoder: SchemaDecoder) -> SMTPSettings.Security? {
        let allowed: [SMTPSettings.Security] = [.starttls, .tls, .none]
        switch (fields.value("security"), fields.value("starttls")) {
        case (let security?, nil):
            return decoder.choice(security, field: fields.path("security"), allowed: allowed)
        case (nil, let flag?):
            return decoder.boolean(flag, field: fields.path("starttls")).map { $0 ? .starttls : .none }
        case (nil, nil):
            return .starttls
        case (_?, _?):
            decoder.report(
                StoreSchemaMessage.conflictingFields(field: fields.path("security"), other: fields.path("starttls")),
                at: fields.keyNode("starttls") ?? fields.node)
            return nil
        }
    }
}
