import KeyshipCore

/// Formats `--help` output for the whole tool and for one command.
enum HelpPrinter {
    static func overview(language: Language) -> String {
        var text = language.pick(
            es: "keyship: entrega claves de licencia de software a los clientes de los marketplaces desde un repositorio git.\n\n",
            en: "keyship: delivers software licence keys to marketplace buyers from a git repository.\n\n")
        text += language.pick(es: "Uso: keyship <orden> [opciones]\n\nÓrdenes:\n", en: "Usage: keyship <command> [options]\n\nCommands:\n")
        let width = CommandRegistry.all.map { $0.spec.name.count }.max() ?? 0
        for command in CommandRegistry.all {
            let name = command.spec.name
            text += "  " + name + String(repeating: " ", count: width - name.count + 2)
                + command.spec.summary.text(in: language) + "\n"
        }
        text += "\n" + language.pick(
            es: "Ejecuta keyship <orden> --help para ver sus opciones.\n",
            en: "Run keyship <command> --help for its options.\n")
        return text
    }

    static func command(_ spec: CommandSpec, language: Language) -> String {
        var usage = "keyship \(spec.name)"
        if !spec.options.isEmpty { usage += language.pick(es: " [opciones]", en: " [options]") }
        for positional in spec.positionals {
            var word = positional.name + (positional.isVariadic ? "..." : "")
            if positional.isOptional { word = "[\(word)]" }
            usage += " " + word
        }
        var text = spec.summary.text(in: language) + "\n\n"
        text += language.pick(es: "Uso: ", en: "Usage: ") + usage + "\n"
        if let discussion = spec.discussion {
            text += "\n" + discussion.text(in: language) + "\n"
        }

        var rows: [(String, String)] = spec.positionals.map { ($0.name, $0.help.text(in: language)) }
        if !rows.isEmpty {
            text += "\n" + language.pick(es: "Argumentos:\n", en: "Arguments:\n") + table(rows)
        }
        rows = spec.options.map(optionRow(language: language))
        if !rows.isEmpty {
            text += "\n" + language.pick(es: "Opciones:\n", en: "Options:\n") + table(rows)
        }
        rows = GlobalOptions.specs.map(optionRow(language: language))
        text += "\n" + language.pick(es: "Opciones generales:\n", en: "General options:\n") + table(rows)
        return text
    }

    private static func optionRow(language: Language) -> (OptionSpec) -> (String, String) {
        { option in
            let name = "--" + option.name + (option.valueName.map { " " + $0 } ?? "")
            return (name, option.help.text(in: language))
        }
    }

    private static func table(_ rows: [(String, String)]) -> String {
        let width = min(rows.map(\.0.count).max() ?? 0, 28)
        return rows.map { left, right in
            if left.count > width {
                return "  \(left)\n  " + String(repeating: " ", count: width + 2) + right + "\n"
            }
            return "  " + left + String(repeating: " ", count: width - left.count + 2) + right + "\n"
        }.joined()
    }
}
