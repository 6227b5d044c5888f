public import KeyshipCore
public import KeyshipNet

/// A failure of a Mirakl channel, naming the channel, the API call and the order.
public struct MiraklError: KeyshipError {
    public enum Problem: Sendable {
        /// The environment variable that should hold the API key is unset or empty.
        case missingAPIKey(variable: String)
        /// Mirakl rejected the API key (401) or its access to the shop (403).
        case unauthorized(variable: String, status: Int)
        /// The request failed in transport or with a temporary status: timeouts, dropped
        /// connections, 429 and 5xx after the retries the call allows.
        case transport(HTTPError)
        /// Mirakl refused the request with this status and its message.
        case rejected(status: Int, detail: String)
        case orderNotFound
        /// Mirakl cancelled or refused the order before keyship accepted it; the state name.
        case orderNotAcceptable(state: String)
        /// The order is in a state from which shipment cannot be confirmed; the state name.
        case orderNotShippable(state: String)
        /// Sending the message failed without a response, and M11 does not show the thread.
        case messageNotConfirmed(HTTPError)
        case tooManyAttachments(count: Int, limit: Int)
        case messageTooLarge(bytes: Int, limit: Int)
        /// The invoice's file name is not US-ASCII or has an extension Mirakl does not accept.
        case invalidDocumentName(String)
        /// Mirakl refused the document; its reason.
        case documentRejected(fileName: String, reason: String)
        /// Uploading the invoice failed without a response, and OR72 does not list it.
        case documentNotConfirmed(fileName: String, HTTPError)
        /// Mirakl returned a body that cannot be read; the text says what is wrong with it.
        case invalidResponse(String)
        case stockImportFailed(importID: String)
        /// The stock import had not finished after the polls allowed.
        case stockImportUnfinished(importID: String, polls: Int)
    }

    public var channel: String
    /// The call that failed; nil when no call was made.
    public var api: MiraklAPI?
    public var orderID: String?
    public var problem: Problem

    public init(channel: String, api: MiraklAPI?, orderID: String?, problem: Problem) {
        self.channel = channel
        self.api = api
        self.orderID = orderID
        self.problem = problem
    }

    /// True when Mirakl cancelled or refused the order before it could be accepted, so the run
    /// stops working on it and its keys go back to stock.
    public var isOrderNoLongerAcceptable: Bool {
        if case .orderNotAcceptable = problem { return true }
        return false
    }

    /// `.unavailable` when running again later can succeed with nothing changed: transport
    /// failures, 429 and 5xx statuses, unconfirmed sends and unfinished imports.
    public var exitCode: ExitCode {
        switch problem {
        case .transport(let error):
            let temporaryStatus = error.response.map { $0.status == 429 || (500...599).contains($0.status) } ?? false
            return error.exitCode == .unavailable || temporaryStatus ? .unavailable : .failure
        case .messageNotConfirmed, .documentNotConfirmed, .stockImportUnfinished:
            return .unavailable
        default:
            return .failure
        }
    }

    public func text(in language: Language) -> String {
        "\(context(in: language)): \(explanation(in: language))"
    }

    /// `Canal de venta «pcc» (Mirakl), pedido PCC-1001-A, OR21 (aceptar el pedido)`.
    private func context(in language: Language) -> String {
        var text = language.pick(es: "Canal de venta «\(channel)» (Mirakl)", en: "Sales channel \"\(channel)\" (Mirakl)")
        if let orderID { text += language.pick(es: ", pedido \(orderID)", en: ", order \(orderID)") }
        if let api { text += ", \(api.code) (\(api.summary(in: language)))" }
        return text
    }

