public import KeyshipCore

/// The Mirakl seller API calls the channel makes, named by Mirakl's API codes.
public enum MiraklAPI: String, Sendable, CaseIterable {
    case listOrders = "OR11"
    case acceptOrder = "OR21"
    case updateTracking = "OR23"
    case shipOrder = "OR24"
    case createThread = "OR43"
    case listThreads = "M11"
    case listDocuments = "OR72"
    case uploadDocuments = "OR74"
    case listOffers = "OF21"
    case importStock = "STO01"
    case stockImportStatus = "STO02"
    case stockImportErrors = "STO03"

    /// The API code, such as `OR21`.
    public var code: String { rawValue }

    /// Returns what the call does, for error messages.
    public func summary(in language: Language) -> String {
        switch self {
        case .listOrders: language.pick(es: "listar pedidos", en: "list orders")
        case .acceptOrder: language.pick(es: "aceptar el pedido", en: "accept the order")
        case .updateTracking: language.pick(es: "datos de seguimiento", en: "tracking data")
        case .shipOrder: language.pick(es: "confirmar el envío", en: "confirm shipment")
        case .createThread: language.pick(es: "enviar el mensaje al cliente", en: "send the message to the buyer")
        case .listThreads: language.pick(es: "listar mensajes", en: "list messages")
        case .listDocuments: language.pick(es: "listar documentos del pedido", en: "list order documents")
        case .uploadDocuments: language.pick(es: "adjuntar la factura", en: "attach the invoice")
        case .listOffers: language.pick(es: "listar ofertas", en: "list offers")
        case .importStock: language.pick(es: "sincronización de stock", en: "stock sync")
        case .stockImportStatus: language.pick(es: "estado de la importación de stock", en: "stock import status")
        case .stockImportErrors: language.pick(es: "informe de errores de stock", en: "stock error report")
        }
    }
}
