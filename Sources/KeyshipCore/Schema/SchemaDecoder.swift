/// Decodes one store file's YAML nodes into model values, collecting every problem with its
/// location instead of stopping at the first.
///
/// Readers return nil after reporting a problem, so callers build a value only from what was
/// valid. A null value (`field:` with nothing after it, `~`, `null`) counts as absent. One decoder
/// serves one file and one thread.
public final class SchemaDecoder {
    public let path: String
    public private(set) var diagnostics = DiagnosticList()

    public init(path: String) {
        self.path = path
    }

    public func location(of node: YAMLNode) -> SourceLocation {
        SourceLocation(path: path, line: node.line, column: node.column)
    }

    public func report(_ message: any LocalizedMessage, at node: YAMLNode) {
        diagnostics.error(at: location(of: node), message)
    }

    /// Returns `value` with the diagnostics; the value is nil when any error was reported.
    public func result<Value>(_ value: Value?) -> SchemaResult<Value> {
        SchemaResult(value: diagnostics.hasErrors ? nil : value, diagnostics: diagnostics)
    }

    // MARK: - Scalars

    /// Reads any non-null scalar as text, whatever its style, so `sku: 12345` reads as "12345".
    public func text(_ node: YAMLNode, field: String, allowEmpty: Bool = false) -> String? {
        guard let scalar = node.scalar, !scalar.isNull else {
            report(SchemaMessage.wrongType(field: field, expected: .text, found: SchemaFoundValue(node)), at: node)
            return nil
        }
        if !allowEmpty && scalar.value.allSatisfy(\.isWhitespace) {
            report(SchemaMessage.emptyText(field: field), at: node)
            return nil
        }
        return scalar.value
    }

    /// Reads a plain integer within `minimum...maximum` when those are given.
    public func integer(_ node: YAMLNode, field: String, minimum: Int? = nil, maximum: Int? = nil) -> Int? {
        guard let value = node.scalar?.int else {
            report(SchemaMessage.wrongType(field: field, expected: .integer, found: SchemaFoundValue(node)), at: node)
            return nil
        }
        if let minimum, value < minimum {
            report(SchemaMessage.belowMinimum(field: field, value: value, minimum: minimum), at: node)
            return nil
        }
        if let maximum, value > maximum {
            report(SchemaMessage.aboveMaximum(field: field, value: value, maximum: maximum), at: node)
            return nil
        }
        return value
    }

    /// Reads a plain `true` or `false`.
    public func boolean(_ node: YAMLNode, field: String) -> Bool? {
        guard let value = node.scalar?.bool else {
            report(SchemaMessage.wrongType(field: field, expected: .boolean, found: SchemaFoundValue(node)), at: node)
            return nil
        }
        return value
    }

    /// Reads text that must be one of `allowed`'s raw values.
    public func choice<Value: RawRepresentable>(_ node: YAMLNode, field: String, allowed: [Value]) -> Value?
    where Value.RawValue == String {
        guard let text = text(node, field: field) else { return nil }
        guard let value = allowed.first(where: { $0.rawValue == text }) else {
            report(SchemaMessage.invalidValue(field: field, value: text, allowed: allowed.map(\.rawValue)), at: node)
            return nil
        }
        return value
    }

    /// Reads an ISO 8601 date and time such as `2026-12-04T10:15:00Z`.
    public func timestamp(_ node: YAMLNode, field: String) -> Timestamp? {
        guard let text = text(node, field: field) else { return nil }
        guard let value = Timestamp(iso: text) else {
            report(SchemaMessage.invalidTimestamp(field: field, value: text), at: node)
            return nil
        }
        return value
    }

    /// Reads a `yyyy-mm-dd` date.
    public func date(_ node: YAMLNode, field: String) -> CivilDate? {
        guard let text = text(node, field: field) else { return nil }
        guard let value = CivilDate(iso: text) else {
            report(SchemaMessage.invalidDate(field: field, value: text), at: node)
            return nil
        }
        return value
    }

    // MARK: - Collections

    /// Reads a sequence's items; with `nonEmpty`, an empty list is reported.
    public func list(_ node: YAMLNode, field: String, nonEmpty: Bool = false) -> [YAMLNode]? {
        guard let items = node.sequence else {
            report(SchemaMessage.wrongType(field: field, expected: .list, found: SchemaFoundValue(node)), at: node)
            return nil
        }
        if nonEmpty && items.isEmpty {
            report(SchemaMessage.emptyList(field: field), at: node)
        }
        return items
    }

