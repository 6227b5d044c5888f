import Foundation

extension BenchResult {
    /// The phases shown per run, with their column titles, in run order.
    static let phaseColumns: [(key: String, title: String)] = [
        ("sync", "sync"), ("pull", "pull"), ("plan", "plan"), ("reserve_commit", "reserve"), ("steps", "steps"),
        ("record", "record"), ("stock", "stock"), ("total", "total"),
    ]

    /// The figures as aligned tables for a terminal.
    var text: String {
        var lines: [String] = []
        let products = StoreBlueprint.products.count
        lines.append(
            "keyship-bench: \(orders) new orders on \(StoreBlueprint.channels.count) files channels; "
                + "\(keys) keys in stock in \(batches) batch files (\(products) products, 2 warehouses)")
        lines.append("machine: \(machine.cores) cores, \(machine.cpuModel), \(Self.mebibytes(machine.memoryBytes)) MiB memory")
        lines.append("")

        lines.append("store")
        var storeRows = [["past orders", "month folders", "largest folder", "packs MiB", "build s"]]
        for store in stores {
            storeRows.append([
                String(store.historyRecords), String(store.monthFolders), String(store.largestMonthFolder),
                Self.mebibytes(store.repositoryBytes), String(format: "%.1f", store.buildSeconds),
            ])
        }
        lines += Self.table(storeRows)
        lines.append("")

        let repeats = runs.map(\.samples.count).max() ?? 1
        lines.append(repeats > 1 ? "runs (seconds, median of \(repeats))" : "runs (seconds)")
        var header = ["past orders", "mode"] + Self.phaseColumns.map(\.title)
        if repeats > 1 { header.append("total range") }
        var runRows = [header + ["peak MiB", "delivered", "messages"]]
        for run in runs {
            var row = [String(run.historyRecords), run.mode.rawValue]
            row += Self.phaseColumns.map { String(format: "%.2f", run.median($0.key)) }
            if repeats > 1 {
                let totals = run.samples.map { $0.seconds["total"] ?? 0 }
                row.append(String(format: "%.2f-%.2f", totals.min() ?? 0, totals.max() ?? 0))
            }
            let delivered = run.samples.map { $0.outcomes["delivered"] ?? 0 }
            row += [
                Self.mebibytes(run.peakMemoryBytes), Self.range(delivered), Self.range(run.messagesWritten),
            ]
            runRows.append(row)
        }
        lines += Self.table(runRows)
        lines.append("")
        lines.append("reserve: the reservation transaction without its plan: read the tip (a fetch for remote), decrypt, write and publish the commit")
        lines.append("record:  the record transaction: read the tip (a fetch for remote), read the open records, write and publish the commit")
        lines.append("peak:    VmHWM of the process that ran the fulfilment, which did nothing else")
        var notes: [String] = []
        for run in runs {
            for sample in run.samples where sample.outcomes.keys.contains(where: { $0 != "delivered" }) {
                let others = sample.outcomes.filter { $0.key != "delivered" }.sorted { $0.key < $1.key }
                    .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                var note = "note: \(run.historyRecords) past orders, \(run.mode.rawValue): also \(others)"
                for (reason, count) in sample.failures.sorted(by: { $0.key < $1.key }) {
                    note += "\n      \(count) failed at \(reason)"
                }
                if !notes.contains(note) { notes.append(note) }
            }
        }
        lines += notes
        return lines.joined(separator: "\n") + "\n"
    }

    /// Returns `7` for a single value or equal values, `5-7` otherwise.
    static func range(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        return low == high ? String(low) : "\(low)-\(high)"
    }

    static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.0f", Double(bytes) / 1_048_576)
    }

    /// Right-aligns every column but the first two, which hold names and counts.
    static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.map { "  " + $0 }
    }

    /// Encodes the figures as pretty-printed JSON with sorted keys.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
