/// A value a template text may insert, written `{{name}}`.
///
/// Spaces inside the braces are allowed (`{{ order_id }}`). `{{name|text}}` inserts `text` when
/// the value is empty, which matters for `buyer_name` because some marketplaces (Amazon) never
/// give the buyer's name: `Hola {{buyer_name|cliente}},`. Any other name is an error, reported
/// by `keyship check` with the template's path. A value is inserted once, as it is: a buyer name
/// that contains `{{order_id}}` is not expanded again. Templates cannot contain a literal `{{`.
public enum TemplatePlaceholder: String, Sendable, Hashable, CaseIterable {
    /// The marketplace's order id.
    case orderID = "order_id"
    /// The catalogue name of the product this part of the message is about.
    case productName = "product_name"
    /// How many keys of that product the order has.
    case quantity
    /// The seller's name from `keyship.yaml`.
    case sellerName = "seller_name"
    /// The buyer's name as the marketplace gives it; empty when it gives none.
    case buyerName = "buyer_name"
    /// The channel's name from `keyship.yaml`, such as `pccomponentes`.
    case channel

    /// Every placeholder as written in a template, for error messages.
    public static var allWritten: String {
        allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
    }
}

/// The values of the placeholders for one part of a message.
struct PlaceholderValues {
    var orderID: String
    var productName: String
    var quantity: Int
    var sellerName: String
    var buyerName: String
    var channel: String

    func value(of placeholder: TemplatePlaceholder) -> String {
        switch placeholder {
        case .orderID: orderID
        case .productName: productName
        case .quantity: String(quantity)
        case .sellerName: sellerName
        case .buyerName: buyerName
        case .channel: channel
        }
    }
}

/// A template text split into literal runs and placeholders.
struct TemplateText {
    enum Segment {
        case literal(String)
        case placeholder(TemplatePlaceholder, fallback: String?)
    }

    /// A fault found while parsing, with its 1-based line and column inside the text.
    struct Fault: Error {
        enum Kind {
            case unknownPlaceholder(String)
            case unclosedPlaceholder
        }

        var kind: Kind
        var line: Int
        var column: Int
    }

    var segments: [Segment]

    /// Parses `text`, returning every fault found instead of stopping at the first.
    static func parse(_ text: String) -> (TemplateText, [Fault]) {
        var segments: [Segment] = []
        var faults: [Fault] = []
        var literal = ""
        var rest = Substring(text)

        while let open = rest.firstRange(of: "{{") {
            literal += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            let position = Self.position(of: open.lowerBound, in: text)
            // A placeholder ends at the first `}}` on its own line; another `{{` or a line
            // break before it means this one was never closed.
            guard let close = afterOpen.firstRange(of: "}}"),
                  !afterOpen[..<close.lowerBound].contains(where: { $0.isNewline }),
                  !afterOpen[..<close.lowerBound].contains("{{")
            else {
                faults.append(Fault(kind: .unclosedPlaceholder, line: position.line, column: position.column))
                literal += rest[open]
                rest = afterOpen
                continue
            }

            let inside = afterOpen[..<close.lowerBound]
            let nameEnd = inside.firstIndex(of: "|") ?? inside.endIndex
            let name = inside[..<nameEnd].trimmingSpaces()
            let fallback = nameEnd < inside.endIndex ? inside[inside.index(after: nameEnd)...].trimmingSpaces() : nil
            if let placeholder = TemplatePlaceholder(rawValue: name) {
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(.placeholder(placeholder, fallback: fallback))
            } else {
                faults.append(Fault(kind: .unknownPlaceholder(name), line: position.line, column: position.column))
                literal += rest[open.lowerBound..<close.upperBound]
            }
            rest = afterOpen[close.upperBound...]
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return (TemplateText(segments: segments), faults)
    }

    /// Substitutes the values; an empty value takes the placeholder's fallback, if any.
    func render(_ values: PlaceholderValues) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .literal(let text):
                output += text
            case .placeholder(let placeholder, let fallback):
                let value = values.value(of: placeholder)
                output += value.isEmpty ? (fallback ?? "") : value
            }
        }
        return output
    }

    /// Returns the escape sequences written as two characters (`\n`, `\r`, `\t`), each with its
    /// line and column. A buyer would see them as written, so the template's YAML should
    /// contain a real line break instead.
    static func literalEscapes(in text: String) -> [(sequence: String, line: Int, column: Int)] {
        var found: [(String, Int, Int)] = []
        var line = 1
        var column = 1
        var previous: Character?
        for character in text {
            if previous == "\\", ["n", "r", "t"].contains(character) {
                found.append(("\\\(character)", line, column - 1))
            }
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
            // A doubled backslash is itself a literal character, not the start of a sequence.
            previous = previous == "\\" && character == "\\" ? nil : character
        }
        return found
    }

    private static func position(of index: String.Index, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text[..<index] {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

extension StringProtocol {
    /// Returns the text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
