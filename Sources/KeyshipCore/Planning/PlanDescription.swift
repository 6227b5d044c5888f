/// The plan as an operator reads it (`keyship fulfil --dry-run`): one line per order, key ids
/// but never key cells, order ids but never buyer details. Sections with nothing in them are
/// left out; the first line always gives the counts.
extension Plan: CustomStringConvertible {
    public var description: String { formatted(in: .en) }

    public func formatted(in language: Language) -> String {
        var lines: [String] = []
        lines.append(language.pick(
            es: "Plan del \(today.formatted(in: .es)) (\(now.iso) UTC)",
            en: "Plan for \(today.formatted(in: .en)) (\(now.iso) UTC)"))
        lines.append(language.pick(
            es: "Pedidos: por reservar \(reservations.count), en espera de stock \(waiting.count), "
                + "retenidos \(held.count), sin acción \(ignored.count). Registros abiertos: \(recordWork.count).",
            en: "Orders: to reserve \(reservations.count), waiting for stock \(waiting.count), "
                + "held \(held.count), ignored \(ignored.count). Open records: \(recordWork.count)."))

        section(&lines, language.pick(es: "Reservar claves:", en: "Reserve keys:"), reservations) { reservation in
            let parts = reservation.record.lines.map { line in
                let ids = line.keys.map(\.row.id).joined(separator: ", ")
                return language.pick(
                    es: "\(line.product) x\(line.quantity) (claves \(ids))",
                    en: "\(line.product) x\(line.quantity) (keys \(ids))")
            }
            var next = reservation.steps.map { $0.text(in: language) }
            if let wait = reservation.wait { next.append(wait.text(in: language)) }
            let then = language.pick(es: "; después: ", en: "; then: ") + next.joined(separator: ", ")
            return "\(OrderKey(reservation.order)): " + parts.joined(separator: "; ") + then
        }
        section(
            &lines,
            language.pick(
                es: "En espera de stock (se sirven del más antiguo al más reciente):",
                en: "Waiting for stock (served oldest first):"),
            waiting
        ) { order in
            let parts = order.shortfalls.map { shortfall in
                let pair = StockPair(product: shortfall.product, warehouse: shortfall.warehouse)
                return language.pick(
                    es: "\(pair) necesita \(shortfall.needed), disponibles \(shortfall.available), faltan \(shortfall.missing)",
                    en: "\(pair) needs \(shortfall.needed), available \(shortfall.available), missing \(shortfall.missing)")
            }
            return "\(OrderKey(order.order)): " + parts.joined(separator: "; ")
        }
        section(&lines, language.pick(es: "Retenidos:", en: "Held:"), held) { order in
            "\(OrderKey(order.order)): " + order.reasons.map { $0.text(in: language) }.joined(separator: "; ")
        }
        section(&lines, language.pick(es: "Sin acción:", en: "Ignored:"), ignored) { order in
            "\(OrderKey(channel: order.channel, orderID: order.orderID)) (\(order.marketplaceState)): "
                + order.reason.text(in: language)
        }
        section(&lines, language.pick(es: "Registros abiertos:", en: "Open records:"), recordWork) { work in
            var parts = work.steps.map { $0.text(in: language) }
            if let wait = work.wait { parts.append(wait.text(in: language)) }
            return "\(OrderKey(work.record)): " + parts.joined(separator: ", ")
        }
        section(
            &lines, language.pick(es: "Claves excluidas de la asignación:", en: "Keys excluded from assignment:"),
            excludedKeys
        ) { key in
            "\(key.batch):\(key.line) id \(key.keyID): " + key.reason.text(in: language)
        }
        section(&lines, language.pick(es: "Stock tras este plan:", en: "Stock after this plan:"), stock) { count in
            language.pick(
                es: "\(count.pair): disponibles \(count.available), apartadas \(count.setAside), "
                    + "reservadas \(count.reserved), expiradas \(count.expired), pedidos en espera \(count.waitingOrders)",
                en: "\(count.pair): available \(count.available), set aside \(count.setAside), "
                    + "reserved \(count.reserved), expired \(count.expired), waiting orders \(count.waitingOrders)")
        }
        section(
            &lines, language.pick(es: "Alertas que empiezan:", en: "Alerts started:"),
            alertChanges.filter { $0.event == .started }
        ) { change in
            "\(change.condition.kind.name(in: language)) \(change.condition.subject): \(change.detail)"
        }
        section(
            &lines, language.pick(es: "Alertas que terminan:", en: "Alerts cleared:"),
            alertChanges.filter { $0.event == .cleared }
        ) { change in
            "\(change.condition.kind.name(in: language)) \(change.condition.subject): \(change.detail)"
        }
        lines.append(language.pick(es: "Alertas activas: \(activeAlerts.count)", en: "Active alerts: \(activeAlerts.count)"))
        return lines.joined(separator: "\n")
    }

