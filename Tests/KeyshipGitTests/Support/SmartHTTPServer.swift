import Foundation
import KeyshipTestSupport

/// git's smart HTTP protocol on 127.0.0.1: a small Python server that checks the
/// `Authorization` header and runs `git http-backend` for the repositories under `basePath`.
///
/// Requests without the expected header get `401` with a Basic challenge, as on a hosted git
/// server. Every request is logged to `requestLog` as `METHOD path status`.
final class SmartHTTPServer {
    let port: UInt16
    let requestLog: URL
    private let process: Process

    /// Starts the server; `authorization` is the exact header value a request must carry.
    init(basePath: String, scratch: ScratchDirectory, authorization: String) throws {
        port = try LoopbackPort.unused()
        let script = try scratch.write("smart-http-server.py", Self.script)
        requestLog = scratch.url("http-requests.log")
        var environment = ProcessInfo.processInfo.environment
        environment["EXPECTED_AUTHORIZATION"] = authorization
        process = try ProcessRunner.start(
            "/usr/bin/python3", [script.path, basePath, String(port), requestLog.path], environment: environment)
        guard LoopbackPort.waitUntilListening(port, timeout: 10) else {
            ProcessRunner.stop(process)
            throw CommandFailure(description: "the smart HTTP server did not listen on 127.0.0.1:\(port)")
        }
    }

    func url(_ name: String) -> String {
        "http://127.0.0.1:\(port)/\(name)"
    }

    /// The logged requests, one `METHOD path status` line each.
    var requests: [String] {
        (try? String(contentsOf: requestLog, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }

    func stop() {
        ProcessRunner.stop(process)
    }

    deinit {
        ProcessRunner.stop(process)
    }

    private static let script = #"""
        import http.server, os, subprocess, sys, threading

        base, port, log_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        expected = os.environ["EXPECTED_AUTHORIZATION"]
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def record(self, status):
                with lock, open(log_path, "a") as log:
                    log.write(f"{self.command} {self.path.split('?')[0]} {status}\n")

            def read_body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body = b""
                    while True:
                        size = int(self.rfile.readline().strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return body
                        body += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length", "0")))

            def serve(self):
                body = self.read_body()

                if self.headers.get("Authorization") != expected:
                    self.record(401)
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="store"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return

                path, _, query = self.path.partition("?")
                environment = {
                    "PATH": os.environ["PATH"], "HOME": base, "GIT_CONFIG_NOSYSTEM": "1",
                    "GIT_PROJECT_ROOT": base, "GIT_HTTP_EXPORT_ALL": "1", "REMOTE_USER": "keyship",
                    "REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": self.command, "PATH_INFO": path,
                    "QUERY_STRING": query, "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                    "CONTENT_LENGTH": str(len(body)),
                    "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                }
                output = subprocess.run(["git", "http-backend"], input=body, env=environment,
                                        capture_output=True).stdout

                head, _, content = output.partition(b"\r\n\r\n")
                status, headers = 200, []
                for line in head.decode().split("\r\n"):
                    name, _, value = line.partition(": ")
                    if name.lower() == "status":
                        status = int(value.split()[0])
                    elif name:
                        headers.append((name, value))

                self.record(status)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = serve
            do_POST = serve

        http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """#
}
