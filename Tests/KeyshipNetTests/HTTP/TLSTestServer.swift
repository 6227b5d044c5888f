import Foundation
import KeyshipTestSupport

/// An HTTPS server on 127.0.0.1 that responds to every GET with 200 and `secure`: Python's
/// `http.server` behind a self-signed certificate, to check the client's TLS verification.
final class TLSTestServer {
    let port: Int
    private let process: Process

    init(in scratch: ScratchDirectory, certificate: SelfSignedCertificate) throws {
        let portFile = scratch.url("https-port").path
        process = try ProcessRunner.start("/usr/bin/python3", [
            "-c", Self.script, certificate.certificatePath, certificate.keyPath, portFile,
        ])
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: portFile) {
            guard process.isRunning, Date() < deadline else {
                ProcessRunner.stop(process)
                throw TLSTestServerError()
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        guard let port = Int(try String(contentsOfFile: portFile, encoding: .utf8)) else {
            ProcessRunner.stop(process)
            throw TLSTestServerError()
        }
        self.port = port
    }

    deinit {
        ProcessRunner.stop(process)
    }

    private static let script = #"""
import http.server, os, ssl, sys

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "6")
        self.end_headers()
        self.wfile.write(b"secure")

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(sys.argv[3] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[3] + ".tmp", sys.argv[3])
server.serve_forever()
"""#
}

struct TLSTestServerError: Error, CustomStringConvertible {
    var description: String { "the HTTPS test server did not start" }
}
