import Synchronization

/// A small structured logger shaped like swift-log's: a label, a level and key-value metadata.
///
/// Log lines are diagnostics for engineers and stay in English; everything an operator must act
/// on goes through reports and errors, which exist in both languages. Never pass a licence key,
/// a credential or a buyer's personal data as message or metadata.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace
        case debug
        case info
        case notice
        case warning
        case error

        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.description == name.lowercased() }) else {
                return nil
            }
            self = level
        }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public typealias Metadata = [String: String]

    public var label: String
    public var handler: any LogHandler
    public var metadata: Metadata

    public init(label: String, handler: any LogHandler, metadata: Metadata = [:]) {
        self.label = label
        self.handler = handler
        self.metadata = metadata
    }

    /// A logger that drops everything, for callers that do not log.
    public static let disabled = Logger(label: "disabled", handler: DiscardingLogHandler())

    /// Returns a copy whose lines also carry `metadata`.
    public func with(_ extra: Metadata) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    public func log(_ level: Level, _ message: @autoclosure () -> String, _ extra: Metadata = [:]) {
        guard level >= handler.minimumLevel else { return }
        var all = metadata
        all.merge(extra) { _, new in new }
        handler.write(LogRecord(level: level, label: label, message: message(), metadata: all))
    }

    public func trace(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.trace, message(), extra) }
    public func debug(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.debug, message(), extra) }
    public func info(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.info, message(), extra) }
    public func notice(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.notice, message(), extra) }
    public func warning(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.warning, message(), extra) }
    public func error(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.error, message(), extra) }
}

/// One log line before formatting.
public struct LogRecord: Sendable {
    public var level: Logger.Level
    public var label: String
    public var message: String
    public var metadata: Logger.Metadata

    /// `level label: message key=value ...` with keys sorted, so lines are stable to compare.
    public var formatted: String {
        var line = "\(level) \(label): \(message)"
        for key in metadata.keys.sorted() {
            line += " \(key)=\(metadata[key] ?? "")"
        }
        return line
    }
}

/// Where log records go.
public protocol LogHandler: Sendable {
    var minimumLevel: Logger.Level { get }
    func write(_ record: LogRecord)
}

public struct DiscardingLogHandler: LogHandler {
    public init() {}
    public var minimumLevel: Logger.Level { .error }
    public func write(_ record: LogRecord) {}
}

/// Keeps records in memory so tests can read what was logged.
public final class MemoryLogHandler: LogHandler {
    private let storage = Mutex<[LogRecord]>([])
    public let minimumLevel: Logger.Level

    public init(minimumLevel: Logger.Level = .trace) {
        self.minimumLevel = minimumLevel
    }

    public func write(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
    }

    public var records: [LogRecord] { storage.withLock { $0 } }
}
