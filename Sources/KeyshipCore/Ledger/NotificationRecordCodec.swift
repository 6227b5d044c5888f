/// Writes and reads a notification record (`ledger/notifications/...`): the alert changes one
/// run reported, who was e-mailed, and whether sending worked.
public enum NotificationRecordCodec {
    static let recordFields = ["at", "run", "changes", "recipients", "email_status", "email_error"]
    static let changeFields = ["event", "kind", "subject", "detail"]

    public static func encode(_ record: NotificationRecord) -> String {
        LedgerFile.document(.mapping(omittingNil: [
            ("at", .string(record.at.iso)),
            ("run", .string(record.run)),
            ("changes", .sequence(record.changes.map(value))),
            ("recipients", .sequence(record.recipients.map(YAMLValue.string))),
            ("email_status", .string(record.emailStatus.rawValue)),
            ("email_error", YAMLValue.string(record.emailError)),
        ]))
    }

    private static func value(_ change: AlertChange) -> YAMLValue {
        .mapping([
            .init("event", .string(change.event.rawValue)),
            .init("kind", .string(change.condition.kind.rawValue)),
            .init("subject", .string(change.condition.subject)),
            .init("detail", .string(change.detail)),
        ])
    }

    public static func decode(_ node: YAMLNode, path: String) -> SchemaResult<NotificationRecord> {
        let decoder = SchemaDecoder(path: path)
        guard let root = decoder.mapping(node, field: "", known: recordFields) else { return decoder.result(nil) }

        let at = root.required("at") { decoder.timestamp($0, field: $1) }
        let run = root.requiredText("run", allowEmpty: true)
        let changes = root.required("changes") { node, field in
            decoder.items(node, field: field) { Self.change($0, field: $1, decoder) }
        }
        let recipients = root.required("recipients") { node, field in
            decoder.items(node, field: field) { decoder.text($0, field: $1, allowEmpty: true) }
        }
        let allStatuses: [NotificationRecord.EmailStatus] = [.sent, .failed, .notConfigured]
        let emailStatus = root.required("email_status") { decoder.choice($0, field: $1, allowed: allStatuses) }
        let emailError = root.optionalText("email_error", allowEmpty: true)

        guard let at, let run, let changes, let recipients, let emailStatus else { return decoder.result(nil) }
        let record = NotificationRecord(
            at: at, run: run, changes: changes, recipients: recipients, emailStatus: emailStatus,
            emailError: emailError)
        return decoder.result(record)
    }

    private static func change(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> AlertChange? {
        guard let fields = decoder.mapping(node, field: field, known: changeFields) else { return nil }
        let event = fields.required("event") {
            decoder.choice($0, field: $1, allowed: [AlertChange.Event.started, .cleared])
        }
        let condition = AlertStateCodec.condition(fields, decoder)
        let detail = fields.requiredText("detail", allowEmpty: true)
        guard let event, let condition, let detail else { return nil }
        return AlertChange(event: event, condition: condition, detail: detail)
    }
}
