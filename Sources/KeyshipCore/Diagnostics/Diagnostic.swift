/// One finding about the store or an input file, with where it is and what to do about it.
public struct Diagnostic: Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: any LocalizedMessage

    public init(_ severity: Severity = .error, at location: SourceLocation?, _ message: any LocalizedMessage) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// Renders as `file:line:column: message`, the form editors and CI logs link to.
    public func formatted(in language: Language) -> String {
        let prefix = severity == .warning ? language.pick(es: "aviso: ", en: "warning: ") : ""
        let text = prefix + message.text(in: language)
        guard let location else { return text }
        return "\(location): \(text)"
    }

    public var description: String { formatted(in: .en) }
}

/// Collects diagnostics while a batch of work goes on, so every problem is reported at once.
public struct DiagnosticList: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var isEmpty: Bool { items.isEmpty }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func append(contentsOf other: DiagnosticList) { items.append(contentsOf: other.items) }

    public mutating func error(at location: SourceLocation?, _ message: any LocalizedMessage) {
        items.append(Diagnostic(.error, at: location, message))
    }

    public mutating func warning(at location: SourceLocation?, _ message: any LocalizedMessage) {
        items.append(Diagnostic(.warning, at: location, message))
    }

    /// The diagnostics ordered by file, line and column; unlocated ones first.
    public var sorted: [Diagnostic] {
        items.enumerated().sorted { left, right in
            switch (left.element.location, right.element.location) {
            case let (l?, r?): return l == r ? left.offset < right.offset : l < r
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): return left.offset < right.offset
            }
        }.map(\.element)
    }
}
