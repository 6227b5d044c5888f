import Foundation

/// The kind of repository a measured run works on.
enum RepositoryMode: String, Codable, CaseIterable {
    /// A bare repository with no remote: the run publishes by moving the branch reference.
    case local
    /// A bare clone of a bare remote on the same disk: the run fetches and pushes.
    case remote
}

/// The command line of `keyship-bench`.
struct BenchOptions {
    var orders = 1_000
    var keys = 100_000
    var batches = 1_000
    /// Past order counts to measure, in increasing order; the store grows from one to the next.
    var history = [100_000, 1_000_000]
    var modes: [RepositoryMode] = [.local, .remote]
    /// Runs per history size and mode; the figures shown are their medians.
    var repeats = 1
    var keep = false
    var json = false

    static let usage = """
        usage: keyship-bench [options]

        Builds a large synthetic store in a scratch folder under $TMPDIR (or /tmp) and times one
        `keyship fulfil` run on it per history size and repository mode.

        options:
          --orders N       new paid orders in the files channels' inboxes (default 1000)
          --keys N         keys in stock (default 100000)
          --batches N      batch files the keys are spread over (default 1000)
          --history N,...  past orders in the ledger, one run per value; the store grows from one
                           value to the next, so list them in increasing order (default 100000,1000000)
          --modes M,...    repository modes: local (no remote), remote (a bare remote on disk)
                           (default local,remote)
          --repeat N       runs per history size and mode, each on a fresh clone; the table
                           shows the median of each phase (default 1)
          --keep           keep the scratch folder and print its path
          --json           print the figures as JSON on stdout
          --help           print this help
        """

    struct UsageError: Error {
        var message: String
    }

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchOptions {
        var options = BenchOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--keep": options.keep = true
            case "--json": options.json = true
            case "--orders": options.orders = try count(argument, remaining.popFirst(), minimum: 1)
            case "--keys": options.keys = try count(argument, remaining.popFirst(), minimum: 1)
            case "--batches": options.batches = try count(argument, remaining.popFirst(), minimum: 1)
            case "--repeat": options.repeats = try count(argument, remaining.popFirst(), minimum: 1)
            case "--history":
                let values = try list(argument, remaining.popFirst()).map { (text) throws(UsageError) in
                    try count(argument, text, minimum: 0)
                }
                guard values == values.sorted(), Set(values).count == values.count else {
                    throw UsageError(message: "--history values must increase, such as 100000,1000000")
                }
                options.history = values
            case "--modes":
                options.modes = try list(argument, remaining.popFirst()).map { (text) throws(UsageError) in
                    guard let mode = RepositoryMode(rawValue: text) else {
                        throw UsageError(message: "--modes: unknown mode \"\(text)\"; use local, remote or both")
                    }
                    return mode
                }
            default:
                throw UsageError(message: "unknown option \"\(argument)\"; run keyship-bench --help")
            }
        }
        guard options.batches <= options.keys else {
            throw UsageError(message: "--batches (\(options.batches)) cannot exceed --keys (\(options.keys)): every batch file needs a key")
        }
        return options
    }

    private static func count(_ option: String, _ text: String?, minimum: Int) throws(UsageError) -> Int {
        guard let text else { throw UsageError(message: "\(option) needs a number") }
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard let value = Int(digits), value >= minimum else {
            throw UsageError(message: "\(option): \"\(text)\" is not a whole number of at least \(minimum)")
        }
        return value
    }

    private static func list(_ option: String, _ text: String?) throws(UsageError) -> [String] {
        guard let text, !text.isEmpty else { throw UsageError(message: "\(option) needs a value") }
        return text.split(separator: ",").map(String.init)
    }
}
