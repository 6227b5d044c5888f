import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipFulfil
import KeyshipStore

/// The figures of one measured fulfilment run, sent back to the driver as JSON.
struct RunFigures: Codable {
    /// Seconds per phase as `RunReport.timings` names them (a phase that ran more than once,
    /// such as `plan` after a rejected push, is summed), plus `reserve_commit`: the
    /// reservation transaction without its planning.
    var seconds: [String: Double]
    /// How many orders ended with each outcome (`delivered`, `waiting`, ...).
    var outcomes: [String: Int]
    /// Failed orders by step and reason (the reasons name no key and no buyer).
    var failures: [String: Int]
    /// Subjects of the published commits, in order.
    var commits: [String]
    /// Attempts the reservation commit needed: 1 unless another run pushed first.
    var reserveAttempts: Int
    var exitCode: Int32
    /// `VmHWM` of the measuring process: its peak resident memory, in bytes.
    var peakMemoryBytes: Int
}

/// The child process that runs `keyship fulfil` once, through the `FulfilmentRun` API, on a
/// prepared repository, and prints `RunFigures` as JSON.
///
/// A fresh process per run keeps the peak memory figure to the run itself (the store builder
/// needs far more) and starts with empty caches, as a scheduled CI job does.
enum Measurement {
    static func run(repository: String, identityFile: String) async throws -> RunFigures {
        let environment = [IdentityLoader.identityFileVariable: identityFile]
        let identities = try IdentityLoader.load(environment: environment) ?? []
        let clock = BenchClock()
        let store = try StoreRepository(path: repository, environment: [:], logger: .disabled)
        let dependencies = FulfilmentRun.Dependencies(
            store: store,
            channels: StandardChannelFactory(environment: [:], now: clock.now, logger: .disabled),
            identities: identities, environment: [:], now: clock.now, logger: .disabled)
        let report = try await FulfilmentRun(dependencies: dependencies, options: FulfilOptions()).run()

        var seconds: [String: Double] = [:]
        for timing in report.timings { seconds[timing.phase, default: 0] += timing.seconds }
        seconds["reserve_commit"] = (seconds["reserve"] ?? 0) - (seconds["plan"] ?? 0)
        var outcomes: [String: Int] = [:]
        for (kind, count) in report.counts { outcomes[kind.rawValue] = count }
        var failures: [String: Int] = [:]
        for order in report.orders {
            if case .failed(let step, let reason) = order.outcome { failures["\(step): \(reason)", default: 0] += 1 }
        }
        return RunFigures(
            seconds: seconds, outcomes: outcomes, failures: failures, commits: report.commits.map(\.subject),
            reserveAttempts: report.commits.first { $0.phase == "reserve" }?.attempts ?? 0,
            exitCode: report.exitCode.rawValue, peakMemoryBytes: ProcessMemory.peakResidentBytes() ?? 0)
    }
}

/// The run's clock: `StoreBlueprint.now`, advancing with real time, so timestamps move during a
/// run as they would in production while the data stays the same on every machine.
struct BenchClock: Sendable {
    let started = Date()

    var now: @Sendable () -> Timestamp {
        let started = started
        return {
            StoreBlueprint.now.adding(seconds: Int64(Date().timeIntervalSince(started)))
        }
    }
}

/// Memory figures of the current process, from `/proc/self/status` (Linux only).
enum ProcessMemory {
    /// `VmHWM`: the peak resident set size so far, in bytes; nil where `/proc` is missing.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, let kibibytes = Int(fields[1]), fields[2] == "kB" else { return nil }
            return kibibytes * 1024
        }
        return nil
    }
}
