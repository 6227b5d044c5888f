import Foundation
import KeyshipCLI

// The executable stays thin: everything lives in KeyshipCLI, where tests can reach it.
let status = await KeyshipCommandLine.run(
    Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment,
    currentDirectory: FileManager.default.currentDirectoryPath)
exit(status)
