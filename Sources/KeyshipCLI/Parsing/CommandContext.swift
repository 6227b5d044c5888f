import Foundation
import KeyshipCore

/// Everything a command reads from its surroundings, passed in so tests can run commands in
/// process with their own environment, folder, console and clock.
final class CommandContext: Sendable {
    let environment: [String: String]
    let currentDirectory: String
    let console: any Console
    /// The `--lang` option, kept so the language can be resolved again once the store's own
    /// setting is known.
    let languageOption: String?
    let language: Language
    let verbose: Bool
    let logger: Logger
    let now: @Sendable () -> Timestamp

    init(
        environment: [String: String], currentDirectory: String, console: any Console,
        languageOption: String?, storeLanguage: Language? = nil, verbose: Bool,
        now: @escaping @Sendable () -> Timestamp = CommandContext.systemNow
    ) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.console = console
        self.languageOption = languageOption
        self.language = Language.resolve(option: languageOption, environment: environment, storeSetting: storeLanguage)
        self.now = now
        self.verbose = verbose
        let level = verbose ? Logger.Level.debug : (environment["KEYSHIP_LOG"].flatMap(Logger.Level.init(name:)) ?? .error)
        let handler: any LogHandler = verbose || environment["KEYSHIP_LOG"] != nil
            ? ConsoleLogHandler(console: console, minimumLevel: level)
            : DiscardingLogHandler()
        self.logger = Logger(label: "keyship", handler: handler)
    }

    /// A copy whose language also considers the store's setting.
    func withStoreLanguage(_ storeLanguage: Language) -> CommandContext {
        CommandContext(
            environment: environment, currentDirectory: currentDirectory, console: console,
            languageOption: languageOption, storeLanguage: storeLanguage,
            verbose: verbose, now: now)
    }

    /// Resolves a path the operator typed against the current folder.
    func absolutePath(_ path: String) -> String {
        let expanded = path.hasPrefix("~/") ? (environment["HOME"] ?? "~") + path.dropFirst(1) : path
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL.path }
        return URL(fileURLWithPath: currentDirectory).appendingPathComponent(expanded).standardizedFileURL.path
    }

    /// Writes a localized message to standard output.
    func say(_ message: any LocalizedMessage) {
        console.line(message.text(in: language))
    }

    /// Writes a localized message to standard error.
    func warn(_ message: any LocalizedMessage) {
        console.errorLine(message.text(in: language))
    }

    @Sendable static func systemNow() -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
    }
}