    private func section<Item>(
        _ lines: inout [String], _ title: String, _ items: [Item], _ line: (Item) -> String
    ) {
        guard !items.isEmpty else { return }
        lines.append(title)
        lines += items.map { "  " + line($0) }
    }
}

extension HoldReason {
    public func text(in language: Language) -> String {
        switch self {
        case .unmappedProduct(let lineID, let sku):
            language.pick(
                es: "producto sin relación en la línea \(lineID) (SKU \(sku)); añade el SKU a offers en el catálogo",
                en: "unmapped product on line \(lineID) (SKU \(sku)); add the SKU to offers in the catalogue")
        case .invalidQuantity(let lineID, let sku, let quantity):
            language.pick(
                es: "cantidad no válida \(quantity) en la línea \(lineID) (SKU \(sku)); debe estar entre 1 y \(ClassifiedOrder.maximumLicenceQuantity)",
                en: "invalid quantity \(quantity) on line \(lineID) (SKU \(sku)); it must be between 1 and \(ClassifiedOrder.maximumLicenceQuantity)")
        case .unknownChannel(let channel):
            language.pick(
                es: "el canal de venta \(channel) no está en keyship.yaml",
                en: "sales channel \(channel) is not in keyship.yaml")
        case .tooManyKeys(let total):
            language.pick(
                es: "el pedido pide \(total) claves y el máximo por pedido es \(ClassifiedOrder.maximumLicenceQuantity); revísalo con el cliente",
                en: "the order asks for \(total) keys and at most \(ClassifiedOrder.maximumLicenceQuantity) fit one order; check it with the buyer")
        case .cancelledEarlier:
            language.pick(
                es: "el pedido se canceló antes y su registro está cerrado; para volver a venderlo crea un pedido con otro id",
                en: "the order was cancelled before and its record is closed; to sell it again create an order with another id")
        }
    }
}

extension IgnoredOrder.Reason {
    public func text(in language: Language) -> String {
        switch self {
        case .noLicenceLine:
            language.pick(es: "sin líneas de licencia de uso digital", en: "no digital licence line")
        case .notServable:
            language.pick(es: "estado en el que no se reservan claves", en: "not in a state that gets keys")
        case .alreadyRecorded:
            language.pick(es: "ya tiene un registro cerrado", en: "already has a closed record")
        }
    }
}

extension RecordStep {
    public func text(in language: Language) -> String {
        switch self {
        case .accept:
            language.pick(es: "aceptar el pedido", en: "accept the order")
        case .deliver(let attempt, let checkSentFirst):
            switch (attempt > 1, checkSentFirst) {
            case (false, false):
                language.pick(es: "enviar las claves al cliente", en: "send the keys to the buyer")
            case (_, true):
                language.pick(
                    es: "enviar las mismas claves al cliente (intento \(attempt), comprobando antes si ya se enviaron)",
                    en: "send the same keys to the buyer (attempt \(attempt), checking first for a message already sent)")
            case (true, false):
                language.pick(
                    es: "enviar las mismas claves al cliente (intento \(attempt))",
                    en: "send the same keys to the buyer (attempt \(attempt))")
            }
        case .confirmShipment:
            language.pick(es: "confirmar el envío", en: "confirm shipment")
        case .recordShipment(.leftToSeller):
            language.pick(es: "el envío lo confirma el vendedor", en: "shipment left to the seller")
        case .recordShipment(.alreadyShipped):
            language.pick(es: "el marketplace ya lo da por enviado", en: "already shipped on the marketplace")
        case .recordShipment(.confirmed):
            language.pick(es: "registrar el envío confirmado", en: "record the shipment as confirmed")
        case .attachInvoice(.wait):
            language.pick(es: "adjuntar la factura si ya está", en: "attach the invoice if it is there")
        case .attachInvoice(.recordNotFound):
            language.pick(
                es: "adjuntar la factura, o registrar que no llegó a tiempo",
                en: "attach the invoice, or record that none arrived in time")
        case .returnKeys(let returns):
            Self.returnKeysText(count: returns.map(\.rows.count).reduce(0, +), in: language)
        case .burnKeys(let ids):
            ids.count == 1
                ? language.pick(
                    es: "dar por consumida 1 clave (pudo llegar al cliente)",
                    en: "burn 1 key (the buyer may have seen it)")
                : language.pick(
                    es: "dar por consumidas \(ids.count) claves (pudieron llegar al cliente)",
                    en: "burn \(ids.count) keys (the buyer may have seen them)")
        case .close:
            language.pick(es: "cerrar el registro", en: "close the record")
        }
    }

