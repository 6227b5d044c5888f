import Foundation
import KeyshipCore
import KeyshipYAML

/// The `keyship` program: parses the command line, runs one command, and turns any failure into
/// one message and one exit code.
public enum KeyshipCommandLine {
    /// Runs keyship with `arguments` (without the program name) and returns the exit code.
    public static func run(
        _ arguments: [String], environment: [String: String], currentDirectory: String
    ) async -> Int32 {
        await run(arguments, environment: environment, currentDirectory: currentDirectory, console: StandardConsole()).rawValue
    }

    static func run(
        _ arguments: [String], environment: [String: String], currentDirectory: String,
        console: any Console, now: @escaping @Sendable () -> Timestamp = CommandContext.systemNow
    ) async -> ExitCode {
        // The language is needed before parsing succeeds, to report parse errors.
        let languageOption = earlyValue("--lang", in: arguments)
        let verbose = arguments.contains("--verbose")
        let context = CommandContext(
            environment: environment, currentDirectory: currentDirectory, console: console,
            languageOption: languageOption, verbose: verbose, now: now)
        let language = context.language

        let words = Array(arguments.prefix { !$0.hasPrefix("-") })
        if words.isEmpty {
            if arguments.isEmpty || arguments.contains("--help") || arguments.contains("-h") {
                console.write(HelpPrinter.overview(language: language))
                return arguments.isEmpty ? .usage : .success
            }
            if arguments.contains("--version") {
                console.line("keyship \(KeyshipVersion.current)")
                return .success
            }
            return report(UsageError.missingCommand, context: context)
        }
        guard let (command, rest) = CommandRegistry.match(words + arguments.dropFirst(words.count)) else {
            return report(UsageError.unknownCommand(words.joined(separator: " ")), context: context)
        }

        do {
            if rest.contains("-h") {
                console.write(HelpPrinter.command(command.spec, language: language))
                return .success
            }
            let parsed = try ParsedArguments.parse(rest, spec: command.spec)
            if parsed.flag("help") {
                console.write(HelpPrinter.command(command.spec, language: language))
                return .success
            }
            if let lang = parsed.value("lang"), Language(localeName: lang) == nil {
                throw UsageError.invalidValue(option: "--lang", value: lang, expected: "es, en")
            }
            // Errors should speak the store's language too, when keyship.yaml names one.
            let root = StoreLocation(arguments: parsed, context: context).root
            let commandContext = storeLanguage(at: root).map { context.withStoreLanguage($0) } ?? context
            do {
                return try await command.run(parsed, context: commandContext)
            } catch {
                return report(error, context: commandContext)
            }
        } catch {
            return report(error, context: context)
        }
    }

    /// Prints an error for the operator and returns its exit code.
    static func report(_ error: any Error, context: CommandContext) -> ExitCode {
        let prefix = context.language.pick(es: "error: ", en: "error: ")
        if let error = error as? any KeyshipError {
            context.console.errorLine(prefix + error.text(in: context.language))
            return error.exitCode
        }
        // An error that no adapter translated: still reported, never a crash.
        context.logger.error("untranslated error", ["type": String(describing: type(of: error))])
        context.console.errorLine(prefix + context.language.pick(
            es: "fallo inesperado (\(error)); vuelve a ejecutar con --verbose e informa del problema",
            en: "unexpected failure (\(error)); run again with --verbose and report the problem"))
        return .failure
    }

    /// Returns the `language` of the store's `keyship.yaml`, if it can be read; any problem
    /// with the file is left for the command to report.
    private static func storeLanguage(at root: String) -> Language? {
        let url = URL(fileURLWithPath: root).appendingPathComponent(StoreLayout.configFile)
        guard let data = try? Data(contentsOf: url),
              let node = try? YAMLParser().parse(Array(data), path: StoreLayout.configFile),
              let value = node["language"]?.scalar?.value
        else { return nil }
        return Language(rawValue: value)
    }

    private static func earlyValue(_ name: String, in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == name, index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
        }
        return nil
    }
}

enum KeyshipVersion {
    static let current = "0.1.0"
}
