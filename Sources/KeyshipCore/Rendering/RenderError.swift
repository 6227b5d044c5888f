/// A reason a buyer message could not be rendered. The order's delivery is recorded as an error and
/// retried on the next run, after a person fixed the cause.
public enum RenderError: KeyshipError, Hashable {
    /// A template the message needs has an error.
    case template(TemplateProblem)
    /// The keys alone exceed the channel's length limit; keys are never cut.
    case keysExceedLimit(order: String, length: Int, limit: Int)
    /// The message needs more attachments than the channel accepts.
    case tooManyAttachments(order: String, count: Int, limit: Int)
    /// The message would carry no key.
    case noKeys(order: String)

    public func text(in language: Language) -> String {
        switch self {
        case .template(let problem):
            return problem.text(in: language)
        case .keysExceedLimit(let order, let length, let limit):
            return language.pick(
                es: "Pedido \(order): sus claves ocupan \(length) caracteres, más que el límite de \(limit) del canal, "
                    + "y una clave nunca se corta. Envía las claves de este pedido a mano desde el marketplace.",
                en: "Order \(order): its keys take \(length) characters, more than the channel's limit of \(limit), "
                    + "and a key is never cut. Send this order's keys by hand through the marketplace.")
        case .tooManyAttachments(let order, let count, let limit):
            return language.pick(
                es: "Pedido \(order): el mensaje necesita \(count) documentos adjuntos y el canal admite \(limit). "
                    + "Reúne las instrucciones de uso en menos documentos o quita documentos adjuntos de las claves.",
                en: "Order \(order): the message needs \(count) attachments and the channel accepts \(limit). "
                    + "Merge the usage instructions into fewer documents or remove documents attached to the keys.")
        case .noKeys(let order):
            return language.pick(
                es: "Pedido \(order): el mensaje no lleva ninguna clave; revisa su registro en ledger/.",
                en: "Order \(order): the message carries no key; check its record under ledger/.")
        }
    }
}
