/// Problems any store file's schema can have: missing, mistyped, invalid or unknown fields.
///
/// `field` is the path of the field as the operator wrote it, such as `seller.name` or
/// `channels[2].kind`, with list items counted from 1. An empty path means the whole file.
public enum SchemaMessage: LocalizedMessage, Hashable {
    case missingField(field: String)
    case wrongType(field: String, expected: SchemaValueType, found: SchemaFoundValue)
    case invalidValue(field: String, value: String, allowed: [String])
    case unknownField(field: String, suggestion: String?, known: [String])
    case belowMinimum(field: String, value: Int, minimum: Int)
    case aboveMaximum(field: String, value: Int, maximum: Int)
    case emptyText(field: String)
    case emptyList(field: String)
    /// A value that must be unique appears again; `firstLine` is where it first appeared.
    case duplicateValue(field: String, value: String, firstLine: Int)
    case invalidTimestamp(field: String, value: String)
    case invalidDate(field: String, value: String)

    public func text(in language: Language) -> String {
        switch self {
        case .missingField(let field):
            return language.pick(
                es: "falta el campo obligatorio `\(field)`. Añádelo.",
                en: "missing required field `\(field)`. Add it.")
        case .wrongType(let field, let expected, let found):
            return language.pick(
                es: "\(Self.subject(field, language)) debe ser \(expected.text(in: .es)), pero \(found.text(in: .es)).",
                en: "\(Self.subject(field, language)) must be \(expected.text(in: .en)), but \(found.text(in: .en)).")
        case .invalidValue(let field, let value, let allowed):
            let list = allowed.joined(separator: ", ")
            return language.pick(
                es: "`\(field)` tiene el valor no válido \(Self.quoted(value)). Valores admitidos: \(list).",
                en: "`\(field)` has the invalid value \(Self.quoted(value)). Allowed values: \(list).")
        case .unknownField(let field, let suggestion?, _):
            return language.pick(
                es: "campo desconocido `\(field)`. ¿Querías decir `\(suggestion)`?",
                en: "unknown field `\(field)`. Did you mean `\(suggestion)`?")
        case .unknownField(let field, nil, let known):
            let list = known.joined(separator: ", ")
            return language.pick(
                es: "campo desconocido `\(field)`. Bórralo o usa uno de estos: \(list).",
                en: "unknown field `\(field)`. Remove it or use one of: \(list).")
        case .belowMinimum(let field, let value, let minimum):
            return language.pick(
                es: "`\(field)` debe ser \(minimum) o más, pero es \(value).",
                en: "`\(field)` must be \(minimum) or more, but it is \(value).")
        case .aboveMaximum(let field, let value, let maximum):
            return language.pick(
                es: "`\(field)` debe ser \(maximum) o menos, pero es \(value).",
                en: "`\(field)` must be \(maximum) or less, but it is \(value).")
        case .emptyText(let field):
            return language.pick(
                es: "`\(field)` está vacío. Escribe un valor.",
                en: "`\(field)` is empty. Write a value.")
        case .emptyList(let field):
            return language.pick(
                es: "`\(field)` necesita al menos un elemento.",
                en: "`\(field)` needs at least one entry.")
        case .duplicateValue(let field, let value, let firstLine):
            return language.pick(
                es: "`\(field)` repite el valor \(Self.quoted(value)), que ya aparece en la línea \(firstLine). "
                    + "Cada valor debe ser único.",
                en: "`\(field)` repeats the value \(Self.quoted(value)), already used on line \(firstLine). "
                    + "Each value must be unique.")
        case .invalidTimestamp(let field, let value):
            return language.pick(
                es: "`\(field)` no es una fecha y hora válida: \(Self.quoted(value)). Usa el formato ISO 8601 "
                    + "en UTC, como 2026-12-04T10:15:00Z.",
                en: "`\(field)` is not a valid date and time: \(Self.quoted(value)). Use ISO 8601 in UTC, "
                    + "such as 2026-12-04T10:15:00Z.")
        case .invalidDate(let field, let value):
            return language.pick(
                es: "`\(field)` no es una fecha válida: \(Self.quoted(value)). Usa el formato aaaa-mm-dd, "
                    + "como 2027-12-31.",
                en: "`\(field)` is not a valid date: \(Self.quoted(value)). Use yyyy-mm-dd, such as 2027-12-31.")
        }
    }

    /// Returns the field in backticks, or "the file" for the document itself.
    static func subject(_ field: String, _ language: Language) -> String {
        field.isEmpty ? language.pick(es: "el fichero", en: "the file") : "`\(field)`"
    }

    /// Returns a value in double quotes, cut to 60 characters so a pasted blob cannot flood the
    /// output.
    static func quoted(_ value: String) -> String {
        let limit = 60
        let shown = value.count > limit ? value.prefix(limit) + "…" : Substring(value)
        return "\"\(shown)\""
    }
}

/// The kind of value a field expects.
public enum SchemaValueType: Sendable, Hashable {
    case text
    case integer
    case boolean
    case list
    case mapping

    public func text(in language: Language) -> String {
        switch self {
        case .text: language.pick(es: "un texto", en: "text")
        case .integer: language.pick(es: "un número entero", en: "a whole number")
        case .boolean: language.pick(es: "true o false", en: "true or false")
        case .list: language.pick(es: "una lista", en: "a list")
        case .mapping: language.pick(es: "un mapa de campos (`campo: valor`)", en: "a mapping of fields (`field: value`)")
        }
    }
}

/// The content of a mistyped field, for the "but it is ..." part of a message.
public enum SchemaFoundValue: Sendable, Hashable {
    case empty
    case scalar(String)
    case list
    case mapping

    public init(_ node: YAMLNode) {
        switch node.kind {
        case .scalar(let scalar): self = scalar.isNull ? .empty : .scalar(scalar.value)
        case .sequence: self = .list
        case .mapping: self = .mapping
        }
    }

    public func text(in language: Language) -> String {
        switch self {
        case .empty: language.pick(es: "está vacío", en: "it is empty")
        case .scalar(let value): language.pick(es: "es \(SchemaMessage.quoted(value))", en: "it is \(SchemaMessage.quoted(value))")
        case .list: language.pick(es: "es una lista", en: "it is a list")
        case .mapping: language.pick(es: "es un mapa de campos", en: "it is a mapping")
        }
    }
}