    private static func returnKeysText(count: Int, in language: Language) -> String {
        count == 1
            ? language.pick(es: "devolver 1 clave al stock", en: "return 1 key to stock")
            : language.pick(es: "devolver \(count) claves al stock", en: "return \(count) keys to stock")
    }
}

extension RecordWait {
    public func text(in language: Language) -> String {
        switch self {
        case .payment:
            language.pick(es: "en espera del pago", en: "waiting for payment")
        case .sellerAcceptance:
            language.pick(
                es: "el vendedor debe aceptar el pedido (tiene líneas que keyship no gestiona)",
                en: "the seller must accept the order (it has lines keyship does not fulfil)")
        case .orderNotListed:
            language.pick(
                es: "el canal no devolvió el pedido en esta ejecución",
                en: "the channel did not list the order in this run")
        case .channelNotPulled:
            language.pick(es: "esta ejecución no consulta este canal", en: "this run does not pull this channel")
        case .orderChanged:
            language.pick(
                es: "las líneas del pedido cambiaron después de reservar sus claves; no se envía nada: cancela el pedido y créalo de nuevo, o deja sus líneas como estaban",
                en: "the order's lines changed after its keys were reserved; nothing is sent: cancel the order and create it again, or restore its lines")
        case .unexpectedState(let state):
            language.pick(
                es: "estado \(state) en el que keyship no actúa; revísalo en el marketplace",
                en: "state \(state), which keyship does not act on; check it on the marketplace")
        case .invoice:
            language.pick(es: "en espera de la factura", en: "waiting for the invoice")
        case .claimed(let run):
            language.pick(es: "lo está atendiendo la ejecución \(run)", en: "the run \(run) is working on it")
        case .retryAt(let time):
            language.pick(
                es: "el último envío falló; se reintenta a partir de \(time.iso)",
                en: "the last delivery failed; it is retried from \(time.iso)")
        }
    }
}

extension ExcludedKey.Reason {
    public func text(in language: Language) -> String {
        switch self {
        case .duplicateID:
            language.pick(
                es: "otra fila de keys/ tiene el mismo id; corrige el id repetido",
                en: "another row under keys/ has the same id; fix the repeated id")
        case .alreadySold(let channel, let orderID):
            language.pick(
                es: "ya vendida en \(channel)/\(orderID); borra la fila de keys/",
                en: "already sold to \(channel)/\(orderID); delete the row from keys/")
        case .duplicateOfSold(let channel, let orderID, let keyID):
            language.pick(
                es: "misma clave de licencia que la clave \(keyID), vendida en \(channel)/\(orderID); "
                    + "no se volverá a vender: borra la fila de keys/",
                en: "the same licence key as the key \(keyID), sold to \(channel)/\(orderID); "
                    + "it will not be sold again: delete the row from keys/")
        case .duplicateInStock(let keyID):
            language.pick(
                es: "misma clave de licencia que la clave \(keyID), también en keys/; "
                    + "solo se vende una de las dos: borra esta fila de keys/",
                en: "the same licence key as the key \(keyID), also under keys/; "
                    + "only one of them is sold: delete this row from keys/")
        }
    }
}

extension AlertCondition.Kind {
    /// Returns the condition's name as operators call it.
    public func name(in language: Language) -> String {
        switch self {
        case .stockOut: language.pick(es: "rotura de stock", en: "stock-out")
        case .lowStock: language.pick(es: "stock bajo", en: "low stock")
        case .expiringSoon: language.pick(es: "claves a punto de expirar", en: "keys expiring soon")
        case .deliveryError: language.pick(es: "error de envío al cliente", en: "delivery error")
        case .unmappedProduct: language.pick(es: "producto sin relación", en: "unmapped product")
        }
    }
}
