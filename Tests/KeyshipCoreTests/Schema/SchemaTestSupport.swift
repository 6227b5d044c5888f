import KeyshipCore
import KeyshipYAML
import Testing

/// Parses YAML text the way the store reader does, for schema tests.
func parseYAML(_ text: String, path: String) throws -> YAMLNode {
    try YAMLParser().parse(text, path: path)
}

extension DiagnosticList {
    /// Every diagnostic in file order, formatted as the command line prints them.
    func messages(_ language: Language = .en) -> [String] {
        sorted.map { $0.formatted(in: language) }
    }
}

/// An age recipient in the form `age-keygen` prints.
let sampleRecipient = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"

/// A mistake in a file and the exact diagnostics it must produce, in English.
struct SchemaCase: Sendable, CustomStringConvertible {
    var description: String
    var yaml: String
    var messages: [String]
}
