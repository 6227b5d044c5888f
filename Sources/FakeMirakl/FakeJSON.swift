import Foundation

/// A JSON value as the fake reads requests and writes responses.
///
/// Objects keep their members in the order written, so responses and state dumps are stable
/// to read and compare. Booleans, integers and other numbers stay apart when parsed, because
/// Foundation's `JSONSerialization` on Linux returns `NSNumber` for all three.
public enum FakeJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([FakeJSON])
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: FakeJSON

        public init(_ key: String, _ value: FakeJSON) {
            self.key = key
            self.value = value
        }
    }

    /// Makes an object from members in the order given.
    public static func fields(_ members: KeyValuePairs<String, FakeJSON>) -> FakeJSON {
        .object(members.map { Member($0.key, $0.value) })
    }

    /// Makes a string, or `null` for nil.
    static func optional(_ text: String?) -> FakeJSON {
        text.map { .string($0) } ?? .null
    }

    // MARK: Reading

    subscript(key: String) -> FakeJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var int: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The value of an integer or any other number.
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [FakeJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// Parses JSON text, or returns nil when it is not JSON. Object members are sorted by key,
    /// since the decoder does not keep their order.
    static func parse(_ bytes: [UInt8]) -> FakeJSON? {
        try? JSONDecoder().decode(Decoded.self, from: Data(bytes)).value
    }

    private struct Decoded: Decodable {
        var value: FakeJSON

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                value = .null
            } else if let flag = try? container.decode(Bool.self) {
                value = .bool(flag)
            } else if let integer = try? container.decode(Int.self) {
                value = .int(integer)
            } else if let number = try? container.decode(Double.self) {
                value = .double(number)
            } else if let text = try? container.decode(String.self) {
                value = .string(text)
            } else if let items = try? container.decode([Decoded].self) {
                value = .array(items.map(\.value))
            } else {
                let members = try container.decode([String: Decoded].self)
                value = .object(members.keys.sorted().map { Member($0, members[$0]!.value) })
            }
        }
    }

    // MARK: Writing

    /// The value as compact JSON text.
    public var encoded: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .int(let value):
            output += String(value)
        case .double(let value):
            output += value.isFinite ? String(value) : "null"
        case .string(let value):
            Self.writeString(value, to: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(member.key, to: &output)
                output += ":"
                member.value.write(to: &output)
            }
            output += "}"
        }
    }

    /// Writes a JSON string literal: quotes, backslashes and control characters escaped, the
    /// rest as UTF-8.
    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
