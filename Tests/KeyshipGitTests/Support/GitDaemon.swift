import Foundation
import KeyshipTestSupport

/// A `git daemon` serving the bare repositories under `basePath` on 127.0.0.1, with pushes
/// enabled, for tests that need a remote with real server-side hooks.
final class GitDaemon {
    let port: UInt16
    private let process: Process

    /// Starts the daemon and waits until it accepts connections.
    init(basePath: String, logFile: URL) throws {
        port = try LoopbackPort.unused()
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process = try ProcessRunner.start("git", [
            "daemon", "--listen=127.0.0.1", "--port=\(port)", "--reuseaddr", "--export-all",
            "--enable=receive-pack", "--informative-errors", "--base-path=\(basePath)", basePath,
        ], standardError: log)
        guard LoopbackPort.waitUntilListening(port, timeout: 10) else {
            ProcessRunner.stop(process)
            throw CommandFailure(description: "git daemon did not listen on 127.0.0.1:\(port)")
        }
    }

    /// Returns the `git://` URL of the repository `name` under the base path.
    func url(_ name: String) -> String {
        "git://127.0.0.1:\(port)/\(name)"
    }

    func stop() {
        ProcessRunner.stop(process)
    }

    deinit {
        ProcessRunner.stop(process)
    }
}

/// TCP ports on 127.0.0.1 for servers that tests start.
enum LoopbackPort {
    /// Returns a port that the kernel reports free at the moment of the call.
    static func unused() throws -> UInt16 {
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketHandle >= 0 else { throw CommandFailure(description: "socket() failed: errno \(errno)") }
        defer { close(socketHandle) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketHandle, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw CommandFailure(description: "bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketHandle, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Polls until something accepts connections on `port`, or `timeout` seconds pass.
    static func waitUntilListening(_ port: UInt16, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = loopback(port: port)
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socketHandle, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(socketHandle)
            if connected == 0 { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
