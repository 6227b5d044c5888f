import Foundation
import KeyshipCore

/// Reads the files channel's inbox: one `<order id>.json` per order, rewritten by the shop when
/// the order changes state.
///
/// ```json
/// {"order_id": "T-1001", "created_at": "2026-12-04T10:15:00Z", "state": "paid",
///  "buyer": {"name": "Ana", "locale": "es_ES", "email": "ana@example.com"},
///  "lines": [{"line_id": "1", "sku": "OFF-2021-PRO", "quantity": 2}]}
/// ```
/// `state` is `awaiting_acceptance`, `awaiting_payment`, `paid`, `shipped` or `cancelled`;
/// `updated_at` is optional.
struct FilesOrderReader {
    var channel: String
    var inbox: URL

    static let states: [String: OrderState] = [
        "awaiting_acceptance": .awaitingAcceptance,
        "awaiting_payment": .awaitingPayment,
        "paid": .paid,
        "shipped": .shipped,
        "cancelled": .cancelled,
    ]

    /// Reads every `.json` file in the inbox, oldest name first; unreadable files become problems.
    func readAll() throws(FilesChannelError) -> OrderBatch {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: inbox.path)
        } catch {
            throw .inboxUnreadable(path: inbox.path, reason: error.localizedDescription)
        }
        var batch = OrderBatch(orders: [])
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let file = inbox.appendingPathComponent(name)
            do {
                let data = try Data(contentsOf: file)
                batch.orders.append(try parse(data, fileName: name))
            } catch let problem as FilesOrderProblem {
                batch.problems.append(Diagnostic(at: SourceLocation(path: file.path), problem))
            } catch {
                batch.problems.append(Diagnostic(
                    at: SourceLocation(path: file.path), FilesOrderProblem.unreadable(error.localizedDescription)))
            }
        }
        return batch
    }

    /// Parses one order file, naming the first field that is missing or wrong.
    func parse(_ data: Data, fileName: String) throws(FilesOrderProblem) -> Order {
        guard let json = JSONValue.parse(data) else { throw .invalidJSON }
        guard json.object != nil else { throw .notAnObject }

        let id = try string(json, "order_id")
        let expectedName = StoreLayout.fileName(forOrderID: id) + ".json"
        guard fileName == expectedName else { throw .fileNameMismatch(orderID: id, expected: expectedName) }

        let createdText = try string(json, "created_at")
        guard let createdAt = Timestamp(iso: createdText) else { throw .invalidTimestamp(field: "created_at", value: createdText) }
        var updatedAt: Timestamp?
        if let value = json["updated_at"], !value.isNull {
            let text = try string(json, "updated_at")
            guard let parsed = Timestamp(iso: text) else { throw .invalidTimestamp(field: "updated_at", value: text) }
            updatedAt = parsed
        }

        let stateName = try string(json, "state")
        guard let state = Self.states[stateName] else { throw .unknownState(stateName) }

        var buyer = Buyer()
        if let buyerValue = json["buyer"], !buyerValue.isNull {
            guard buyerValue.object != nil else { throw .wrongType(field: "buyer", expected: .object) }
            buyer.name = try optionalString(buyerValue, "name", path: "buyer.name")
            buyer.locale = try optionalString(buyerValue, "locale", path: "buyer.locale")
            buyer.email = try optionalString(buyerValue, "email", path: "buyer.email")
        }

        guard let lineValues = json["lines"] else { throw .missingField("lines") }
        guard let lineArray = lineValues.array, !lineArray.isEmpty else {
            throw .wrongType(field: "lines", expected: .nonEmptyArray)
        }
        var lines: [OrderLine] = []
        var lineIDs: Set<String> = []
        for (index, line) in lineArray.enumerated() {
            let path = "lines[\(index)]"
            guard line.object != nil else { throw .wrongType(field: path, expected: .object) }
            let lineID = try scalarText(line, "line_id", path: "\(path).line_id") ?? String(index + 1)
            guard lineIDs.insert(lineID).inserted else { throw .duplicateLine(lineID) }
            guard let sku = try scalarText(line, "sku", path: "\(path).sku"), !sku.isEmpty else {
                throw .missingField("\(path).sku")
            }
            guard let quantityValue = line["quantity"] else { throw .missingField("\(path).quantity") }
            guard let quantity = quantityValue.int else { throw .wrongType(field: "\(path).quantity", expected: .integer) }
            let title = try optionalString(line, "title", path: "\(path).title")
            lines.append(OrderLine(id: lineID, sku: sku, quantity: quantity, title: title))
        }

        return Order(
            channel: channel, id: id, createdAt: createdAt, updatedAt: updatedAt, state: state,
            marketplaceState: stateName, buyer: buyer, lines: lines)
    }

    private func string(_ object: JSONValue, _ key: String) throws(FilesOrderProblem) -> String {
        guard let value = object[key] else { throw .missingField(key) }
        guard let text = value.string, !text.isEmpty else { throw .wrongType(field: key, expected: .nonEmptyString) }
        return text
    }

    private func optionalString(_ object: JSONValue, _ key: String, path: String) throws(FilesOrderProblem) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.string else { throw .wrongType(field: path, expected: .string) }
        return text
    }

    /// Reads a string, also accepting a JSON integer, since SKUs and line ids are often numeric.
    private func scalarText(_ object: JSONValue, _ key: String, path: String) throws(FilesOrderProblem) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.scalarText else { throw .wrongType(field: path, expected: .string) }
        return text
    }
}