    private func explanation(in language: Language) -> String {
        switch problem {
        case .missingAPIKey(let variable):
            language.pick(
                es: "falta la clave de API: la variable de entorno \(variable) no está definida o está vacía. "
                    + "Defínela con la clave de API de la tienda (en la CI, como secreto).",
                en: "the API key is missing: the environment variable \(variable) is not set or is empty. "
                    + "Set it to the shop's API key (in CI, as a secret).")
        case .unauthorized(let variable, let status):
            language.pick(
                es: "Mirakl rechazó la clave de API (HTTP \(status)). Comprueba que \(variable) contiene la clave de API "
                    + "vigente de la tienda y, si la clave cubre varias tiendas, el shop_id del canal en keyship.yaml.",
                en: "Mirakl rejected the API key (HTTP \(status)). Check that \(variable) holds the shop's current API key "
                    + "and, if the key covers several shops, the channel's shop_id in keyship.yaml.")
        case .transport(let error):
            error.text(in: language)
        case .rejected(let status, let detail):
            language.pick(
                es: "Mirakl rechazó la petición con HTTP \(status): «\(detail)». "
                    + (orderID == nil ? "Revisa los datos del canal de venta en el back office de Mirakl." : "Revisa el pedido en el back office de Mirakl."),
                en: "Mirakl rejected the request with HTTP \(status): \"\(detail)\". "
                    + (orderID == nil ? "Check the sales channel's data in the Mirakl back office." : "Check the order in the Mirakl back office."))
        case .orderNotFound:
            language.pick(
                es: "Mirakl no encuentra el pedido. Comprueba que el pedido es de esta tienda (shop_id) y que su id es correcto.",
                en: "Mirakl cannot find the order. Check that the order belongs to this shop (shop_id) and that its id is right.")
        case .orderNotAcceptable(let state):
            language.pick(
                es: "el pedido ya no se puede aceptar porque Mirakl lo muestra en el estado \(state) (cancelado o rechazado). "
                    + "No se entrega y sus claves de licencia no se venden.",
                en: "the order can no longer be accepted because Mirakl shows it in state \(state) (cancelled or refused). "
                    + "It is not delivered and its licence keys are not sold.")
        case .orderNotShippable(let state):
            language.pick(
                es: "no se puede confirmar el envío porque Mirakl muestra el pedido en el estado \(state); solo se confirman "
                    + "pedidos en SHIPPING. Revisa el pedido en el back office de Mirakl.",
                en: "shipment cannot be confirmed because Mirakl shows the order in state \(state); only orders in SHIPPING "
                    + "can be shipped. Check the order in the Mirakl back office.")
        case .messageNotConfirmed(let error):
            language.pick(
                es: "no se sabe si el mensaje llegó al cliente (\(error.text(in: language))) y M11 todavía no muestra el hilo. "
                    + "La próxima ejecución vuelve a comprobar M11 antes de reenviarlo.",
                en: "it is unknown whether the message reached the buyer (\(error.text(in: language))) and M11 does not show "
                    + "the thread yet. The next run checks M11 again before sending it again.")
        case .tooManyAttachments(let count, let limit):
            language.pick(
                es: "el mensaje lleva \(count) documentos adjuntos y Mirakl admite \(limit) por pedido. Reduce los documentos "
                    + "adjuntos del producto o de las claves de licencia.",
                en: "the message carries \(count) attached documents and Mirakl accepts \(limit) per order. Reduce the "
                    + "documents attached to the product or to the licence keys.")
        case .messageTooLarge(let bytes, let limit):
            language.pick(
                es: "el mensaje ocupa \(bytes) bytes con sus documentos adjuntos y Mirakl admite \(limit) bytes por mensaje. "
                    + "Reduce los documentos adjuntos.",
                en: "the message is \(bytes) bytes with its attached documents and Mirakl accepts \(limit) bytes per message. "
                    + "Reduce the attached documents.")
        case .invalidDocumentName(let name):
            language.pick(
                es: "Mirakl no acepta la factura «\(name)»: el nombre debe tener solo caracteres US-ASCII y una de las "
                    + "extensiones \(MiraklChannel.documentExtensions.sorted().joined(separator: ", ")). Cambia el nombre del fichero.",
                en: "Mirakl does not accept the invoice \"\(name)\": the name must be US-ASCII only and end in one of "
                    + "\(MiraklChannel.documentExtensions.sorted().joined(separator: ", ")). Rename the file.")
        case .documentRejected(let fileName, let reason):
            language.pick(
                es: "Mirakl rechazó la factura «\(fileName)»: «\(reason)». Corrige la factura y vuelve a ejecutar.",
                en: "Mirakl rejected the invoice \"\(fileName)\": \"\(reason)\". Correct the invoice and run again.")
        case .documentNotConfirmed(let fileName, let error):
            language.pick(
                es: "no se sabe si la factura «\(fileName)» llegó a Mirakl (\(error.text(in: language))) y OR72 no la muestra. "
                    + "La próxima ejecución vuelve a comprobarlo antes de subirla.",
                en: "it is unknown whether the invoice \"\(fileName)\" reached Mirakl (\(error.text(in: language))) and OR72 "
                    + "does not list it. The next run checks again before uploading it.")
        case .invalidResponse(let detail):
            language.pick(
                es: "Mirakl devolvió una respuesta que keyship no puede leer (\(detail)). Vuelve a ejecutar; si se repite, "
                    + "avisa al equipo técnico con este mensaje.",
                en: "Mirakl returned a response keyship cannot read (\(detail)). Run again; if it happens again, report "
                    + "this message to the technical team.")
        case .stockImportFailed(let importID):
            language.pick(
                es: "Mirakl marcó como fallida la importación de stock \(importID). La próxima ejecución vuelve a enviar el "
                    + "stock; si se repite, revisa la importación en el back office de Mirakl.",
                en: "Mirakl marked the stock import \(importID) as failed. The next run sends the stock again; if it happens "
                    + "again, check the import in the Mirakl back office.")
        case .stockImportUnfinished(let importID, let polls):
            language.pick(
                es: "la importación de stock \(importID) seguía en curso tras \(polls) consultas de estado. Mirakl la "
                    + "terminará por su cuenta; las líneas rechazadas se verán en el back office de Mirakl.",
                en: "the stock import \(importID) was still running after \(polls) status checks. Mirakl finishes it on its "
                    + "own; rejected lines show in the Mirakl back office.")
        }
    }
}
