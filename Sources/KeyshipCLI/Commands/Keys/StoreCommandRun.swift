import KeyshipCore
import KeyshipStore

extension StoreLocation {
    /// Loads the store's definition and runs `body` with a context in the store's language.
    ///
    /// Errors thrown by `body` are reported here, in that language: the command line reports
    /// errors with the context it started with, which does not know the store's `language`.
    func run(
        _ context: CommandContext, _ body: (StoreDefinition, CommandContext) throws -> ExitCode
    ) throws -> ExitCode {
        let (definition, storeContext) = try loadDefinition(context: context)
        do {
            return try body(definition, storeContext)
        } catch {
            return KeyshipCommandLine.report(error, context: storeContext)
        }
    }
}
