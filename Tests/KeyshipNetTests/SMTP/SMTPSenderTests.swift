import Foundation
import KeyshipCore
import KeyshipNet
import KeyshipTestSupport
import Testing

@Suite struct SMTPSenderTests {
    static let date = Timestamp(date: CivilDate(year: 2026, month: 12, day: 4)!, hour: 10, minute: 15)

    /// An alert with an attachment whose body has a line that starts with a dot, which SMTP
    /// must escape on the wire and the server must restore.
    static func alert() -> MIMEMessage {
        MIMEMessage(
            from: MailAddress("keyship@example.com", displayName: "keyship"),
            to: [MailAddress("ops@example.com"), MailAddress("almacen@example.com", displayName: "Almacén")],
            subject: "Rotura de stock: Office 2021 — 0 claves",
            date: date,
            messageID: "alert-1@example.com",
            body: "Stock bajo en el almacén MAD.\n.\n..línea con punto\nFin.\n",
            attachments: [MIMEAttachment(
                filename: "informe ñ.csv", contentType: "text/csv",
                data: Array("producto;stock\r\noffice-2021-pro;0\r\n".utf8) + (0..<512).map { UInt8($0 % 256) })])
    }

    @Test func plainLoopbackMessageArrivesByteExact() async throws {
        let scratch = try ScratchDirectory("smtp")
        let sink = try SMTPSink(in: scratch)
        let message = Self.alert()
        let bytes = try message.rendered()
        let handler = MemoryLogHandler(minimumLevel: .info)
        let sender = SMTPSender(
            settings: SMTPConnectionSettings(host: "127.0.0.1", port: sink.port, security: .none),
            logger: Logger(label: "smtp", handler: handler))

        try await sender.send(message)

        let received = try #require(try sink.messages().first)
        #expect(try sink.messages().count == 1)
        #expect(received.mailFrom == "keyship@example.com")
        #expect(received.recipients == ["ops@example.com", "almacen@example.com"])
        #expect(Array(received.data) == bytes)
        #expect(handler.records.map(\.message) == ["SMTP message sent"])
        #expect(handler.records.first?.metadata["server"] == "127.0.0.1:\(sink.port)")
    }

    @Test func startTLSWithTrustedCertificateDelivers() async throws {
        let scratch = try ScratchDirectory("smtp-tls")
        let certificate = try SelfSignedCertificate.make(in: scratch)
        let sink = try SMTPSink(in: scratch, security: .startTLS(certificate), credentials: ("alertas", "correcta"))
        let message = Self.alert()
        let sender = SMTPSender(settings: SMTPConnectionSettings(
            host: "127.0.0.1", port: sink.port, security: .startTLS, username: "alertas", password: "correcta",
            caFile: certificate.certificatePath))

        try await sender.send(message)

        let received = try #require(try sink.messages().first)
        #expect(Array(received.data) == (try message.rendered()))
        #expect(received.recipients == ["ops@example.com", "almacen@example.com"])
    }

    @Test func implicitTLSWithTrustedCertificateDelivers() async throws {
        let scratch = try ScratchDirectory("smtp-smtps")
        let certificate = try SelfSignedCertificate.make(in: scratch)
        let sink = try SMTPSink(in: scratch, security: .implicitTLS(certificate))
        let message = Self.alert()
        let sender = SMTPSender(settings: SMTPConnectionSettings(
            host: "localhost", port: sink.port, security: .implicitTLS, caFile: certificate.certificatePath))

        try await sender.send(message)

        #expect(Array(try #require(try sink.messages().first).data) == (try message.rendered()))
    }

