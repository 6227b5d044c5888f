public import Foundation

/// The built `keyship` executable, run as a separate process the way a CI runner runs it.
///
/// `swift build --build-tests` and `swift test` build every executable product of the package,
/// so the binary sits in the same folder as the test bundle. No test builds it on its own,
/// because `swift test` holds the build folder's lock while tests run.
public enum KeyshipBinary {
    /// Returns the path of the built `keyship` executable.
    ///
    /// It looks in the folder of the running test bundle and the folders above it (a macOS
    /// `.xctest` bundle nests its executable three levels deep), then in `.build/debug` of the
    /// package.
    public static func path() throws -> String {
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("keyship"))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("keyship"))
        candidates.append(SharedTestData.packageRoot.appendingPathComponent(".build/debug/keyship"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        throw ProcessError(description: """
            the keyship executable was not found (looked in \(candidates.map(\.path).joined(separator: ", "))); \
            build it with swift build --product keyship
            """)
    }

    /// Returns `base` without the variables that would make a test run act on the machine it
    /// runs on: a CI job's step summary, a log level and a failpoint set outside the test.
    public static func environment(_ base: [String: String]) -> [String: String] {
        var environment = base
        for name in ["GITHUB_STEP_SUMMARY", "KEYSHIP_LOG", "KEYSHIP_FAILPOINT", "KEYSHIP_IDENTITY_FILE"] {
            environment.removeValue(forKey: name)
        }
        return environment
    }

    /// Starts `keyship arguments` without waiting. Its standard output and error go to files in
    /// `outputFolder` named after `label`.
    public static func start(
        _ arguments: [String], environment: [String: String], outputFolder: URL, label: String
    ) throws -> KeyshipProcess {
        try start(arguments, executable: try path(), environment: environment, outputFolder: outputFolder, label: label)
    }

    private static func start(
        _ arguments: [String], executable: String, environment: [String: String], outputFolder: URL, label: String
    ) throws -> KeyshipProcess {
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        let stdoutURL = outputFolder.appendingPathComponent("\(label).stdout")
        let stderrURL = outputFolder.appendingPathComponent("\(label).stderr")
        for url in [stdoutURL, stderrURL] {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw ProcessError(description: "cannot create \(url.path)")
            }
        }
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        let process = try ProcessRunner.start(
            executable, arguments, environment: environment, standardOutput: stdout, standardError: stderr)
        try stdout.close()
        try stderr.close()
        return KeyshipProcess(process: process, stdoutURL: stdoutURL, stderrURL: stderrURL)
    }

    /// Starts several `keyship` processes so that they begin at the same moment.
    ///
    /// Each process first stops itself with SIGSTOP in a shell that then `exec`s keyship, so the
    /// time one takes to be launched does not give it a head start. Once every process is
    /// stopped, all get SIGCONT together.
    public static func startTogether(
        _ launches: [(arguments: [String], environment: [String: String], label: String)], outputFolder: URL
    ) throws -> [KeyshipProcess] {
        let executable = try path()
        let processes = try launches.map { launch in
            try start(
                ["-c", #"kill -STOP $$ && exec "$0" "$@""#, executable] + launch.arguments,
                executable: "/bin/sh", environment: launch.environment, outputFolder: outputFolder, label: launch.label)
        }
        // Without /proc (macOS) the stop cannot be observed, so a pause stands in for it.
        if !FileManager.default.fileExists(atPath: "/proc/self/stat") { Thread.sleep(forTimeInterval: 0.3) }
        let deadline = Date().addingTimeInterval(10)
        while FileManager.default.fileExists(atPath: "/proc/self/stat"), !processes.allSatisfy(\.isStopped) {
            guard Date() < deadline, processes.allSatisfy(\.isRunning) else {
                for process in processes { process.stop() }
                throw ProcessError(description: "the keyship processes did not stop before their common start")
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        for process in processes { process.resume() }
        return processes
    }

    /// Runs `keyship arguments` and waits for it to end.
    public static func run(
        _ arguments: [String], environment: [String: String], outputFolder: URL, label: String,
        timeout: TimeInterval = 60
    ) throws -> KeyshipResult {
        try start(arguments, environment: environment, outputFolder: outputFolder, label: label).wait(timeout: timeout)
    }
}

/// A running `keyship` process.
public final class KeyshipProcess: @unchecked Sendable {
    // @unchecked: `Process` is not Sendable; a test starts and waits for a process from one
    // task, and nothing else touches it.
    private let process: Process
    private let stdoutURL: URL
    private let stderrURL: URL

    init(process: Process, stdoutURL: URL, stderrURL: URL) {
        self.process = process
        self.stdoutURL = stdoutURL
        self.stderrURL = stderrURL
    }

    var isRunning: Bool { process.isRunning }

    /// True when the process is stopped by a signal, read from `/proc/<pid>/stat` (Linux).
    var isStopped: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")")
        else { return false }
        // The state letter follows the command name in brackets: `1234 (sh) T ...`.
        return stat[stat.index(after: end)...].trimmingCharacters(in: .whitespaces).first == "T"
    }

    /// Sends SIGCONT, so a process stopped before its start goes on.
    func resume() {
        kill(process.processIdentifier, SIGCONT)
    }

    /// Ends the process: SIGKILL, which also ends a stopped one, then waits for it.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits for the process to end, stopping it (SIGTERM, then SIGKILL) after `timeout`
    /// seconds, and returns how it ended and what it wrote.
    public func wait(timeout: TimeInterval = 60) throws -> KeyshipResult {
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                ProcessRunner.stop(process)
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal
        return KeyshipResult(
            exitStatus: killed ? nil : process.terminationStatus,
            signal: killed ? process.terminationStatus : nil,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8),
            timedOut: timedOut)
    }
}

/// How a `keyship` process ended and what it wrote.
public struct KeyshipResult: Sendable {
    /// The exit status, or nil when a signal ended the process.
    public var exitStatus: Int32?
    /// The signal that ended the process, such as 9 for SIGKILL.
    public var signal: Int32?
    public var stdout: String
    public var stderr: String
    /// True when the test stopped the process because it ran past its timeout.
    public var timedOut: Bool

    /// The process's output for a failed expectation.
    public var transcript: String {
        "exit \(exitStatus.map(String.init) ?? "-") signal \(signal.map(String.init) ?? "-")\n"
            + "--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}
