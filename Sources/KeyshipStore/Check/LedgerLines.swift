import KeyshipCore
import KeyshipYAML

/// Finds the lines of fields in ledger records, parsing a record only when one of its fields is
/// reported.
struct LedgerLines {
    var tree: VisibleWorkTree
    /// Parsed records by path; nil when a record cannot be read again.
    private var nodes: [String: YAMLNode?] = [:]

    init(tree: VisibleWorkTree) {
        self.tree = tree
    }

    /// Returns the line of the first key with `id` in the record.
    mutating func line(ofKey id: String, in path: String) -> Int? {
        lines(ofKey: id, in: path).first
    }

    /// Returns the line of every key with `id` in the record, in file order.
    mutating func lines(ofKey id: String, in path: String) -> [Int] {
        var lines: [Int] = []
        for line in node(path)?["lines"]?.sequence ?? [] {
            for key in line["keys"]?.sequence ?? [] {
                guard let idNode = key["id"], idNode.scalar?.value == id else { continue }
                lines.append(idNode.line)
            }
        }
        return lines
    }

    /// Returns the line of a top-level field such as `order_id`.
    mutating func line(ofField field: String, in path: String) -> Int? {
        node(path)?[field]?.line
    }

    /// Returns the line of the `quantity` of the order line at `index` (0-based).
    mutating func line(ofQuantityAt index: Int, in path: String) -> Int? {
        guard let lines = node(path)?["lines"]?.sequence, lines.indices.contains(index) else { return nil }
        return lines[index]["quantity"]?.line
    }

    private mutating func node(_ path: String) -> YAMLNode? {
        if let cached = nodes[path] { return cached }
        var node: YAMLNode?
        if let bytes = try? tree.read(path) {
            node = try? YAMLParser().parse(bytes, path: path)
        }
        nodes[path] = node
        return node
    }
}
