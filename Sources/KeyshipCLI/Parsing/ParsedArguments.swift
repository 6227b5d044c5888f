import KeyshipCore

/// Arguments after parsing against a `CommandSpec`.
struct ParsedArguments: Sendable {
    var options: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ name: String) -> String? { options[name]?.last }
    func values(_ name: String) -> [String] { options[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Parses `arguments` (the words after the command path) against `spec` and the global options.
    static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        let known = spec.options + GlobalOptions.specs
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                if argument.hasPrefix("-") && argument.count > 1 && !onlyPositionals && argument != "-" {
                    throw .unknownOption(argument, command: spec.name)
                }
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = known.first(where: { $0.name == name }) else {
                throw .unknownOption("--\(name)", command: spec.name)
            }
            if option.valueName == nil {
                guard inlineValue == nil else { throw .flagTakesNoValue("--\(name)") }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw .missingValue("--\(name)", valueName: option.valueName ?? "") }
                value = arguments[index]
                index += 1
            }
            if !option.repeatable, parsed.options[name] != nil {
                throw .repeatedOption("--\(name)")
            }
            parsed.options[name, default: []].append(value)
        }
        if parsed.flag("help") { return parsed }
        try checkPositionals(parsed.positionals, spec: spec)
        return parsed
    }

    private static func checkPositionals(_ values: [String], spec: CommandSpec) throws(UsageError) {
        let required = spec.positionals.filter { !$0.isOptional }
        if values.count < required.count {
            throw .missingArgument(required[values.count].name, command: spec.name)
        }
        let variadic = spec.positionals.contains { $0.isVariadic }
        if !variadic, values.count > spec.positionals.count {
            throw .unexpectedArgument(values[spec.positionals.count], command: spec.name)
        }
    }
}

/// A command line keyship does not understand; exit code 2.
enum UsageError: KeyshipError, Equatable {
    case unknownCommand(String)
    case missingCommand
    case unknownOption(String, command: String)
    case flagTakesNoValue(String)
    case missingValue(String, valueName: String)
    case repeatedOption(String)
    case missingArgument(String, command: String)
    case unexpectedArgument(String, command: String)
    case invalidValue(option: String, value: String, expected: String)
    case conflictingOptions(String, String)
    case missingOption(String, command: String)

    var exitCode: ExitCode { .usage }

    func text(in language: Language) -> String {
        switch self {
        case .unknownCommand(let name):
            language.pick(
                es: "orden desconocida \"\(name)\"; ejecuta keyship --help para ver las órdenes",
                en: "unknown command \"\(name)\"; run keyship --help to list the commands")
        case .missingCommand:
            language.pick(
                es: "falta la orden; ejecuta keyship --help para ver las órdenes",
                en: "missing command; run keyship --help to list the commands")
        case .unknownOption(let option, let command):
            language.pick(
                es: "opción desconocida \(option); ejecuta keyship \(command) --help",
                en: "unknown option \(option); run keyship \(command) --help")
        case .flagTakesNoValue(let option):
            language.pick(es: "la opción \(option) no lleva valor", en: "the option \(option) takes no value")
        case .missingValue(let option, let valueName):
            language.pick(
                es: "falta el valor de \(option) (\(valueName))",
                en: "missing value for \(option) (\(valueName))")
        case .repeatedOption(let option):
            language.pick(es: "la opción \(option) aparece dos veces", en: "the option \(option) is given twice")
        case .missingArgument(let name, let command):
            language.pick(
                es: "falta el argumento \(name); ejecuta keyship \(command) --help",
                en: "missing argument \(name); run keyship \(command) --help")
        case .unexpectedArgument(let value, let command):
            language.pick(
                es: "argumento de más \"\(value)\"; ejecuta keyship \(command) --help",
                en: "unexpected argument \"\(value)\"; run keyship \(command) --help")
        case .invalidValue(let option, let value, let expected):
            language.pick(
                es: "valor no válido \"\(value)\" para \(option); se esperaba \(expected)",
                en: "invalid value \"\(value)\" for \(option); expected \(expected)")
        case .conflictingOptions(let first, let second):
            language.pick(
                es: "\(first) y \(second) no se pueden usar juntas",
                en: "\(first) and \(second) cannot be used together")
        case .missingOption(let option, let command):
            language.pick(
                es: "falta la opción \(option); ejecuta keyship \(command) --help",
                en: "missing option \(option); run keyship \(command) --help")
        }
    }
}
