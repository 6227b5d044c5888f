import KeyshipCore
import KeyshipStore

extension StoreLocation {
    /// Loads the store's definition and runs `body` with a context in the store's language.
    func run(
        _ context: CommandContext, _ body: (StoreDefinition, CommandContext) throws -> ExitCode
    ) throws -> ExitCode {
        let (definition, storeContext) = try loadDefinition(context: context)
        return try body(definition, storeContext)
    }
}
