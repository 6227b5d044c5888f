import Foundation
import KeyshipCore
import KeyshipTestSupport
@testable import KeyshipCLI

/// What one in-process run of keyship printed and returned.
struct CLIResult {
    var exitCode: ExitCode
    var output: String
    var errors: String
}

/// Runs keyship commands in process, with the fixture's environment and a captured console.
enum CLIHarness {
    /// A fixed clock, so dates in output and commits are predictable.
    static let now = Timestamp(iso: "2026-12-04T12:00:00Z")!

    static func run(
        _ arguments: [String], environment: [String: String], in folder: URL? = nil,
        now: Timestamp = CLIHarness.now
    ) async -> CLIResult {
        let console = MemoryConsole()
        let code = await KeyshipCommandLine.run(
            arguments, environment: environment,
            currentDirectory: (folder ?? FileManager.default.temporaryDirectory).path,
            console: console, now: { now })
        return CLIResult(exitCode: code, output: console.output, errors: console.errors)
    }

    static func run(_ arguments: [String], fixture: StoreFixture, now: Timestamp = CLIHarness.now) async -> CLIResult {
        await run(arguments, environment: fixture.environment, in: fixture.root, now: now)
    }
}