/// Why an inbox file was skipped.
enum FilesOrderProblem: Error, LocalizedMessage, Equatable {
    case unreadable(String)
    case invalidJSON
    case notAnObject
    case missingField(String)
    case wrongType(field: String, expected: JSONType)
    case invalidTimestamp(field: String, value: String)
    case unknownState(String)
    case duplicateLine(String)
    case fileNameMismatch(orderID: String, expected: String)

    func text(in language: Language) -> String {
        let fix = language.pick(
            es: "corrige el fichero; el pedido se procesará en la próxima ejecución",
            en: "fix the file; the order is processed on the next run")
        let problem: String
        switch self {
        case .unreadable(let reason):
            problem = language.pick(es: "no se puede leer el pedido (\(reason))", en: "cannot read the order (\(reason))")
        case .invalidJSON:
            problem = language.pick(es: "el pedido no es JSON válido", en: "the order is not valid JSON")
        case .notAnObject:
            problem = language.pick(es: "el pedido debe ser un objeto JSON", en: "the order must be a JSON object")
        case .missingField(let field):
            problem = language.pick(es: "falta el campo \(field)", en: "the field \(field) is missing")
        case .wrongType(let field, let expected):
            problem = language.pick(
                es: "el campo \(field) debe ser \(expected.spanishName)",
                en: "the field \(field) must be \(expected.englishName)")
        case .invalidTimestamp(let field, let value):
            problem = language.pick(
                es: "\(field) \"\(value)\" no es una fecha y hora ISO 8601 con zona (2026-12-04T10:15:00Z)",
                en: "\(field) \"\(value)\" is not an ISO 8601 date and time with a zone (2026-12-04T10:15:00Z)")
        case .unknownState(let state):
            let known = FilesOrderReader.states.keys.sorted().joined(separator: ", ")
            problem = language.pick(
                es: "estado desconocido \"\(state)\"; los estados son \(known)",
                en: "unknown state \"\(state)\"; the states are \(known)")
        case .duplicateLine(let id):
            problem = language.pick(es: "la línea de pedido \(id) está repetida", en: "the order line \(id) appears twice")
        case .fileNameMismatch(let orderID, let expected):
            problem = language.pick(
                es: "el pedido \(orderID) debe estar en un fichero llamado \(expected)",
                en: "the order \(orderID) must be in a file named \(expected)")
        }
        return problem + "; " + fix
    }
}

/// The JSON types an order field may be expected to have.
enum JSONType: Sendable, Equatable {
    case object
    case string
    case nonEmptyString
    case nonEmptyArray
    case integer

    var englishName: String {
        switch self {
        case .object: "an object"
        case .string: "a string"
        case .nonEmptyString: "a non-empty string"
        case .nonEmptyArray: "a non-empty array"
        case .integer: "an integer"
        }
    }

    var spanishName: String {
        switch self {
        case .object: "un objeto"
        case .string: "un texto"
        case .nonEmptyString: "un texto no vacío"
        case .nonEmptyArray: "una lista no vacía"
        case .integer: "un número entero"
        }
    }
}

/// Failures of the files channel as a whole.
enum FilesChannelError: KeyshipError, Equatable {
    case inboxUnreadable(path: String, reason: String)
    case outboxUnwritable(path: String, reason: String)
    case invoiceUnreadable(path: String, reason: String)
    case buyerEmailInvalid(orderID: String, value: String?)
    case messageAlreadyInOutbox(orderID: String, file: String)

    var exitCode: ExitCode {
        switch self {
        case .buyerEmailInvalid, .messageAlreadyInOutbox: .failure
        default: .unavailable
        }
    }

    func text(in language: Language) -> String {
        switch self {
        case .inboxUnreadable(let path, let reason):
            language.pick(
                es: "no se puede leer la carpeta de pedidos \(path) (\(reason)); créala o corrige inbox en keyship.yaml",
                en: "cannot read the order folder \(path) (\(reason)); create it or fix inbox in keyship.yaml")
        case .outboxUnwritable(let path, let reason):
            language.pick(
                es: "no se puede escribir en \(path) (\(reason)); revisa outbox en keyship.yaml y sus permisos",
                en: "cannot write to \(path) (\(reason)); check outbox in keyship.yaml and its permissions")
        case .invoiceUnreadable(let path, let reason):
            language.pick(
                es: "no se puede leer la factura \(path) (\(reason))",
                en: "cannot read the invoice \(path) (\(reason))")
        case .messageAlreadyInOutbox(let orderID, let file):
            language.pick(
                es: "el pedido \(orderID) ya tiene un mensaje en la carpeta de salida (\(file)) que el ledger no registra; no se envía otro: revisa el historial (git log -- ledger/) y el mensaje antes de moverlo",
                en: "order \(orderID) already has a message in the outbox (\(file)) that the ledger does not record; no second one is sent: check the history (git log -- ledger/) and the message before moving it")
        case .buyerEmailInvalid(let orderID, let value):
            value.map { _ in
                language.pick(
                    es: "el pedido \(orderID) tiene un email de cliente no válido; corrige buyer.email en el fichero del pedido",
                    en: "order \(orderID) has an invalid buyer e-mail; fix buyer.email in the order file")
            } ?? language.pick(
                es: "el pedido \(orderID) no tiene email de cliente; añade buyer.email al fichero del pedido",
                en: "order \(orderID) has no buyer e-mail; add buyer.email to the order file")
        }
    }
}
