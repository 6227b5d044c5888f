public import KeyshipCore

/// Reads one YAML document into a `YAMLNode` tree with 1-based line and column marks.
///
/// The input must be UTF-8 (a leading byte order mark is skipped) and contain at most one
/// document. An empty file, or one with only comments, is a null scalar at 1:1. Anchors and
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
    /// A sequence or mapping whose end event has not arrived yet. Frames are changed in place
    /// inside `stack`, so appending never copies the collected children.
    private struct Frame {
        enum Kind {
            case sequence
            case mapping
        }

        var kind: Kind
        var line: Int
        var column: Int
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// A mapping's key waiting for its value.
        var pendingKey: YAMLNode?
        /// Where each key was first written, by text for scalar keys and by content for others.
        var scalarKeyLines: [String: Int] = [:]
        var complexKeyLines: [YAMLNode: Int] = [:]
        /// Nodes in this collection, itself included, for the alias expansion limit.
        var size = 1

        init(_ kind: Kind, at event: ParserEvent, anchor: String?) {
            self.kind = kind
            self.line = event.line
            self.column = event.column
            self.anchor = anchor
        }
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
            try push(Frame(.sequence, at: event, anchor: anchor), at: event)
        case .mappingStart(let anchor, let hasTag):
            if hasTag { throw error(at: event, .tag) }
            try push(Frame(.mapping, at: event, anchor: anchor), at: event)
        case .sequenceEnd, .mappingEnd:
            // libyaml pairs every end event with a start event, so the stack is never empty here.
            let frame = stack.removeLast()
            let kind: YAMLNode.Kind = frame.kind == .sequence ? .sequence(frame.items) : .mapping(frame.pairs)
            try add(YAMLNode(kind, line: frame.line, column: frame.column), size: frame.size, anchor: frame.anchor)
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
        guard !stack.isEmpty else {
            document = node
            return
        }
        let top = stack.count - 1
        stack[top].size += size
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(node)
        case .mapping:
            if let key = stack[top].pendingKey {
                stack[top].pairs.append(YAMLPair(key: key, value: node))
                stack[top].pendingKey = nil
                return
            }
            let firstLine: Int?
            if let scalar = node.scalar {
                firstLine = stack[top].scalarKeyLines.updateValue(node.line, forKey: scalar.value)
            } else {
                firstLine = stack[top].complexKeyLines.updateValue(node.line, forKey: Self.identity(of: node))
            }
            if let firstLine {
                throw YAMLParseError(
                    location: SourceLocation(path: path, line: node.line, column: node.column),
                    reason: .duplicateKey(node.scalar?.value ?? node.kindName, firstLine: firstLine))
            }
            stack[top].pendingKey = node
        }
    }

    private func error(at event: ParserEvent, _ reason: YAMLParseError.Reason) -> YAMLParseError {
        YAMLParseError(location: SourceLocation(path: path, line: event.line, column: event.column), reason: reason)
    }

    /// Returns a list or mapping key without marks and scalar styles, so keys with the same
    /// content match however they were written.
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
        // The standard library's validation is much faster than decoding scalar by scalar.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
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
