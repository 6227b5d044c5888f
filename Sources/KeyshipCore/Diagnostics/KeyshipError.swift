/// An error that reaches the operator: it carries its own text in every language and the
/// process exit code it stands for.
///
/// Adapters translate library failures into these at their edge, so the command line turns any
/// failure into one message and one exit code in a single place.
public protocol KeyshipError: Error, LocalizedMessage {
    /// The exit code a scheduler sees; see `ExitCode`.
    var exitCode: ExitCode { get }
}

extension KeyshipError {
    public var exitCode: ExitCode { .failure }
}

/// Process exit codes, documented in the README for schedulers.
public enum ExitCode: Int32, Sendable {
    /// Everything asked for was done.
    case success = 0
    /// The command failed; nothing it could not finish was left half-done.
    case failure = 1
    /// The command line was not understood.
    case usage = 2
    /// The run finished, but some orders need attention (waiting for stock, delivery errors,
    /// unmapped products).
    case attention = 3
    /// The run could not reach the store's remote or a channel; it changed nothing it could not
    /// record and should be retried.
    case unavailable = 4
}

/// A failure reported with a list of findings, such as a rejected import.
public struct DiagnosticsError: KeyshipError {
    public var summary: any LocalizedMessage
    public var diagnostics: [Diagnostic]

    public init(summary: any LocalizedMessage, diagnostics: [Diagnostic]) {
        self.summary = summary
        self.diagnostics = diagnostics
    }

    public func text(in language: Language) -> String {
        ([summary.text(in: language)] + diagnostics.map { $0.formatted(in: language) })
            .joined(separator: "\n")
    }
}
