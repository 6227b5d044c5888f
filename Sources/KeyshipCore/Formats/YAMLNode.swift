/// A parsed YAML node with the place it came from, so schema errors can name file, line and
/// column. The libyaml adapter builds these; the domain decodes store files from them.
public struct YAMLNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var kind: Kind
    /// 1-based line and column of the node's first character.
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// True for an empty plain scalar, `~` and `null`, as YAML 1.2's core schema reads them.
    public var isNull: Bool { scalar?.isNull ?? false }

    /// Returns the value of `key` in a mapping, or nil when absent or when this is no mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.value == key }?.value
    }

    /// The kind of node in words, for error messages.
    public var kindName: String {
        switch kind {
        case .scalar(let scalar): scalar.isNull ? "null" : "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }
}

/// A scalar's text and how it was written: quoted scalars are always strings.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    public var value: String
    public var style: Style

    public init(_ value: String, style: Style = .plain) {
        self.value = value
        self.style = style
    }

    public var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// The boolean a plain scalar stands for (`true`/`false` in any case); nil otherwise.
    public var bool: Bool? {
        guard style == .plain else { return nil }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// The integer a plain scalar stands for; nil otherwise.
    public var int: Int? {
        style == .plain ? Int(value) : nil
    }
}

public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
