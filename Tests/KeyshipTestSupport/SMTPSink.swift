public import Foundation

/// A real SMTP server on 127.0.0.1 for tests: Debian's `python3-aiosmtpd`, started with a
/// handler that stores every message it accepts, byte for byte, in a folder.
///
/// It can require STARTTLS, speak implicit TLS, and require a user name and password, so tests
/// can check the security modes and authentication failures of an SMTP client.
public final class SMTPSink {
    /// How the server protects the connection.
    public enum Security {
        /// Plain SMTP.
        case none
        /// STARTTLS offered and required before `MAIL FROM`.
        case startTLS(SelfSignedCertificate)
        /// TLS from the first byte (SMTPS).
        case implicitTLS(SelfSignedCertificate)
    }

    /// One accepted message: the envelope and the exact bytes received after `DATA`, with
    /// dot-stuffing removed.
    public struct ReceivedMail {
        public var mailFrom: String
        public var recipients: [String]
        public var data: Data
    }

    public let port: Int
    /// The folder where the server writes `NNNN.eml` and `NNNN.json` for each message.
    public let folder: URL
    private let process: Process

    /// Starts the server and waits until it listens.
    ///
    /// - Parameter credentials: when set, `AUTH` with this user name and password is required.
    public init(
        in scratch: ScratchDirectory,
        security: Security = .none,
        credentials: (user: String, password: String)? = nil
    ) throws {
        folder = scratch.url("smtp-sink-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let portFile = folder.appendingPathComponent("port")
        let logFile = folder.appendingPathComponent("server.log")

        var settings: [String: String] = ["folder": folder.path, "portFile": portFile.path, "mode": "plain"]
        switch security {
        case .none:
            break
        case .startTLS(let certificate):
            settings["mode"] = "starttls"
            settings["cert"] = certificate.certificatePath
            settings["key"] = certificate.keyPath
        case .implicitTLS(let certificate):
            settings["mode"] = "tls"
            settings["cert"] = certificate.certificatePath
            settings["key"] = certificate.keyPath
        }
        if let credentials {
            settings["user"] = credentials.user
            settings["password"] = credentials.password
        }
        let settingsJSON = String(decoding: try JSONSerialization.data(withJSONObject: settings), as: UTF8.self)

        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        // Debian's python3-aiosmtpd is visible only to the system interpreter, not to a pyenv
        // python3 that may come first on PATH.
        process = try ProcessRunner.start(
            "/usr/bin/python3", ["-c", Self.script, settingsJSON], standardOutput: log, standardError: log)

        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: portFile.path) {
            guard process.isRunning, Date() < deadline else {
                ProcessRunner.stop(process)
                let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                throw ProcessError(description: "the SMTP sink did not start: \(output)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        guard let port = Int(try String(contentsOf: portFile, encoding: .utf8)) else {
            ProcessRunner.stop(process)
            throw ProcessError(description: "the SMTP sink wrote no port number")
        }
        self.port = port
    }

    /// Reads the messages accepted so far, oldest first.
    public func messages() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".eml") }
            .sorted()
        return try names.map { name in
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let envelopeURL = folder.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json"))
            let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: envelopeURL)) as? [String: Any] ?? [:]
            return ReceivedMail(
                mailFrom: envelope["mail_from"] as? String ?? "",
                recipients: envelope["rcpt_tos"] as? [String] ?? [],
                data: data)
        }
    }

    /// Stops the server. Calling it again does nothing.
    public func stop() {
        ProcessRunner.stop(process)
    }

    deinit {
        stop()
    }

    private static let script = #"""
import asyncio, json, os, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

settings = json.loads(sys.argv[1])
folder = settings["folder"]
count = 0

class StoreHandler:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        base = os.path.join(folder, "%04d" % count)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        # Write under a temporary name, so a reader never sees half a message.
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK"

def authenticate(server, session, envelope, mechanism, auth_data):
    valid = (isinstance(auth_data, LoginPassword)
             and auth_data.login.decode() == settings["user"]
             and auth_data.password.decode() == settings["password"])
    return AuthResult(success=valid, handled=False)

context = None
if "cert" in settings:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings["cert"], settings["key"])

def make_protocol():
    options = {}
    if settings["mode"] == "starttls":
        options.update(tls_context=context, require_starttls=True)
    if "user" in settings:
        options.update(authenticator=authenticate, auth_required=True,
                       auth_require_tls=settings["mode"] != "plain")
    # A fixed host name avoids a DNS lookup of this machine's name.
    return SMTP(StoreHandler(), hostname="localhost", **options)

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(make_protocol, "127.0.0.1", 0,
                                      ssl=context if settings["mode"] == "tls" else None)
    port_file = settings["portFile"]
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    await asyncio.Event().wait()

asyncio.run(main())
"""#
}

/// A self-signed certificate, by default for `localhost` and 127.0.0.1, made with the `openssl`
/// tool.
public struct SelfSignedCertificate: Sendable {
    /// The PEM certificate, which also serves as the CA file a client trusts.
    public var certificatePath: String
    public var keyPath: String

    /// Creates a key and a certificate valid for two days in `scratch`.
    ///
    /// - Parameter subjectAltNames: the names the certificate is valid for, in `openssl` syntax.
    public static func make(
        in scratch: ScratchDirectory,
        name: String = "server",
        subjectAltNames: String = "DNS:localhost,IP:127.0.0.1"
    ) throws -> SelfSignedCertificate {
        let certificate = scratch.url("\(name)-cert.pem").path
        let key = scratch.url("\(name)-key.pem").path
        let result = try ProcessRunner.run("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", key, "-out", certificate, "-subj", "/CN=localhost",
            "-addext", "subjectAltName=\(subjectAltNames)",
        ], timeout: 60)
        guard result.status == 0 else {
            throw ProcessError(description: "openssl could not create a certificate: \(result.stderr)")
        }
        return SelfSignedCertificate(certificatePath: certificate, keyPath: key)
    }
}