    @Test func untrustedCertificateIsRejected() async throws {
        let scratch = try ScratchDirectory("smtp-untrusted")
        let certificate = try SelfSignedCertificate.make(in: scratch)
        let other = try SelfSignedCertificate.make(in: scratch, name: "other")
        let sink = try SMTPSink(in: scratch, security: .startTLS(certificate))
        let sender = SMTPSender(settings: SMTPConnectionSettings(
            host: "127.0.0.1", port: sink.port, security: .startTLS, caFile: other.certificatePath))

        let error = await #expect(throws: SMTPError.self) { try await sender.send(Self.alert()) }

        guard case .tlsFailed(let detail) = error?.reason else {
            Issue.record("expected tlsFailed, got \(String(describing: error?.reason))")
            return
        }
        #expect(detail.hasPrefix("SSL peer certificate or SSH remote key was not OK"))
        #expect(try sink.messages().isEmpty)
    }

    @Test func wrongPasswordIsReported() async throws {
        let scratch = try ScratchDirectory("smtp-auth")
        let certificate = try SelfSignedCertificate.make(in: scratch)
        let sink = try SMTPSink(in: scratch, security: .startTLS(certificate), credentials: ("alertas", "correcta"))
        let handler = MemoryLogHandler(minimumLevel: .trace)
        let sender = SMTPSender(
            settings: SMTPConnectionSettings(
                host: "127.0.0.1", port: sink.port, security: .startTLS, username: "alertas",
                password: "contraseña-equivocada", caFile: certificate.certificatePath),
            logger: Logger(label: "smtp", handler: handler))

        let error = await #expect(throws: SMTPError.self) { try await sender.send(Self.alert()) }

        #expect(error?.reason == .authenticationFailed("Login denied"))
        #expect(error?.server == "127.0.0.1:\(sink.port)")
        #expect(error?.text(in: .en) == "SMTP 127.0.0.1:\(sink.port): the server rejected the user name or password "
            + "(Login denied). Check the credentials in the environment variables.")
        #expect(error?.text(in: .es) == "SMTP 127.0.0.1:\(sink.port): el servidor rechazó el usuario o la contraseña "
            + "(Login denied). Comprueba las credenciales en las variables de entorno.")
        #expect(handler.records.allSatisfy { !$0.formatted.contains("equivocada") })
        #expect(try sink.messages().isEmpty)
    }

    @Test func plainSMTPToRemoteServerIsRejected() async {
        let sender = SMTPSender(settings: SMTPConnectionSettings(host: "smtp.example.com", port: 25, security: .none))

        let error = await #expect(throws: SMTPError.self) { try await sender.send(Self.alert()) }

        #expect(error?.reason == .insecureServer)
        #expect(error?.text(in: .en) == "The SMTP server smtp.example.com:25 is not on this machine, so it cannot "
            + "be used without encryption. Configure starttls or tls.")
    }

    @Test func refusedConnectionIsReported() async throws {
        let scratch = try ScratchDirectory("smtp-refused")
        let sink = try SMTPSink(in: scratch)
        let port = sink.port
        sink.stop()
        let sender = SMTPSender(settings: SMTPConnectionSettings(host: "127.0.0.1", port: port, security: .none))

        let error = await #expect(throws: SMTPError.self) { try await sender.send(Self.alert()) }

        guard case .connectionFailed(let detail) = error?.reason else {
            Issue.record("expected connectionFailed, got \(String(describing: error?.reason))")
            return
        }
        #expect(detail.hasPrefix("Couldn't connect to server: Failed to connect to 127.0.0.1 port \(port)"))
        #expect(error?.exitCode == .unavailable)
    }

    @Test func invalidRecipientIsRejectedBeforeSending() async {
        let sender = SMTPSender(settings: SMTPConnectionSettings(host: "127.0.0.1", port: 1, security: .none))

        let error = await #expect(throws: SMTPError.self) {
            try await sender.send(
                from: MailAddress("keyship@example.com"), to: [MailAddress("ops@example.com\r\nRCPT TO:<x@y.z>")],
                message: Array("Subject: x\r\n\r\nx\r\n".utf8))
        }

        #expect(error?.reason == .invalidAddress("ops@example.com\r\nRCPT TO:<x@y.z>"))
    }
}
