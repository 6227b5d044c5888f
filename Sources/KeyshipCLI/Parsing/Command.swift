import KeyshipCore

/// One `keyship` subcommand: its spec, and how it runs once its arguments are parsed.
protocol Command: Sendable {
    static var spec: CommandSpec { get }

    /// Runs the command and returns its exit code; throwing a `KeyshipError` reports it and exits
    /// with the error's code. Commands that do no asynchronous work may implement it without
    /// `async`.
    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> ExitCode
}

/// Every command, in the order help lists them.
enum CommandRegistry {
    static let all: [any Command.Type] = [
        InitCommand.self,
        KeygenCommand.self,
        KeysImportCommand.self,
        KeysListCommand.self,
        KeysEditCommand.self,
        KeysDeleteCommand.self,
        CheckCommand.self,
        FulfilCommand.self,
        OffersCommand.self,
        TemplatesPreviewCommand.self,
    ]

    /// Finds the command whose path is the longest prefix of `words`.
    static func match(_ words: [String]) -> (command: any Command.Type, rest: [String])? {
        var best: (any Command.Type, Int)?
        for command in all {
            let path = command.spec.path
            guard words.count >= path.count, Array(words.prefix(path.count)) == path else { continue }
            if path.count > (best?.1 ?? 0) { best = (command, path.count) }
        }
        guard let best else { return nil }
        return (best.0, Array(words.dropFirst(best.1)))
    }
}
