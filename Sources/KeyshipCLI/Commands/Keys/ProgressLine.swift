import KeyshipCore

/// Progress of a long step on standard error: one redrawn line on a terminal, otherwise one
/// line each time another tenth of the work is done, so CI logs stay short.
final class ProgressLine {
    /// Steps with fewer items than this finish fast enough to show no progress at all.
    static let minimumTotal = 1000

    private let console: any Console
    private let label: String
    private let total: Int
    private let isShown: Bool
    private var lastTenth = 0
    private var lastDrawn = -1

    init(_ label: Text, total: Int, context: CommandContext) {
        console = context.console
        self.label = label.text(in: context.language)
        self.total = total
        isShown = total >= Self.minimumTotal
    }

    /// Records that `done` items of the total are finished.
    func update(_ done: Int) {
        guard isShown else { return }
        if console.isInteractive {
            // Redrawing on every item would cost more than the work; one percent steps suffice.
            let percent = done * 100 / total
            guard percent != lastDrawn || done == total else { return }
            lastDrawn = percent
            console.writeError("\r\(line(done))")
            if done == total { console.writeError("\n") }
        } else {
            let tenth = done * 10 / total
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            console.errorLine(line(done))
        }
    }

    private func line(_ done: Int) -> String {
        "\(label): \(done)/\(total) (\(done * 100 / total)%)"
    }
}
