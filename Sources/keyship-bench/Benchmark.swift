import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipGit

/// The figures of one benchmark, as printed or written with `--json`.
struct BenchResult: Codable {
    var machine: MachineInfo
    var orders: Int
    var keys: Int
    var batches: Int
    var stores: [StoreFigures]
    var runs: [RunRow]
}

/// The store as measured, once per history size.
struct StoreFigures: Codable {
    var historyRecords: Int
    /// Entries in the largest `ledger/<channel>/<yyyy-mm>/` folder, which new orders close into.
    var largestMonthFolder: Int
    var monthFolders: Int
    var repositoryBytes: Int
    /// Seconds to write this size's objects and pack them (on top of the previous size's store).
    var buildSeconds: Double
}

/// The runs of one history size and mode.
struct RunRow: Codable {
    var historyRecords: Int
    var mode: RepositoryMode
    /// Every run, in the order they ran.
    var samples: [RunFigures]
    /// `.eml` messages the files channels wrote in each run: one per delivered order.
    var messagesWritten: [Int]

    /// Returns the median of `phase` over the samples (the lower middle one for an even count).
    func median(_ phase: String) -> Double {
        let values = samples.map { $0.seconds[phase] ?? 0 }.sorted()
        return values.isEmpty ? 0 : values[(values.count - 1) / 2]
    }

    /// The largest peak memory of the samples, in bytes.
    var peakMemoryBytes: Int {
        samples.map(\.peakMemoryBytes).max() ?? 0
    }
}

/// Builds the store in a scratch folder, measures each history size and mode, and cleans up.
struct Benchmark {
    var options: BenchOptions
    /// Progress lines go to standard error, so `--json` output stays clean.
    var progress: (String) -> Void = { line in
        FileHandle.standardError.write(Data("keyship-bench: \(line)\n".utf8))
    }

    /// The scratch folder; `cleanUp()` removes it unless `--keep` was given.
    let scratch: URL

    init(options: BenchOptions) throws {
        self.options = options
        scratch = try Self.makeScratchFolder()
    }

    /// Builds the store and measures every history size and mode.
    ///
    /// Only `cleanUp()` deletes files. Without a journal (as on the machine the published
    /// figures come from), ext4 skips inodes deleted in the last minute when it creates a file,
    /// or in the last six minutes when their table block is not written back yet. After a mass
    /// deletion, every file a run creates then costs far more. So the build keeps its loose
    /// objects, and each run's clones and outboxes move to `trash/`.
    func run() throws -> BenchResult {
        progress("building the store in \(scratch.path)")
        let identity = try AgeIdentity.generate()
        let identityFile = scratch.appendingPathComponent("identity.txt")
        try writePrivate(identity.encodedSecretKey().utf8String() ?? "", to: identityFile)

        // `build.git` receives the objects; `origin.git` shares only its packs, through hard links.
        let build = scratch.appendingPathComponent("build.git")
        let origin = scratch.appendingPathComponent("origin.git")
        let builder = StoreBuilder(
            repository: try Repository.create(at: build.path, bare: true), recipient: identity.recipient,
            channelsRoot: scratch)
        let originRepository = try Repository.create(at: origin.path, bare: true)
        try builder.writeInbox(orders: options.orders)

        var result = BenchResult(
            machine: .current(), orders: options.orders, keys: options.keys, batches: options.batches, stores: [], runs: [])
        var tip: ObjectID?
        var built = 0
        for history in options.history {
            let start = ContinuousClock.now
            let previous = tip
            if let parent = tip {
                tip = try builder.extendHistory(records: built..<history, parent: parent, progress: progress)
            } else {
                tip = try builder.buildInitial(
                    keys: options.keys, batches: options.batches, history: history, progress: progress)
            }
            built = history
            progress("packing the new objects")
            try Tool.git(["repack", "-q"], in: build)
            try Self.linkPacks(from: build, to: origin)
            try originRepository.updateReference(
                "refs/heads/main", to: tip!, expecting: previous, message: "keyship-bench: \(history) past orders")
            result.stores.append(try storeFigures(
                builder.repository, tip: tip!, history: history, origin: origin, seconds: Self.seconds(since: start)))
            progress("built \(history) past orders in \(StoreBuilder.elapsed(since: start))")

            for mode in options.modes {
                var row = RunRow(historyRecords: history, mode: mode, samples: [], messagesWritten: [])
                for attempt in 1...options.repeats {
                    progress("measuring run \(attempt) of \(options.repeats): \(history) past orders, \(mode.rawValue) repository")
                    let (figures, messages) = try measure(mode, identityFile: identityFile)
                    row.samples.append(figures)
                    row.messagesWritten.append(messages)
                }
                result.runs.append(row)
            }
        }
        return result
    }

