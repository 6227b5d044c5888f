/// A value that cannot go into an e-mail message or a multipart form.
public enum MIMEError: KeyshipError, Equatable {
    /// An address that is not a plain ASCII `local@domain`.
    case invalidAddress(String)
    /// A message without any `To` address.
    case noRecipients
    /// A custom header whose name does not start with `X-` or has characters a header name
    /// cannot have.
    case invalidHeaderName(String)
    /// A message id that is not `left@right` without spaces or angle brackets.
    case invalidMessageID(String)
    /// A media type that is not `type/subtype` made of token characters.
    case invalidContentType(String)
    /// An attachment or form file with an empty file name.
    case emptyFilename
    /// A multipart boundary that is not 1 to 70 boundary characters, or that occurs in a part.
    case invalidBoundary(String)

    public func text(in language: Language) -> String {
        switch self {
        case .invalidAddress(let address):
            language.pick(
                es: "La dirección de correo «\(address)» no es válida: debe tener la forma usuario@dominio, "
                    + "solo con caracteres ASCII. Corrígela y vuelve a intentarlo.",
                en: "The e-mail address \"\(address)\" is invalid: it must have the form user@domain, "
                    + "in ASCII characters only. Correct it and try again.")
        case .noRecipients:
            language.pick(
                es: "El mensaje no tiene destinatarios. Indica al menos una dirección en «To».",
                en: "The message has no recipients. Give at least one address in \"To\".")
        case .invalidHeaderName(let name):
            language.pick(
                es: "La cabecera «\(name)» no es válida: las cabeceras propias deben empezar por «X-» "
                    + "y tener solo letras, cifras y guiones.",
                en: "The header \"\(name)\" is invalid: custom headers must start with \"X-\" "
                    + "and contain only letters, digits and hyphens.")
        case .invalidMessageID(let id):
            language.pick(
                es: "El identificador de mensaje «\(id)» no es válido: debe tener la forma "
                    + "parte@dominio, sin espacios ni «<>».",
                en: "The message id \"\(id)\" is invalid: it must have the form part@domain, "
                    + "without spaces or \"<>\".")
        case .invalidContentType(let type):
            language.pick(
                es: "El tipo de contenido «\(type)» no es válido: debe tener la forma tipo/subtipo, "
                    + "por ejemplo application/pdf.",
                en: "The content type \"\(type)\" is invalid: it must have the form type/subtype, "
                    + "for example application/pdf.")
        case .emptyFilename:
            language.pick(
                es: "Un documento adjunto no tiene nombre de fichero. Indica un nombre.",
                en: "An attached document has no file name. Give it a name.")
        case .invalidBoundary(let boundary):
            language.pick(
                es: "El separador MIME «\(boundary)» no es válido o aparece dentro de una parte. "
                    + "Deja que keyship lo genere.",
                en: "The MIME boundary \"\(boundary)\" is invalid or occurs inside a part. "
                    + "Let keyship generate it.")
        }
    }
}
