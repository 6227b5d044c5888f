public import KeyshipCore

/// Reads one YAML document into a `YAMLNode` tree with 1-based line and column marks.
///
/// The input must be UTF-8 (a leading byte order mark is skipped) and hold at most one
/// document; an empty file, or one with only comments, is a null scalar at 1:1. Anchors and
/// aliases are resolved by copying the anchored node, up to `aliasExpansionLimit` copied nodes in
/// total. Duplicate mapping keys, explicit tags and undefined aliases are errors.
public struct YAMLParser: Sendable {
    /// Nodes that aliases may add to a document in total, so a crafted file cannot expand to
    /// billions of nodes ("billion laughs"). Store files use aliases little or not at all.
    public var aliasExpansionLimit: Int
    /// Nesting depth of sequences and mappings, so decoders that recurse cannot overflow the stack.
    public var nestingLimit: Int

    public init(aliasExpansionLimit: Int = 10_000, nestingLimit: Int = 256) {
        self.aliasExpansionLimit = aliasExpansionLimit
        self.nestingLimit = nestingLimit
    }

    /// Parses the file contents `bytes`; `path` names the file in errors.
    public func parse(_ bytes: some Collection<UInt8>, path: String) throws(YAMLParseError) -> YAMLNode {
        var content = Array(bytes)
        if content.starts(with: [0xEF, 0xBB, 0xBF]) {
            content.removeFirst(3)
        }
        if let invalid = TextPosition.firstInvalidUTF8(in: content) {
            let position = TextPosition(offset: invalid, in: content)
            throw YAMLParseError(
                location: SourceLocation(path: path, line: position.line, column: position.column),
                reason: .notUTF8(byte: content[invalid]))
        }

        var builder = TreeBuilder(path: path, limits: self)
        let parser = LibYAMLParser(bytes: content)
        do {
            while true {
                let event = try parser.nextEvent()
                if try builder.consume(event) { break }
            }
        } catch let problem as LibYAMLProblem {
            throw Self.error(for: problem, path: path, content: content)
        } catch let error as YAMLParseError {
            throw error
        } catch {
            // consume(_:) and nextEvent() throw only the two types above.
            preconditionFailure("unexpected error \(error)")
        }
        return builder.document ?? YAMLNode(.scalar(YAMLScalar("")), line: 1, column: 1)
    }

    /// Parses `text`, as when the file's bytes were already decoded.
    public func parse(_ text: String, path: String) throws(YAMLParseError) -> YAMLNode {
        try parse(Array(text.utf8), path: path)
    }

    private static func error(for problem: LibYAMLProblem, path: String, content: [UInt8]) -> YAMLParseError {
        let location: SourceLocation
        switch problem.position {
        case .mark(let line, let column):
            location = SourceLocation(path: path, line: line, column: column)
        case .offset(let offset):
            let position = TextPosition(offset: min(offset, content.count), in: content)
            location = SourceLocation(path: path, line: position.line, column: position.column)
        }
        return YAMLParseError(location: location, reason: .syntax(problem: problem.problem, context: problem.context))
    }
}

/// Builds the node tree from libyaml's events with an explicit stack, so deep input never
/// recurses.
private struct TreeBuilder {
    private enum Frame {
        case sequence(start: ParserEvent, anchor: String?, items: [YAMLNode], size: Int)
        case mapping(start: ParserEvent, anchor: String?, pairs: [YAMLPair], pendingKey: YAMLNode?,
                     firstLines: [YAMLNode: Int], size: Int)
    }

    let path: String
    let limits: YAMLParser
    private(set) var document: YAMLNode?
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var expandedNodes = 0

    init(path: String, limits: YAMLParser) {
        self.path = path
        self.limits = limits
    }

