public import KeyshipCore

/// A store file that could not be read as YAML, with where and why.
public struct YAMLParseError: KeyshipError, Hashable {
    public enum Reason: Sendable, Hashable {
        /// libyaml rejected the syntax; `problem` and `context` are libyaml's own English texts.
        case syntax(problem: String, context: String?)
        /// The bytes are not UTF-8; `byte` is the first invalid one.
        case notUTF8(byte: UInt8)
        /// A second document (`---`) follows the first.
        case severalDocuments
        /// A mapping repeats a key that was first written on `firstLine`.
        case duplicateKey(String, firstLine: Int)
        /// An alias (`*name`) names no anchor defined before it.
        case undefinedAlias(String)
        /// Aliases would expand to more values than `limit` (a "billion laughs" file).
        case aliasExpansionLimit(Int)
        /// Collections nest deeper than `limit`.
        case nestingLimit(Int)
        /// An explicit tag such as `!!str`, which keyship does not interpret.
        case tag
    }

    public var location: SourceLocation
    public var reason: Reason

    public init(location: SourceLocation, reason: Reason) {
        self.location = location
        self.reason = reason
    }

    /// Returns the location and the reason, for when the error is shown on its own.
    public func text(in language: Language) -> String {
        "\(location): " + reason.text(in: language)
    }

    /// The error as a finding: the reason at the error's location, so that
    /// `Diagnostic.formatted(in:)` prints the location once.
    public var diagnostic: Diagnostic {
        Diagnostic(.error, at: location, reason)
    }
}

/// The explanation and the next step, without the location.
extension YAMLParseError.Reason: LocalizedMessage {
    public func text(in language: Language) -> String {
        switch self {
        case .syntax(let problem, let context):
            let libyaml = context.map { "\(problem) (\($0))" } ?? problem
            return language.pick(
                es: "YAML no válido: \(libyaml). Corrige la sintaxis en esa línea y columna "
                    + "(revisa la sangría, las comillas y el espacio después de `:`).",
                en: "invalid YAML: \(libyaml). Fix the syntax at that line and column "
                    + "(check the indentation, the quotes and the space after `:`).")
        case .notUTF8(let byte):
            let hex = "0x" + String(byte, radix: 16, uppercase: true).leftPaddedWithZero(to: 2)
            return language.pick(
                es: "el fichero no es texto UTF-8 válido (byte \(hex)). Guárdalo con la codificación UTF-8 "
                    + "y vuelve a intentarlo.",
                en: "the file is not valid UTF-8 text (byte \(hex)). Save it with the UTF-8 encoding "
                    + "and try again.")
        case .severalDocuments:
            return language.pick(
                es: "el fichero contiene más de un documento YAML y aquí empieza el segundo. Deja un solo "
                    + "documento: borra esta línea `---` y lo que sigue, o pásalo a otro fichero.",
                en: "the file contains more than one YAML document and the second one starts here. Keep "
                    + "one document: delete this `---` line and what follows, or move it to another file.")
        case .duplicateKey(let key, let firstLine):
            return language.pick(
                es: "el campo `\(key)` está repetido (aparece antes en la línea \(firstLine)). Deja solo uno.",
                en: "duplicate key `\(key)` (first written on line \(firstLine)). Keep only one of them.")
        case .undefinedAlias(let name):
            return language.pick(
                es: "el alias `*\(name)` no corresponde a ningún ancla `&\(name)` definida antes. Define el "
                    + "ancla antes de usarla o escribe el valor completo.",
                en: "the alias `*\(name)` refers to no anchor `&\(name)` defined before it. Define the "
                    + "anchor before using it or write the value out.")
        case .aliasExpansionLimit(let limit):
            return language.pick(
                es: "los alias se expanden a más de \(limit) valores. Escribe los valores completos o usa "
                    + "menos alias anidados.",
                en: "the aliases expand to more than \(limit) values. Write the values out or use fewer "
                    + "nested aliases.")
        case .nestingLimit(let limit):
            return language.pick(
                es: "las listas y los mapas se anidan en más de \(limit) niveles. Simplifica la estructura.",
                en: "lists and mappings are nested more than \(limit) levels deep. Flatten the structure.")
        case .tag:
            return language.pick(
                es: "keyship no admite etiquetas YAML como `!!str`. Quita la etiqueta y, si el valor debe "
                    + "ser texto, escríbelo entre comillas.",
                en: "keyship does not support YAML tags such as `!!str`. Remove the tag and, if the value "
                    + "must be text, put it in quotes.")
        }
    }
}

extension String {
    func leftPaddedWithZero(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
