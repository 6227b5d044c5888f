import KeyshipCore

/// What a command accepts, used both to parse its arguments and to print its help.
struct CommandSpec: Sendable {
    /// The words that select the command, such as `["keys", "import"]`.
    var path: [String]
    var summary: Text
    /// Longer help printed under the usage line, in both languages.
    var discussion: Text?
    var options: [OptionSpec] = []
    var positionals: [PositionalSpec] = []

    var name: String { path.joined(separator: " ") }
}

struct OptionSpec: Sendable {
    /// The long name without dashes, such as `product`.
    var name: String
    /// The placeholder shown in help for the option's value; nil for a flag.
    var valueName: String?
    var help: Text
    var repeatable = false

    static func flag(_ name: String, _ help: Text) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help)
    }

    static func value(_ name: String, _ valueName: String, _ help: Text, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, repeatable: repeatable)
    }
}

struct PositionalSpec: Sendable {
    var name: String
    var help: Text
    var isOptional = false
    /// Takes every remaining argument.
    var isVariadic = false
}

/// Options every command accepts.
enum GlobalOptions {
    static let specs: [OptionSpec] = [
        .value("lang", "es|en", Text(
            es: "idioma de los mensajes (por defecto: KEYSHIP_LANG, keyship.yaml, LANG)",
            en: "language of messages (default: KEYSHIP_LANG, keyship.yaml, LANG)")),
        .value("store", "DIR", Text(
            es: "carpeta del repositorio de la tienda (por defecto: KEYSHIP_STORE o la carpeta actual)",
            en: "store repository folder (default: KEYSHIP_STORE or the current folder)")),
        .flag("verbose", Text(
            es: "escribe el registro de diagnóstico (en inglés) en la salida de errores",
            en: "write the diagnostic log (in English) to standard error")),
        .flag("help", Text(es: "muestra esta ayuda", en: "show this help")),
    ]
}