    /// Removes the scratch folder, or prints its path with `--keep`.
    func cleanUp() {
        if options.keep {
            progress("kept the scratch folder \(scratch.path)")
        } else {
            progress("removing the scratch folder")
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    /// Hard-links the pack files of `source` that `target` does not have yet.
    static func linkPacks(from source: URL, to target: URL) throws {
        let packs = "objects/pack"
        let files = try FileManager.default.contentsOfDirectory(atPath: source.appendingPathComponent(packs).path)
        for name in files.sorted() where name.hasPrefix("pack-") {
            let destination = target.appendingPathComponent("\(packs)/\(name)")
            guard !FileManager.default.fileExists(atPath: destination.path) else { continue }
            try FileManager.default.linkItem(at: source.appendingPathComponent("\(packs)/\(name)"), to: destination)
        }
    }

    // MARK: - One run

    /// Clones the store for `mode`, runs the measuring child on it, and moves the clones and the
    /// outboxes to `trash/`, so every run starts from the same commit with empty outboxes.
    private func measure(_ mode: RepositoryMode, identityFile: URL) throws -> (RunFigures, messages: Int) {
        let runs = scratch.appendingPathComponent("runs", isDirectory: true)
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        for channel in StoreBlueprint.channels {
            try FileManager.default.createDirectory(
                at: StoreBlueprint.outbox(channel, root: scratch), withIntermediateDirectories: true)
        }
        defer { moveToTrash([runs] + StoreBlueprint.channels.map { StoreBlueprint.outbox($0, root: scratch) }) }

        // `git clone` of a local path hard-links the pack files, so a clone costs almost nothing.
        let origin = scratch.appendingPathComponent("origin.git").path
        let repository: URL
        switch mode {
        case .local:
            repository = runs.appendingPathComponent("store.git")
            try Tool.git(["clone", "--bare", "-q", origin, repository.path], in: runs)
            try Tool.git(["remote", "remove", "origin"], in: repository)
        case .remote:
            let remote = runs.appendingPathComponent("remote.git")
            repository = runs.appendingPathComponent("runner.git")
            try Tool.git(["clone", "--bare", "-q", origin, remote.path], in: runs)
            try Tool.git(["clone", "--bare", "-q", remote.path, repository.path], in: runs)
        }

        let output = try Tool.run(
            Tool.currentExecutable, ["measure", "--repository", repository.path, "--identity-file", identityFile.path])
        let figures = try JSONDecoder().decode(RunFigures.self, from: output)
        let messages = StoreBlueprint.channels.reduce(0) {
            $0 + Tool.count(in: StoreBlueprint.outbox($1, root: scratch), suffix: ".eml")
        }
        return (figures, messages)
    }

    /// Moves `folders` into a new folder under `trash/`, which only `cleanUp()` deletes.
    private func moveToTrash(_ folders: [URL]) {
        let trash = scratch.appendingPathComponent("trash/\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: trash, withIntermediateDirectories: true)
        for (index, folder) in folders.enumerated() {
            try? FileManager.default.moveItem(at: folder, to: trash.appendingPathComponent("\(index)-\(folder.lastPathComponent)"))
        }
    }

    // MARK: - Store figures

    private func storeFigures(
        _ repository: Repository, tip: ObjectID, history: Int, origin: URL, seconds: Double
    ) throws -> StoreFigures {
        var largest = 0
        var folders = 0
        for channel in StoreBlueprint.channels {
            let channelFolder = "\(StoreLayout.ledgerFolder)/\(channel.name)"
            guard try repository.entry(at: channelFolder, in: tip) != nil else { continue }
            for folder in try repository.entries(in: channelFolder, of: tip) where folder.kind == .tree {
                folders += 1
                largest = max(largest, try repository.entries(in: folder.path, of: tip).count)
            }
        }
        return StoreFigures(
            historyRecords: history, largestMonthFolder: largest, monthFolders: folders,
            repositoryBytes: Tool.diskUsage(of: origin.appendingPathComponent("objects/pack")), buildSeconds: seconds)
    }

    // MARK: - Files

    /// Creates `keyship-bench-<random>` under `$TMPDIR`, or under `/tmp` when it is not set.
    static func makeScratchFolder() throws -> URL {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let folder = URL(fileURLWithPath: base, isDirectory: true)
            .appendingPathComponent("keyship-bench-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes the identity readable by its owner only, as `KEYSHIP_IDENTITY_FILE` requires.
    private func writePrivate(_ text: String, to url: URL) throws {
        guard FileManager.default.createFile(
            atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw Tool.Failure(description: "cannot write the identity file \(url.path)")
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
