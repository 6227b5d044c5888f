import KeyshipCore
import KeyshipNet

/// Sends alert e-mails to operators: one message per run that starts or clears conditions.
protocol AlertSending {
    func send(_ changes: [AlertChange], at: Timestamp) async throws
}

/// Alert e-mails over SMTP, in the store's operator language.
struct SMTPAlertSender: AlertSending {
    var settings: SMTPSettings
    var recipients: [String]
    var seller: Seller
    var language: Language
    var environment: [String: String]
    var logger: Logger

    func send(_ changes: [AlertChange], at time: Timestamp) async throws {
        let connection = SMTPConnectionSettings(
            host: settings.host, port: settings.port, security: Self.security(settings.security),
            username: settings.userEnv.flatMap { environment[$0] },
            password: settings.passwordEnv.flatMap { environment[$0] },
            caFile: settings.caFile)
        let from = MailAddress(settings.from ?? seller.email ?? "keyship@localhost", displayName: "keyship")
        let message = MIMEMessage(
            from: from, to: recipients.map { MailAddress($0) },
            subject: AlertText.subject(changes, seller: seller.name, language: language),
            date: time,
            extraHeaders: [MIMEHeader("X-Keyship-Alerts", String(changes.count))],
            body: AlertText.body(changes, language: language))
        try await SMTPSender(settings: connection, logger: logger).send(message)
    }

    static func security(_ security: SMTPSettings.Security) -> SMTPConnectionSettings.Security {
        switch security {
        case .starttls: .startTLS
        case .tls: .implicitTLS
        case .none: .none
        }
    }
}

/// The words of alert e-mails and reports, in the glossary's terms.
enum AlertText {
    static func subject(_ changes: [AlertChange], seller: String, language: Language) -> String {
        let started = changes.filter { $0.event == .started }.count
        let cleared = changes.count - started
        var parts: [String] = []
        if started > 0 {
            parts.append(language.pick(
                es: "\(started) \(started == 1 ? "alerta nueva" : "alertas nuevas")",
                en: "\(started) new \(started == 1 ? "alert" : "alerts")"))
        }
        if cleared > 0 {
            parts.append(language.pick(
                es: "\(cleared) \(cleared == 1 ? "resuelta" : "resueltas")",
                en: "\(cleared) cleared"))
        }
        if started > 0, let first = changes.first(where: { $0.event == .started }) {
            parts.append(kindName(first.condition.kind, language: language) + " " + first.condition.subject)
        }
        return "keyship (\(seller)): " + parts.joined(separator: ", ")
    }

    static func body(_ changes: [AlertChange], language: Language) -> String {
        var lines: [String] = []
        for event in [AlertChange.Event.started, .cleared] {
            let group = changes.filter { $0.event == event }
            guard !group.isEmpty else { continue }
            lines.append(event == .started
                ? language.pick(es: "Alertas nuevas:", en: "New alerts:")
                : language.pick(es: "Alertas resueltas:", en: "Cleared alerts:"))
            for change in group {
                lines.append("- " + line(change, language: language))
            }
            lines.append("")
        }
        lines.append(language.pick(
            es: "Cada alerta se envía una vez al empezar y otra al resolverse. El historial está en ledger/notifications/ del repositorio.",
            en: "Each alert is sent once when it starts and once when it clears. The history is in ledger/notifications/ of the repository."))
        return lines.joined(separator: "\n")
    }

    /// Describes one alert in words: the kind, the product, warehouse, order or SKU, and the
    /// figures.
    static func line(_ change: AlertChange, language: Language) -> String {
        "\(kindName(change.condition.kind, language: language)): \(change.condition.subject) "
            + "(\(figures(change.detail, language: language)))" + advice(change, language: language)
    }

    /// Turns the English `name=value` figures of an alert (as stored in the ledger) into words:
    /// `available=0 waiting_orders=1` reads `disponibles 0, pedidos en espera 1` in Spanish.
    /// Unknown names stay as they are; `last_error`, the last figure, keeps its spaces.
    static func figures(_ detail: String, language: Language) -> String {
        let names: [String: (es: String, en: String)] = [
            "available": ("disponibles", "available"), "waiting_orders": ("pedidos en espera", "waiting orders"),
            "missing": ("faltan", "missing"), "set_aside": ("apartadas para pedidos en espera", "set aside for waiting orders"),
            "threshold": ("umbral", "threshold"), "keys": ("claves", "keys"), "first_expiry": ("primera expiración", "first expiry"),
            "status": ("estado", "status"), "attempts": ("intentos", "attempts"), "last_error": ("último error", "last error"),
            "orders": ("pedidos", "orders"),
        ]
        guard detail.contains("=") else {
            return detail == "resolved" ? language.pick(es: "resuelta", en: "resolved") : detail
        }
        var parts: [String] = []
        var rest = Substring(detail)
        while let equals = rest.firstIndex(of: "=") {
            let name = String(rest[..<equals])
            var value = rest[rest.index(after: equals)...]
            if name == "last_error" {
                rest = ""
            } else if let space = value.firstIndex(of: " ") {
                rest = value[value.index(after: space)...]
                value = value[..<space]
            } else {
                rest = ""
            }
            let label = names[name].map { language.pick(es: $0.es, en: $0.en) } ?? name
            parts.append("\(label) \(value)")
        }
        return parts.joined(separator: ", ")
    }

    static func kindName(_ kind: AlertCondition.Kind, language: Language) -> String {
        switch kind {
        case .stockOut: language.pick(es: "rotura de stock", en: "stock-out")
        case .lowStock: language.pick(es: "stock bajo", en: "low stock")
        case .expiringSoon: language.pick(es: "claves a punto de expirar", en: "keys expiring soon")
        case .deliveryError: language.pick(es: "error de envío al cliente", en: "delivery error")
        case .unmappedProduct: language.pick(es: "producto sin relación", en: "unmapped product")
        }
    }

    private static func advice(_ change: AlertChange, language: Language) -> String {
        guard change.event == .started else { return "" }
        switch change.condition.kind {
        case .stockOut, .lowStock:
            return language.pick(es: "; importa claves con keyship keys import", en: "; import keys with keyship keys import")
        case .expiringSoon:
            return language.pick(es: "; véndelas o sustitúyelas antes de que expiren", en: "; sell or replace them before they expire")
        case .deliveryError:
            return language.pick(es: "; se reintenta automáticamente, revisa el motivo", en: "; it is retried automatically, check the reason")
        case .unmappedProduct:
            return language.pick(
                es: "; añade el SKU a offers en el catálogo mediante una pull request",
                en: "; add the SKU to offers in the catalogue by pull request")
        }
    }
}
