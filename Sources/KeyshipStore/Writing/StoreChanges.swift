/// Files to write and delete in one commit, by store path.
public struct StoreChanges: Sendable {
    public private(set) var writes: [String: [UInt8]] = [:]
    public private(set) var deletions: Set<String> = []

    public init() {}

    public var isEmpty: Bool { writes.isEmpty && deletions.isEmpty }

    /// Every path the commit touches, sorted.
    public var paths: [String] { (Array(writes.keys) + Array(deletions)).sorted() }

    public mutating func write(_ path: String, _ text: String) {
        write(path, Array(text.utf8))
    }

    public mutating func write(_ path: String, _ bytes: [UInt8]) {
        deletions.remove(path)
        writes[path] = bytes
    }

    public mutating func delete(_ path: String) {
        writes[path] = nil
        deletions.insert(path)
    }

    /// Adds `other`'s changes; where both touch a path, `other` wins.
    public mutating func merge(_ other: StoreChanges) {
        for (path, bytes) in other.writes { write(path, bytes) }
        for path in other.deletions { delete(path) }
    }
}

/// A commit message: a subject that says what moved, a body that says why, and trailers that
/// scripts query with `git log --grep` and `git interpret-trailers`.
public struct CommitMessage: Sendable, Hashable {
    public var subject: String
    public var body: String?
    /// Trailers in order; a key may repeat (`Order`, `Key-Id`).
    public var trailers: [Trailer]

    public struct Trailer: Sendable, Hashable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(subject: String, body: String? = nil, trailers: [Trailer] = []) {
        self.subject = subject
        self.body = body
        self.trailers = trailers
    }

    /// The full message as git stores it. Line breaks inside values become spaces, so a value
    /// can never start a new trailer.
    public var text: String {
        var text = subject + "\n"
        if let body, !body.isEmpty { text += "\n" + body + "\n" }
        if !trailers.isEmpty {
            text += "\n"
            for trailer in trailers {
                let value = trailer.value.split(whereSeparator: \.isNewline).joined(separator: " ")
                text += "\(trailer.key): \(value)\n"
            }
        }
        return text
    }
}
