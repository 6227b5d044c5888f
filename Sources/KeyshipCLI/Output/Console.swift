import KeyshipCore
import Synchronization

/// Where a command writes what the operator reads: standard output for results, standard error
/// for errors and progress. Tests capture both in memory.
protocol Console: Sendable {
    func write(_ text: String)
    func writeError(_ text: String)
    /// True when standard error is a terminal, so progress may redraw one line.
    var isInteractive: Bool { get }
}

extension Console {
    func line(_ text: String = "") { write(text + "\n") }
    func errorLine(_ text: String) { writeError(text + "\n") }
}

/// Keeps everything written, for tests.
final class MemoryConsole: Console {
    private let storage = Mutex<(out: String, err: String)>(("", ""))

    var isInteractive: Bool { false }
    var output: String { storage.withLock { $0.out } }
    var errors: String { storage.withLock { $0.err } }

    func write(_ text: String) { storage.withLock { $0.out += text } }
    func writeError(_ text: String) { storage.withLock { $0.err += text } }
}
