import KeyshipCore

/// Maps Mirakl order states onto keyship's.
enum MiraklOrderState {
    static let table: [String: OrderState] = [
        "WAITING_ACCEPTANCE": .awaitingAcceptance,
        "WAITING_DEBIT": .awaitingPayment,
        "WAITING_DEBIT_PAYMENT": .awaitingPayment,
        "SHIPPING": .paid,
        "SHIPPED": .shipped,
        "TO_COLLECT": .shipped,
        "RECEIVED": .shipped,
        "CLOSED": .shipped,
        "CANCELED": .cancelled,
        "REFUSED": .cancelled,
        "WAITING_REFUND": .cancelled,
        "WAITING_REFUND_PAYMENT": .cancelled,
        "REFUNDED": .cancelled,
    ]

    /// The states OR11 lists on every pull: orders that need accepting, wait for payment, or
    /// are paid and need their keys.
    static let pulled = ["WAITING_ACCEPTANCE", "WAITING_DEBIT", "WAITING_DEBIT_PAYMENT", "SHIPPING"]

    /// Returns keyship's state for a Mirakl state name; STAGING and names Mirakl adds later
    /// are `.other`, so nothing is done with them.
    static func map(_ name: String) -> OrderState {
        table[name] ?? .other
    }
}

/// Reads orders from OR11 responses, naming the field that is missing or wrong.
struct MiraklOrderParser {
    var channel: String

    /// Order lines in these states are owed nothing, so they are left out of the order.
    static let droppedLineStates: Set<String> = ["CANCELED", "REFUSED"]

    func parse(_ json: JSONValue) throws(MiraklOrderProblem.Kind) -> Order {
        guard json.object != nil else { throw .notAnObject }
        let id = try text(json, "order_id")
        let stateName = try text(json, "order_state")
        let createdAt = try date(json, "created_date")
        var updatedAt: Timestamp?
        if let value = json["last_updated_date"], !value.isNull {
            updatedAt = try date(json, "last_updated_date")
        }

        var buyer = Buyer()
        if let customer = json["customer"], !customer.isNull {
            guard customer.object != nil else { throw .wrongType(field: "customer", expected: .object) }
            buyer.locale = try optionalText(customer, "locale", path: "customer.locale")
            let names = [
                try optionalText(customer, "firstname", path: "customer.firstname"),
                try optionalText(customer, "lastname", path: "customer.lastname"),
            ].compactMap { $0?.trimmingWhitespace }.filter { !$0.isEmpty }
            buyer.name = names.isEmpty ? nil : names.joined(separator: " ")
        }

        guard let lineValues = json["order_lines"] else { throw .missingField("order_lines") }
        guard let lineArray = lineValues.array, !lineArray.isEmpty else {
            throw .wrongType(field: "order_lines", expected: .nonEmptyArray)
        }
        var lines: [OrderLine] = []
        for (index, line) in lineArray.enumerated() {
            let path = "order_lines[\(index)]"
            guard line.object != nil else { throw .wrongType(field: path, expected: .object) }
            let lineState = try optionalText(line, "order_line_state", path: "\(path).order_line_state")
            if let lineState, Self.droppedLineStates.contains(lineState) { continue }
            guard let lineIDValue = line["order_line_id"], !lineIDValue.isNull else { throw .missingField("\(path).order_line_id") }
            guard let lineID = lineIDValue.scalarText, !lineID.isEmpty else {
                throw .wrongType(field: "\(path).order_line_id", expected: .nonEmptyString)
            }
            guard let skuValue = line["offer_sku"], !skuValue.isNull else { throw .missingField("\(path).offer_sku") }
            guard let sku = skuValue.scalarText, !sku.isEmpty else {
                throw .wrongType(field: "\(path).offer_sku", expected: .nonEmptyString)
            }
            guard let quantityValue = line["quantity"] else { throw .missingField("\(path).quantity") }
            guard let quantity = quantityValue.int, quantity > 0 else {
                throw .wrongType(field: "\(path).quantity", expected: .positiveInteger)
            }
            let title = try optionalText(line, "product_title", path: "\(path).product_title")
            lines.append(OrderLine(id: lineID, sku: sku, quantity: quantity, title: title))
        }

        return Order(
            channel: channel, id: id, createdAt: createdAt, updatedAt: updatedAt, state: MiraklOrderState.map(stateName),
            marketplaceState: stateName, buyer: buyer, lines: lines)
    }

