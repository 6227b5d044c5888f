import Foundation
import KeyshipCore
import KeyshipStore

/// Finds the store a command works on and loads its definition.
struct StoreLocation {
    /// The store's root folder (the work tree, or a bare repository's folder).
    var root: String

    /// Finds the store from the `--store` option, then `KEYSHIP_STORE`, then the current folder.
    init(arguments: ParsedArguments, context: CommandContext) {
        let given = arguments.value("store") ?? context.environment["KEYSHIP_STORE"]
        root = given.map(context.absolutePath) ?? context.currentDirectory
    }

    /// The work tree as files on disk, where uncommitted edits count.
    var workTree: WorkTreeSnapshot { WorkTreeSnapshot(root: root) }

    /// Loads the definition from the work tree, failing with every problem found when the
    /// settings or catalogue cannot be used.
    func loadDefinition(context: CommandContext) throws -> (StoreDefinition, CommandContext) {
        let (definition, diagnostics) = try StoreDefinition.load(from: workTree)
        let language = definition.map { context.withStoreLanguage($0.config.language) } ?? context
        guard let definition, !diagnostics.hasErrors else {
            throw DiagnosticsError(summary: StoreCommandMessage.invalidStore(root), diagnostics: diagnostics.sorted)
        }
        for warning in diagnostics.items where warning.severity == .warning {
            language.warn(warning)
        }
        return (definition, language)
    }
}

/// Messages shared by the commands that work on a store.
enum StoreCommandMessage: LocalizedMessage {
    case invalidStore(String)

    func text(in language: Language) -> String {
        switch self {
        case .invalidStore(let root):
            language.pick(
                es: "la tienda en \(root) tiene errores; corrígelos y vuelve a intentarlo (keyship check los lista todos):",
                en: "the store in \(root) has errors; fix them and try again (keyship check lists them all):")
        }
    }
}

extension CommandContext {
    /// Prints a diagnostic to standard error in the operator's language.
    func warn(_ diagnostic: Diagnostic) {
        console.errorLine(diagnostic.formatted(in: language))
    }
}