    /// Reads each item of a list with `read`, passing the item's field path (`field[n]`, from 1).
    public func items<Item>(
        _ node: YAMLNode, field: String, nonEmpty: Bool = false, _ read: (YAMLNode, String) -> Item?
    ) -> [Item]? {
        guard let nodes = list(node, field: field, nonEmpty: nonEmpty) else { return nil }
        var values: [Item] = []
        var complete = true
        for (index, item) in nodes.enumerated() {
            if let value = read(item, "\(field)[\(index + 1)]") {
                values.append(value)
            } else {
                complete = false
            }
        }
        return complete ? values : nil
    }

    /// Reads a mapping whose fields must all be in `known`; every other field is reported, with
    /// the nearest known name when one is close.
    public func mapping(_ node: YAMLNode, field: String, known: [String]) -> SchemaFields? {
        guard let pairs = node.mapping else {
            report(SchemaMessage.wrongType(field: field, expected: .mapping, found: SchemaFoundValue(node)), at: node)
            return nil
        }
        for pair in pairs {
            guard let key = pair.key.scalar?.value else {
                report(SchemaMessage.wrongType(field: field, expected: .text, found: SchemaFoundValue(pair.key)),
                       at: pair.key)
                continue
            }
            if !known.contains(key) {
                let message = SchemaMessage.unknownField(
                    field: SchemaFields.path(field, key), suggestion: FieldSuggestion.nearest(to: key, in: known),
                    known: known)
                report(message, at: pair.key)
            }
        }
        return SchemaFields(decoder: self, node: node, field: field)
    }

    /// Reads a mapping from names to values, such as `offers: {tienda: SKU-1}`, in file order.
    public func dictionary<Value>(
        _ node: YAMLNode, field: String, _ read: (YAMLNode, String) -> Value?
    ) -> [(key: String, keyNode: YAMLNode, value: Value)]? {
        guard let pairs = node.mapping else {
            report(SchemaMessage.wrongType(field: field, expected: .mapping, found: SchemaFoundValue(node)), at: node)
            return nil
        }
        var entries: [(key: String, keyNode: YAMLNode, value: Value)] = []
        var complete = true
        for pair in pairs {
            guard let key = text(pair.key, field: field) else {
                complete = false
                continue
            }
            guard let value = read(pair.value, SchemaFields.path(field, key)) else {
                complete = false
                continue
            }
            entries.append((key, pair.key, value))
        }
        return complete ? entries : nil
    }
}

/// The fields of one mapping, read by name.
public struct SchemaFields {
    public let decoder: SchemaDecoder
    public let node: YAMLNode
    /// The mapping's own field path; empty for the file's top level.
    public let field: String

    /// Returns the path of the field `key` inside this mapping, such as `seller.name`.
    public func path(_ key: String) -> String {
        Self.path(field, key)
    }

    static func path(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// Returns the value of `key`, or nil when it is absent or null.
    public func value(_ key: String) -> YAMLNode? {
        guard let value = node[key], !value.isNull else { return nil }
        return value
    }

    /// Returns the node of the key itself, for locating problems with a field that is present.
    public func keyNode(_ key: String) -> YAMLNode? {
        node.mapping?.first { $0.key.scalar?.value == key }?.key
    }

    /// Reads a field that must be present; reports it as missing when it is absent or null.
    public func required<Value>(_ key: String, _ read: (YAMLNode, String) -> Value?) -> Value? {
        guard let value = value(key) else {
            decoder.report(SchemaMessage.missingField(field: path(key)), at: keyNode(key) ?? node)
            return nil
        }
        return read(value, path(key))
    }

    /// Reads a field that may be absent; returns nil both when absent and when invalid, so
    /// callers that need to tell them apart check `decoder.diagnostics`.
    public func optional<Value>(_ key: String, _ read: (YAMLNode, String) -> Value?) -> Value? {
        guard let value = value(key) else { return nil }
        return read(value, path(key))
    }

    /// Reads a required text field; blank text is reported unless `allowEmpty` is true.
    public func requiredText(_ key: String, allowEmpty: Bool = false) -> String? {
        required(key) { decoder.text($0, field: $1, allowEmpty: allowEmpty) }
    }

    /// Reads an optional text field; blank text is reported unless `allowEmpty` is true.
    public func optionalText(_ key: String, allowEmpty: Bool = false) -> String? {
        optional(key) { decoder.text($0, field: $1, allowEmpty: allowEmpty) }
    }
}

/// The outcome of decoding one file: the value when the file was valid, and every problem.
public struct SchemaResult<Value> {
    public var value: Value?
    public var diagnostics: DiagnosticList

    public init(value: Value?, diagnostics: DiagnosticList) {
        self.value = value
        self.diagnostics = diagnostics
    }
}

extension SchemaResult: Sendable where Value: Sendable {}