    /// Handles one event; returns true at the end of the stream.
    mutating func consume(_ event: ParserEvent) throws(YAMLParseError) -> Bool {
        switch event.kind {
        case .streamStart, .documentEnd:
            return false
        case .streamEnd:
            return true
        case .documentStart:
            if document != nil { throw error(at: event, .severalDocuments) }
            anchors = [:]
            return false
        case .alias(let name):
            guard let anchored = anchors[name] else { throw error(at: event, .undefinedAlias(name)) }
            expandedNodes += anchored.size
            guard expandedNodes <= limits.aliasExpansionLimit else {
                throw error(at: event, .aliasExpansionLimit(limits.aliasExpansionLimit))
            }
            // The copy keeps the anchored node's marks, so errors inside it point at the original.
            try add(anchored.node, size: anchored.size, anchor: nil)
        case .scalar(let scalar, let anchor, let hasTag):
            if hasTag { throw error(at: event, .tag) }
            try add(YAMLNode(.scalar(scalar), line: event.line, column: event.column), size: 1, anchor: anchor)
        case .sequenceStart(let anchor, let hasTag):
            if hasTag { throw error(at: event, .tag) }
            try push(.sequence(start: event, anchor: anchor, items: [], size: 1), at: event)
        case .mappingStart(let anchor, let hasTag):
            if hasTag { throw error(at: event, .tag) }
            try push(
                .mapping(start: event, anchor: anchor, pairs: [], pendingKey: nil, firstLines: [:], size: 1),
                at: event)
        case .sequenceEnd, .mappingEnd:
            // libyaml pairs every end event with a start event, so the stack is never empty here.
            switch stack.removeLast() {
            case .sequence(let start, let anchor, let items, let size):
                try add(YAMLNode(.sequence(items), line: start.line, column: start.column), size: size, anchor: anchor)
            case .mapping(let start, let anchor, let pairs, _, _, let size):
                try add(YAMLNode(.mapping(pairs), line: start.line, column: start.column), size: size, anchor: anchor)
            }
        }
        return false
    }

    private mutating func push(_ frame: Frame, at event: ParserEvent) throws(YAMLParseError) {
        guard stack.count < limits.nestingLimit else {
            throw error(at: event, .nestingLimit(limits.nestingLimit))
        }
        stack.append(frame)
    }

    /// Attaches a finished node to the collection being built, or makes it the document.
    private mutating func add(_ node: YAMLNode, size: Int, anchor: String?) throws(YAMLParseError) {
        if let anchor { anchors[anchor] = (node, size) }
        guard let top = stack.popLast() else {
            document = node
            return
        }
        switch top {
        case .sequence(let start, let anchor, var items, let total):
            items.append(node)
            stack.append(.sequence(start: start, anchor: anchor, items: items, size: total + size))
        case .mapping(let start, let anchor, var pairs, let pendingKey, var firstLines, let total):
            guard let key = pendingKey else {
                let identity = Self.identity(of: node)
                if let firstLine = firstLines[identity] {
                    throw YAMLParseError(
                        location: SourceLocation(path: path, line: node.line, column: node.column),
                        reason: .duplicateKey(Self.keyText(node), firstLine: firstLine))
                }
                firstLines[identity] = node.line
                stack.append(.mapping(
                    start: start, anchor: anchor, pairs: pairs, pendingKey: node, firstLines: firstLines,
                    size: total + size))
                return
            }
            pairs.append(YAMLPair(key: key, value: node))
            stack.append(.mapping(
                start: start, anchor: anchor, pairs: pairs, pendingKey: nil, firstLines: firstLines,
                size: total + size))
        }
    }

    private func error(at event: ParserEvent, _ reason: YAMLParseError.Reason) -> YAMLParseError {
        YAMLParseError(location: SourceLocation(path: path, line: event.line, column: event.column), reason: reason)
    }

    /// The key with its marks and scalar styles removed, so `a` and `"a"` count as the same key.
    private static func identity(of node: YAMLNode) -> YAMLNode {
        switch node.kind {
        case .scalar(let scalar):
            return YAMLNode(.scalar(YAMLScalar(scalar.value)), line: 0, column: 0)
        case .sequence(let items):
            return YAMLNode(.sequence(items.map(identity(of:))), line: 0, column: 0)
        case .mapping(let pairs):
            let stripped = pairs.map { YAMLPair(key: identity(of: $0.key), value: identity(of: $0.value)) }
            return YAMLNode(.mapping(stripped), line: 0, column: 0)
        }
    }

    private static func keyText(_ node: YAMLNode) -> String {
        node.scalar?.value ?? node.kindName
    }
}

/// A 1-based line and column inside UTF-8 text, counted as libyaml counts them: lines end at
/// `\n`, and columns count Unicode scalars.
struct TextPosition {
    var line: Int
    var column: Int

    init(offset: Int, in bytes: [UInt8]) {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        // Continuation bytes (10xxxxxx) do not start a scalar.
        let scalars = bytes[lineStart..<offset].count { $0 & 0xC0 != 0x80 }
        self.line = line
        self.column = scalars + 1
    }

    /// Returns the offset of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .error:
                return offset
            case .emptyInput:
                return nil
            }
        }
    }
}
