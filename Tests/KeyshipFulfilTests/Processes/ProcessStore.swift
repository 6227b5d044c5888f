import Foundation
import KeyshipCore
import KeyshipStore
import KeyshipTestSupport

/// A store on a bare remote for tests that run the built `keyship` binary.
///
/// The files channel `tienda` reads `../inbox` and writes `../outbox`, relative to each work
/// tree, so every clone of the remote (a runner, like one CI job's checkout) has an inbox and
/// an outbox of its own beside its work tree.
final class ProcessStore {
    let harness: FulfilHarness
    let keyBook: KeyBook

    var fixture: StoreFixture { harness.fixture }
    var logs: URL { fixture.scratch.url("logs") }

    /// Creates the store, lets `prepare` add keys and orders, commits and pushes to the remote.
    ///
    /// - Parameter alerts: an `alerts:` line for `keyship.yaml`, or empty for none.
    init(_ label: String, alerts: String = "", prepare: (StoreFixture, KeyBook) throws -> Void = { _, _ in }) throws {
        let keyBook = KeyBook()
        self.keyBook = keyBook
        harness = try FulfilHarness(label) { fixture in
            try fixture.write(
                StoreLayout.configFile,
                StoreFixture.defaultConfig(recipient: fixture.recipient, inbox: "../inbox", outbox: "../outbox", extra: alerts))
            try prepare(fixture, keyBook)
        }
    }

    /// Adds a batch of keys as an operator would: on the remote's latest commit, committed and
    /// pushed.
    func addKeysAndPush(product: String, batch: String, keys: [StoreFixture.Key]) throws {
        try fixture.git(["pull", "-q", "--ff-only", "origin", "main"])
        try keyBook.add(keys, product: product, batch: batch, to: fixture)
        try fixture.commitAll("Add \(keys.count) keys for \(product)")
        try fixture.git(["push", "-q", "origin", "main"])
    }

    // MARK: - Running the binary

    /// Returns the environment for `keyship` on the work tree at `root` (the store's own by default).
    func environment(root: URL? = nil, extra: [String: String] = [:]) -> [String: String] {
        var environment = KeyshipBinary.environment(fixture.environment)
        environment["KEYSHIP_STORE"] = (root ?? fixture.root).path
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Runs `keyship fulfil` on the store's own work tree and waits for it.
    func fulfil(_ arguments: [String] = [], label: String, extra: [String: String] = [:]) throws -> KeyshipResult {
        try KeyshipBinary.run(["fulfil"] + arguments, environment: environment(extra: extra), outputFolder: logs, label: label)
    }

    // MARK: - Runners

    /// One clone of the remote with its own inbox (a copy of the store's) and outbox.
    struct Runner {
        var name: String
        var root: URL
        var inbox: URL
        var outbox: URL
    }

    /// Clones the remote into `<name>/store` and copies the store's inbox to `<name>/inbox`.
    func makeRunner(_ name: String) throws -> Runner {
        let root = try fixture.clone(to: "\(name)/store")
        let inbox = fixture.scratch.url("\(name)/inbox")
        try FileManager.default.copyItem(at: fixture.inbox, to: inbox)
        return Runner(name: name, root: root, inbox: inbox, outbox: fixture.scratch.url("\(name)/outbox"))
    }

    /// Starts `keyship fulfil --json` on each runner's work tree at the same moment, without
    /// waiting. Each process's output files are named `<runner>-<label>`.
    func startTogether(_ runners: [Runner], label: String) throws -> [KeyshipProcess] {
        try KeyshipBinary.startTogether(
            runners.map { (["fulfil", "--json"], environment(root: $0.root), "\($0.name)-\(label)") }, outputFolder: logs)
    }

    // MARK: - Reading the remote

    /// Every ledger record on the remote's main branch, open and closed.
    func remoteRecords() throws -> [(path: String, record: LedgerRecord)] {
        let store = try StoreRepository(path: fixture.root.path, environment: fixture.environment, logger: .disabled)
        let snapshot = store.snapshot(try store.sync())
        let all = try LedgerReader(snapshot: snapshot).allRecords()
        if !all.diagnostics.items.isEmpty {
            throw DamagedLedger(description: "damaged ledger records on the remote: \(all.diagnostics.items.map { $0.formatted(in: .en) })")
        }
        return all.records
    }

    /// Returns the remote's commits, oldest first, with their parent count, subject and
    /// `Keyship-Run` and `Key-Id` trailer values.
    func remoteCommits() throws -> [RemoteCommit] {
        let format = "%H%x1f%P%x1f%s%x1f%(trailers:key=Keyship-Run,valueonly,separator=%x2c)%x1f%(trailers:key=Key-Id,valueonly,separator=%x2c)%x1e"
        let output = try harness.remoteGit(["log", "--reverse", "--format=\(format)", "main"])
        return output.split(separator: "\u{1e}").compactMap { entry in
            let fields = entry.trimmingCharacters(in: .newlines).split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else { return nil }
            return RemoteCommit(
                id: fields[0], parents: fields[1].split(separator: " ").count, subject: fields[2],
                runs: fields[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                keyIDs: fields[4].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }

    /// Returns the plaintext keys in each `.eml` message of `outbox`, by file name, read with
    /// Python's `email` package.
    static func sentKeys(in outbox: URL) throws -> [String: [String]] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: outbox.path) else { return [:] }
        var keys: [String: [String]] = [:]
        for name in names where name.hasSuffix(".eml") {
            let parsed = try PythonEmail.parse(Array(try Data(contentsOf: outbox.appendingPathComponent(name))))
            keys[name] = FulfilHarness.keys(in: parsed.body)
        }
        return keys
    }

    /// Returns the names of the `.eml` files in `outbox`, sorted.
    static func messageNames(in outbox: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }

}

/// Adds key batches to a store and remembers each key's plaintext, so tests can compare sent
/// messages with the key ids in ledger records.
final class KeyBook {
    private(set) var plaintexts: [String: String] = [:]

    /// Writes the batch file and records the keys' plaintexts.
    func add(_ keys: [StoreFixture.Key], product: String, batch: String, to fixture: StoreFixture) throws {
        try fixture.addBatch(product: product, batch: batch, keys: keys)
        for key in keys { plaintexts[key.id] = key.plaintext }
    }

    /// Returns the plaintext of each key id, in the order given.
    func plaintexts(of ids: [String]) -> [String] {
        ids.map { plaintexts[$0] ?? "unknown key \($0)" }
    }
}

/// One commit on the remote.
struct RemoteCommit {
    var id: String
    var parents: Int
    var subject: String
    var runs: [String]
    var keyIDs: [String]
}

/// Ledger records on the remote that do not decode.
struct DamagedLedger: Error, CustomStringConvertible {
    var description: String
}
