/// Writes and reads the alert conditions in effect (`ledger/alerts.yaml`):
///
/// ```yaml
/// alerts:
///   - kind: stock_out
///     subject: office-2021-pro@MAD
///     since: 2026-12-04T10:15:00Z
/// ```
///
/// Alerts are written in the order given; callers sort them for stable diffs.
public enum AlertStateCodec {
    static let alertFields = ["kind", "subject", "since"]

    public static func encode(_ alerts: [ActiveAlert]) -> String {
        LedgerFile.document(.mapping([.init("alerts", .sequence(alerts.map(value)))]))
    }

    private static func value(_ alert: ActiveAlert) -> YAMLValue {
        .mapping([
            .init("kind", .string(alert.condition.kind.rawValue)),
            .init("subject", .string(alert.condition.subject)),
            .init("since", .string(alert.since.iso)),
        ])
    }

    public static func decode(_ node: YAMLNode, path: String = StoreLayout.alertStateFile) -> SchemaResult<[ActiveAlert]> {
        let decoder = SchemaDecoder(path: path)
        guard let root = decoder.mapping(node, field: "", known: ["alerts"]) else { return decoder.result(nil) }
        let alerts = root.required("alerts") { node, field in
            decoder.items(node, field: field) { Self.alert($0, field: $1, decoder) }
        }
        return decoder.result(alerts)
    }

    private static func alert(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> ActiveAlert? {
        guard let fields = decoder.mapping(node, field: field, known: alertFields) else { return nil }
        let condition = Self.condition(fields, decoder)
        let since = fields.required("since") { decoder.timestamp($0, field: $1) }
        guard let condition, let since else { return nil }
        return ActiveAlert(condition: condition, since: since)
    }

    /// Reads the `kind` and `subject` fields of an alert or alert change.
    static func condition(_ fields: SchemaFields, _ decoder: SchemaDecoder) -> AlertCondition? {
        let kind = fields.required("kind") { decoder.choice($0, field: $1, allowed: AlertCondition.Kind.allCases) }
        let subject = fields.requiredText("subject", allowEmpty: true)
        guard let kind, let subject else { return nil }
        return AlertCondition(kind: kind, subject: subject)
    }
}
