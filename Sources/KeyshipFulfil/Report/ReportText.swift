public import KeyshipCore

extension RunReport {
    /// Returns the summary an operator reads: one line per order, then alerts, stock sync,
    /// commits and the counts.
    public func text(in language: Language) -> String {
        var lines: [String] = []
        let width = min(orders.map { "\($0.channel)/\($0.orderID)".count }.max() ?? 0, 40)
        for order in orders {
            let name = "\(order.channel)/\(order.orderID)"
            lines.append(name.padding(to: width) + "  " + Self.describe(order, language: language))
        }
        if orders.isEmpty && channelFailures.isEmpty {
            lines.append(language.pick(es: "No hay pedidos nuevos ni pendientes.", en: "No new or open orders."))
        }

        for failure in channelFailures {
            let phase = failure.phase.text(in: language)
            lines.append(language.pick(
                es: "Canal \(failure.channel) sin procesar (\(phase)): \(failure.message.text(in: language))",
                en: "Channel \(failure.channel) not processed (\(phase)): \(failure.message.text(in: language))"))
        }
        for problem in problems {
            lines.append(language.pick(es: "Problema: ", en: "Problem: ") + problem.formatted(in: language))
        }
        if !alertChanges.isEmpty {
            lines.append("")
            lines.append(language.pick(es: "Alertas:", en: "Alerts:"))
            for change in alertChanges {
                let event = change.event == .started
                    ? language.pick(es: "nueva", en: "new") : language.pick(es: "resuelta", en: "cleared")
                lines.append("  [\(event)] " + AlertText.line(change, language: language))
            }
            if let notification {
                lines.append("  " + Self.describe(notification, language: language))
            }
            if let failure = notificationFailure {
                lines.append("  " + failure.text(in: language))
            }
        }
        for sync in stockSync {
            if let error = sync.error {
                lines.append(language.pick(
                    es: "Sincronización de stock de \(sync.channel) fallida: \(error.text(in: language))",
                    en: "Stock sync of \(sync.channel) failed: \(error.text(in: language))"))
            } else {
                let offers = language.pick(
                    es: sync.offers == 1 ? "1 oferta" : "\(sync.offers) ofertas",
                    en: sync.offers == 1 ? "1 offer" : "\(sync.offers) offers")
                let rejected = sync.rejected.isEmpty ? "" : language.pick(
                    es: ", \(sync.rejected.count) rechazadas", en: ", \(sync.rejected.count) rejected")
                lines.append(language.pick(
                    es: "Sincronización de stock de \(sync.channel): ", en: "Stock sync of \(sync.channel): ") + offers + rejected)
            }
        }
        for commit in commits {
            lines.append("Commit \(commit.commit.prefix(10)): \(commit.subject)"
                + (commit.attempts > 1 ? language.pick(es: " (\(commit.attempts) intentos)", en: " (\(commit.attempts) attempts)") : ""))
        }
        lines.append("")
        lines.append(countsLine(in: language))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Pedidos: 2 entregados, 1 en espera de stock` / `Orders: 2 delivered, 1 waiting for stock`.
    public func countsLine(in language: Language) -> String {
        let counts = self.counts
        var parts: [String] = []
        for kind in OrderOutcome.Kind.allCases {
            guard let count = counts[kind], count > 0 else { continue }
            parts.append("\(count) " + Self.kindName(kind, plural: count != 1, language: language))
        }
        let prefix = language.pick(es: "Pedidos", en: "Orders") + (dryRun ? language.pick(es: " (simulación)", en: " (dry run)") : "")
        return prefix + ": " + (parts.isEmpty ? "0" : parts.joined(separator: ", "))
    }

    static func kindName(_ kind: OrderOutcome.Kind, plural: Bool, language: Language) -> String {
        switch kind {
        case .delivered: language.pick(es: plural ? "entregados" : "entregado", en: "delivered")
        case .reserved: language.pick(es: plural ? "reservados" : "reservado", en: "reserved")
        case .progressed: language.pick(es: "en curso", en: "in progress")
        case .waiting: language.pick(es: "en espera de stock", en: "waiting for stock")
        case .held: language.pick(es: plural ? "retenidos" : "retenido", en: "held")
        case .failed: language.pick(es: "con error", en: "failed")
        case .cancelled: language.pick(es: plural ? "cancelados" : "cancelado", en: "cancelled")
        case .skipped: language.pick(es: "atendidos por otra ejecución", en: "handled by another run")
        }
    }

    static func describe(_ order: OrderOutcome, language: Language) -> String {
        let keys = order.keyIDs.count
        let keyWords = language.pick(es: keys == 1 ? "clave" : "claves", en: keys == 1 ? "key" : "keys")
        switch order.outcome {
        case .delivered(let templateLanguage, let alreadySent, let then, let wait):
            var text = language.pick(es: "entregado: \(keys) \(keyWords)", en: "delivered: \(keys) \(keyWords)")
            if let templateLanguage {
                text += language.pick(es: " (plantilla \(templateLanguage))", en: " (template \(templateLanguage))")
            } else {
                text += language.pick(es: " (sin plantilla: solo las claves)", en: " (no template: keys only)")
            }
            if alreadySent {
                text += language.pick(
                    es: "; el mensaje ya constaba enviado, no se ha repetido",
                    en: "; the message was already there, it was not sent again")
            }
            if !then.isEmpty {
                text += "; " + then.map { stepName($0, language) }.joined(separator: ", ")
            }
            if let wait { text += " (" + wait.text(in: language) + ")" }
            return text
        case .reserved(let wait):
            let base = language.pick(es: "reservado: \(keys) \(keyWords)", en: "reserved: \(keys) \(keyWords)")
            return wait.map { base + ", " + $0.text(in: language) } ?? base
        case .progressed(let steps, let wait):
            var text = steps.isEmpty
                ? language.pick(es: "pendiente", en: "open")
                : language.pick(es: "hecho: ", en: "done: ") + steps.map { stepName($0, language) }.joined(separator: ", ")
            if let wait { text += " (" + wait.text(in: language) + ")" }
            return text
        case .waiting(let shortfalls):
            let detail = shortfalls.map { shortfall in
                language.pick(
                    es: "\(shortfall.product)@\(shortfall.warehouse) faltan \(shortfall.missing) (necesita \(shortfall.needed), disponibles \(shortfall.available))",
                    en: "\(shortfall.product)@\(shortfall.warehouse) \(shortfall.missing) missing (needs \(shortfall.needed), available \(shortfall.available))")
            }.joined(separator: "; ")
            return language.pick(es: "en espera de stock: ", en: "waiting for stock: ") + detail
        case .held(let reasons):
            return language.pick(es: "retenido: ", en: "held: ") + reasons.map { $0.text(in: language) }.joined(separator: "; ")
        case .failed(let step, let reason):
            return language.pick(
                es: "error \(failedStepName(step, language)): \(reason); se reintentará con las mismas claves",
                en: "\(failedStepName(step, language)) failed: \(reason); it is retried with the same keys")
        case .cancelled(let outcome):
            return outcome == .returned
                ? language.pick(
                    es: "cancelado: \(keys) \(keyWords) \(keys == 1 ? "devuelta" : "devueltas") al stock",
                    en: "cancelled: \(keys) \(keyWords) returned to stock")
                : language.pick(
                    es: "cancelado tras el envío: \(keys) \(keyWords) "
                        + (keys == 1 ? "consumida (no vuelve al stock)" : "consumidas (no vuelven al stock)"),
                    en: "cancelled after delivery: \(keys) \(keyWords) burned (never returned to stock)")
        case .skipped(let wait):
            return wait.text(in: language)
        }
    }

    static func stepName(_ step: String, _ language: Language) -> String {
        switch step {
        case "accept": language.pick(es: "pedido aceptado", en: "order accepted")
        case "deliver": language.pick(es: "claves enviadas", en: "keys sent")
        case "ship": language.pick(es: "envío confirmado", en: "shipment confirmed")
        case "ship-by-seller": language.pick(es: "envío a cargo del vendedor", en: "shipment left to the seller")
        case "already-shipped": language.pick(es: "el marketplace ya lo da por enviado", en: "already marked shipped on the marketplace")
        case "invoice": language.pick(es: "factura adjuntada", en: "invoice attached")
        case "close": language.pick(es: "cerrado", en: "closed")
        default: step
        }
    }

    static func failedStepName(_ step: String, _ language: Language) -> String {
        switch step {
        case "accept": language.pick(es: "al aceptar el pedido", en: "accepting the order")
        case "deliver": language.pick(es: "al enviar las claves", en: "sending the keys")
        case "ship": language.pick(es: "al confirmar el envío", en: "confirming shipment")
        case "invoice": language.pick(es: "al adjuntar la factura", en: "attaching the invoice")
        default: step
        }
    }

    static func describe(_ notification: NotificationRecord.EmailStatus, language: Language) -> String {
        switch notification {
        case .sent: language.pick(es: "Aviso enviado por correo.", en: "Alert e-mail sent.")
        case .failed:
            language.pick(
                es: "No se pudo enviar el aviso por correo; queda registrado en ledger/notifications/ y se reintenta en la próxima ejecución:",
                en: "The alert e-mail could not be sent; it is recorded in ledger/notifications/ and retried on the next run:")
        case .notConfigured:
            language.pick(
                es: "Sin correo configurado (alerts.smtp); el aviso queda en ledger/notifications/.",
                en: "No e-mail configured (alerts.smtp); the alert is recorded in ledger/notifications/.")
        }
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
