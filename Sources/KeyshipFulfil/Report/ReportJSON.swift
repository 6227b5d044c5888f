import Foundation
public import KeyshipCore

extension RunReport {
    /// Renders the report for scripts: English keys, ISO 8601 times, messages in `language`.
    public func json(in language: Language) -> String {
        let document = Document(
            run: run, startedAt: startedAt.iso, finishedAt: finishedAt.iso, dryRun: dryRun,
            exitCode: Int(exitCode.rawValue),
            counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
            orders: orders.map { order in
                OrderLine(
                    channel: order.channel, orderID: order.orderID, outcome: order.outcome.kind.rawValue,
                    keyIDs: order.keyIDs, text: Self.describe(order, language: language),
                    needsAttention: order.outcome.needsAttention)
            },
            channelFailures: channelFailures.map {
                Failure(channel: $0.channel, phase: $0.phase.rawValue, message: $0.message.text(in: language))
            },
            problems: problems.map { $0.formatted(in: language) },
            alerts: alertChanges.map {
                Alert(event: $0.event.rawValue, kind: $0.condition.kind.rawValue, subject: $0.condition.subject, detail: $0.detail)
            },
            notification: notification?.rawValue,
            stockSync: stockSync.map {
                StockSync(channel: $0.channel, offers: $0.offers, reference: $0.reference, rejected: $0.rejected,
                          error: $0.error?.text(in: language))
            },
            commits: commits.map { Commit(phase: $0.phase, commit: $0.commit, subject: $0.subject, attempts: $0.attempts) },
            timings: Dictionary(timings.map { ($0.phase, $0.seconds) }, uniquingKeysWith: +))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private struct Document: Encodable {
        var run: String
        var startedAt: String
        var finishedAt: String
        var dryRun: Bool
        var exitCode: Int
        var counts: [String: Int]
        var orders: [OrderLine]
        var channelFailures: [Failure]
        var problems: [String]
        var alerts: [Alert]
        var notification: String?
        var stockSync: [StockSync]
        var commits: [Commit]
        var timings: [String: Double]

        enum CodingKeys: String, CodingKey {
            case run, counts, orders, problems, alerts, notification, commits, timings
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case dryRun = "dry_run"
            case exitCode = "exit_code"
            case channelFailures = "channel_failures"
            case stockSync = "stock_sync"
        }
    }

    private struct OrderLine: Encodable {
        var channel: String
        var orderID: String
        var outcome: String
        var keyIDs: [String]
        var text: String
        var needsAttention: Bool

        enum CodingKeys: String, CodingKey {
            case channel, outcome, text
            case orderID = "order_id"
            case keyIDs = "key_ids"
            case needsAttention = "needs_attention"
        }
    }

    private struct Failure: Encodable {
        var channel: String
        var phase: String
        var message: String
    }

    private struct Alert: Encodable {
        var event: String
        var kind: String
        var subject: String
        var detail: String
    }

    private struct StockSync: Encodable {
        var channel: String
        var offers: Int
        var reference: String?
        var rejected: [String: String]
        var error: String?
    }

    private struct Commit: Encodable {
        var phase: String
        var commit: String
        var subject: String
        var attempts: Int
    }
}
