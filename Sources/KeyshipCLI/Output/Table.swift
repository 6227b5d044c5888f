/// Plain-text tables for the terminal: columns padded to their widest cell.
enum Table {
    /// Renders `rows` (the first is the heading) with two spaces between columns and a line of
    /// dashes under the heading.
    static func render(_ rows: [[String]]) -> String {
        guard let heading = rows.first else { return "" }
        var widths = Array(repeating: 0, count: heading.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ row: [String]) -> String {
            var text = ""
            for (index, cell) in row.enumerated() {
                let isLast = index == row.count - 1
                text += isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            return text
        }
        var lines = [line(heading), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.dropFirst().map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