    private func text(_ json: JSONValue, _ key: String) throws(MiraklOrderProblem.Kind) -> String {
        guard let value = json[key], !value.isNull else { throw .missingField(key) }
        guard let text = value.string, !text.isEmpty else { throw .wrongType(field: key, expected: .nonEmptyString) }
        return text
    }

    private func optionalText(_ json: JSONValue, _ key: String, path: String) throws(MiraklOrderProblem.Kind) -> String? {
        guard let value = json[key], !value.isNull else { return nil }
        guard let text = value.string else { throw .wrongType(field: path, expected: .string) }
        return text
    }

    private func date(_ json: JSONValue, _ key: String) throws(MiraklOrderProblem.Kind) -> Timestamp {
        let value = try text(json, key)
        guard let date = Timestamp(iso: value) else { throw .invalidDate(field: key, value: value) }
        return date
    }
}

/// An order in an OR11 response that keyship cannot read; it is skipped for this run.
struct MiraklOrderProblem: LocalizedMessage, Equatable {
    enum Kind: Error, Equatable {
        case notAnObject
        case missingField(String)
        case wrongType(field: String, expected: Expected)
        case invalidDate(field: String, value: String)
    }

    enum Expected: Equatable {
        case object
        case string
        case nonEmptyString
        case nonEmptyArray
        case positiveInteger
    }

    var channel: String
    /// The order's id, or nil when the order has none that can be read.
    var orderID: String?
    /// The order's position in its OR11 page, counted from 1, for orders without an id.
    var position: Int
    var kind: Kind

    func text(in language: Language) -> String {
        let order = orderID.map { language.pick(es: "el pedido \($0)", en: "the order \($0)") }
            ?? language.pick(es: "el pedido número \(position) de la respuesta de OR11", en: "order number \(position) of the OR11 response")
        let problem: String
        switch kind {
        case .notAnObject:
            problem = language.pick(es: "no es un objeto JSON", en: "is not a JSON object")
        case .missingField(let field):
            problem = language.pick(es: "no tiene el campo \(field)", en: "has no field \(field)")
        case .wrongType(let field, let expected):
            problem = language.pick(
                es: "tiene el campo \(field) con un valor que no es \(expected.spanishName)",
                en: "has the field \(field) with a value that is not \(expected.englishName)")
        case .invalidDate(let field, let value):
            problem = language.pick(
                es: "tiene en \(field) «\(value)», que no es una fecha y hora ISO 8601",
                en: "has \"\(value)\" in \(field), which is not an ISO 8601 date and time")
        }
        return language.pick(
            es: "Canal de venta «\(channel)» (Mirakl): \(order) \(problem). Se omite en esta ejecución; si se repite, revisa el pedido en el back office de Mirakl.",
            en: "Sales channel \"\(channel)\" (Mirakl): \(order) \(problem). It is skipped in this run; if this repeats, check the order in the Mirakl back office.")
    }
}

extension MiraklOrderProblem.Expected {
    var englishName: String {
        switch self {
        case .object: "an object"
        case .string: "a string"
        case .nonEmptyString: "a non-empty string"
        case .nonEmptyArray: "a non-empty array"
        case .positiveInteger: "a positive integer"
        }
    }

    var spanishName: String {
        switch self {
        case .object: "un objeto"
        case .string: "un texto"
        case .nonEmptyString: "un texto no vacío"
        case .nonEmptyArray: "una lista no vacía"
        case .positiveInteger: "un número entero positivo"
        }
    }
}
