internal import CCurl
import Dispatch
public import KeyshipCore

/// The settings of an SMTP server: address, security, credentials and timeouts.
public struct SMTPConnectionSettings: Sendable {
    public enum Security: Sendable, Hashable {
        /// Plain connection upgraded with STARTTLS, which the server must offer (usually port 587).
        case startTLS
        /// TLS from the first byte (SMTPS, usually port 465).
        case implicitTLS
        /// No encryption; accepted only for 127.0.0.1, ::1 and localhost.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    /// Sent to the server only; never logged or shown in an error.
    public var password: String?
    /// A PEM file of CA certificates to trust instead of the system's, for test servers with
    /// self-signed certificates.
    public var caFile: String?
    public var connectTimeout: Duration
    /// The maximum duration of the whole exchange.
    public var timeout: Duration

    public init(
        host: String,
        port: Int,
        security: Security = .startTLS,
        username: String? = nil,
        password: String? = nil,
        caFile: String? = nil,
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// `host:port`, as errors and logs name the server.
    public var serverName: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    var isLoopback: Bool { HTTPTarget.loopbackHosts.contains(host.lowercased()) }
}

/// Sends e-mail through an SMTP server with libcurl.
///
/// A failed send is not retried: the server may have accepted the message before the
/// connection broke, and a retry could deliver it twice. The caller decides.
public final class SMTPSender: Sendable {
    public let settings: SMTPConnectionSettings
    private let logger: Logger

    public init(settings: SMTPConnectionSettings, logger: Logger = .disabled) {
        self.settings = settings
        self.logger = logger
    }

    /// Renders `message` and sends it to its `To` addresses, from its `From` address.
    public func send(_ message: MIMEMessage) async throws {
        try await send(from: message.from, to: message.to, message: try message.rendered())
    }

    /// Sends `message`, the bytes of a complete RFC 5322 message with CRLF line ends, with
    /// `from` and `to` as the SMTP envelope.
    public func send(from: MailAddress, to recipients: [MailAddress], message: [UInt8]) async throws(SMTPError) {
        let server = settings.serverName
        guard settings.security != .none || settings.isLoopback else { throw SMTPError(.insecureServer, server: server) }
        guard (settings.username == nil) == (settings.password == nil) else {
            throw SMTPError(.incompleteCredentials, server: server)
        }
        guard !recipients.isEmpty else { throw SMTPError(.noRecipients, server: server) }
        for address in [from] + recipients where !address.isValid {
            throw SMTPError(.invalidAddress(address.address), server: server)
        }

        let settings = self.settings
        let started = ContinuousClock.now
        let result: Result<Void, SMTPError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Self.transfer(settings: settings, from: from, to: recipients, message: message))
            }
        }
        let fields: Logger.Metadata = [
            "server": server, "recipients": String(recipients.count), "bytes": String(message.count),
            "elapsed_ms": String((ContinuousClock.now - started).milliseconds),
        ]
        switch result {
        case .success:
            logger.info("SMTP message sent", fields)
        case .failure(let error):
            logger.warning("SMTP send failed", fields.merging(["error": error.text(in: .en)]) { _, new in new })
            throw error
        }
    }

    /// Runs the SMTP exchange on the calling thread.
    private static func transfer(
        settings: SMTPConnectionSettings, from: MailAddress, to recipients: [MailAddress], message: [UInt8]
    ) -> Result<Void, SMTPError> {
        let server = settings.serverName
        let handle: CurlEasy
        let recipientList: CurlStringList
        do {
            handle = try CurlEasy()
            recipientList = try CurlStringList(recipients.map { "<\($0.address)>" })
            let scheme = settings.security == .implicitTLS ? "smtps" : "smtp"
            try handle.set(CURLOPT_URL, "\(scheme)://\(server)")
            try handle.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            try handle.set(CURLOPT_USE_SSL, Int(settings.security == .none ? CURLUSESSL_NONE.rawValue : CURLUSESSL_ALL.rawValue))
            try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
            try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
            if let caFile = settings.caFile { try handle.set(CURLOPT_CAINFO, caFile) }
            if settings.isLoopback { try handle.set(CURLOPT_NOPROXY, "*") }
            if let username = settings.username, let password = settings.password {
                try handle.set(CURLOPT_USERNAME, username)
                try handle.set(CURLOPT_PASSWORD, password)
            }
            try handle.set(CURLOPT_MAIL_FROM, "<\(from.address)>")
            try handle.set(CURLOPT_MAIL_RCPT, list: recipientList)
            try handle.set(CURLOPT_UPLOAD, 1)
            try handle.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(message.count))
            try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout.milliseconds))
            try handle.set(CURLOPT_TIMEOUT_MS, Int(settings.timeout.milliseconds))
        } catch {
            return .failure(SMTPError(.failed(error.description), server: server))
        }

        // libcurl reads the message through the context and escapes lines that start with a dot.
        let context = TransferContext(upload: message)
        let failure = withExtendedLifetime(recipientList) { handle.perform(with: context) }
        guard let failure else { return .success(()) }
        return .failure(SMTPError(classify(failure, handle: handle, settings: settings), server: server))
    }

    private static func classify(_ failure: CurlFailure, handle: CurlEasy, settings: SMTPConnectionSettings) -> SMTPError.Reason {
        let detail = failure.description
        let replyCode = handle.longInfo(CURLINFO_RESPONSE_CODE)
        // libcurl reports a refused MAIL FROM, RCPT TO or DATA as a send or receive error. The
        // server's last reply code distinguishes a refusal from a broken connection.
        let refusalCodes = [CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_WEIRD_SERVER_REPLY]
        if replyCode >= 400, refusalCodes.contains(failure.code) {
            return .rejected(code: replyCode, detail: detail)
        }
        switch failure.code {
        case CURLE_OPERATION_TIMEDOUT:
            let connected = handle.offsetInfo(CURLINFO_PRETRANSFER_TIME_T) != 0
            return .timedOut(seconds: connected ? settings.timeout.seconds : settings.connectTimeout.seconds)
        case CURLE_LOGIN_DENIED:
            return .authenticationFailed(detail)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_GOT_NOTHING:
            return .connectionFailed(detail)
        case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR:
            return .tlsFailed(detail)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR:
            return .connectionFailed(detail)
        default:
            return .failed(detail)
        }
    }
}
