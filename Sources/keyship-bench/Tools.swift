import Foundation

/// Runs external programs for the benchmark's setup: git to pack and clone the built
/// repository, and this program again to measure a run in a fresh process.
enum Tool {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `git` with `arguments` in `folder`, failing with git's error output when it exits
    /// with a non-zero status.
    static func git(_ arguments: [String], in folder: URL) throws {
        _ = try run("/usr/bin/env", ["git"] + arguments, in: folder)
    }

    /// Runs `executable` and returns its standard output; standard error goes to ours.
    static func run(
        _ executable: String, _ arguments: [String], in folder: URL? = nil, environment: [String: String]? = nil
    ) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let command = ([URL(fileURLWithPath: executable).lastPathComponent] + arguments).joined(separator: " ")
            throw Failure(description: "\(command) failed with exit status \(process.terminationStatus)")
        }
        return data
    }

    /// The path of this program, to start it again as a measuring child.
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Returns the total size in bytes of the regular files under `folder`.
    static func diskUsage(of folder: URL) -> Int {
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return 0 }
        var total = 0
        for case let url as URL in enumerator {
            guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]),
                  values.isRegularFile == true
            else { continue }
            total += values.fileSize ?? 0
        }
        return total
    }

    /// Returns how many files in `folder` end with `suffix`.
    static func count(in folder: URL, suffix: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(suffix) }.count
    }
}

/// The machine the figures come from, as Linux reports it.
struct MachineInfo: Codable {
    var cores: Int
    var cpuModel: String
    var memoryBytes: Int

    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memory = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }
            .flatMap { Int($0) }
            .map { $0 * 1024 } ?? 0
        return MachineInfo(cores: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model, memoryBytes: memory)
    }
}
