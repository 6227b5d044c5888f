import Foundation
public import KeyshipCore

extension RunReport {
    /// Renders the report as Markdown for a CI job summary (GitHub's `GITHUB_STEP_SUMMARY`).
    public func markdown(in language: Language) -> String {
        var lines = ["### keyship fulfil · \(run)", "", countsLine(in: language), ""]
        if !orders.isEmpty {
            lines.append(language.pick(es: "| Pedido | Resultado |", en: "| Order | Outcome |"))
            lines.append("|---|---|")
            for order in orders {
                let mark = order.outcome.needsAttention ? "⚠️ " : ""
                lines.append("| \(Self.escapeCell("\(order.channel)/\(order.orderID)")) | \(mark)\(Self.escapeCell(Self.describe(order, language: language))) |")
            }
            lines.append("")
        }
        for failure in channelFailures {
            lines.append("- ⚠️ \(failure.channel): \(Self.escapeCell(failure.message.text(in: language)))")
        }
        for change in alertChanges {
            lines.append("- \(change.event == .started ? "🔔" : "✅") \(Self.escapeCell(AlertText.line(change, language: language)))")
        }
        for commit in commits {
            lines.append("- `\(commit.commit.prefix(10))` \(Self.escapeCell(commit.subject))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escapeCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
