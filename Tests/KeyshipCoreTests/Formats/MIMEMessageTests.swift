import KeyshipTestSupport
import Foundation
@testable import KeyshipCore
import Testing

@Suite struct MIMEMessageTests {
    static let date = Timestamp(date: CivilDate(year: 2026, month: 12, day: 4)!, hour: 10, minute: 15, second: 7)

    static func message(
        subject: String = "Tu pedido T-1001",
        body: String,
        encoding: MIMEMessage.BodyEncoding = .quotedPrintable,
        attachments: [MIMEAttachment] = []
    ) -> MIMEMessage {
        MIMEMessage(
            from: MailAddress("ventas@example.com", displayName: "Licencias Ejemplo S.L."),
            to: [MailAddress("ana@example.com", displayName: "Ana Pérez Núñez")],
            subject: subject,
            date: date,
            messageID: "T-1001.1@example.com",
            extraHeaders: [MIMEHeader("X-Keyship-Order", "T-1001")],
            body: body,
            bodyEncoding: encoding,
            attachments: attachments)
    }

    /// The text a decoder returns: line breaks in canonical CRLF form.
    static func canonical(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    struct BodyCase: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    static let bodies: [BodyCase] = [
        BodyCase(name: "ascii lines", text: "Hola Ana,\nTu clave: ABCD-EFGH-1234\nGracias.\n"),
        BodyCase(name: "spanish and emoji", text: "Clave de activación: ÑÇÁÉÍÓÚ ü € 🔑\nInstrucciones de uso: «pulse Sí».\n"),
        BodyCase(name: "long line", text: String(repeating: "Línea larga con acentos áéí y signos = ", count: 12)),
        BodyCase(name: "trailing white space", text: "espacio al final   \ntabulador\t\n \n\t"),
        BodyCase(name: "dots and From", text: ".\n.linea\nFrom nadie\n..\nFrom: cabecera\n"),
        BodyCase(name: "equals and escapes", text: "a=b =?utf-8?B?x?= =3D =\n=\n"),
        BodyCase(name: "CRLF and lone CR", text: "uno\r\ndos\rtres\r\n\r\ncuatro"),
        BodyCase(name: "empty", text: ""),
        BodyCase(name: "soft break near dot", text: String(repeating: "x", count: 75) + "." + String(repeating: "y", count: 80)),
        BodyCase(name: "no final newline", text: "ABCD-1234"),
    ]

    @Test(arguments: bodies, [MIMEMessage.BodyEncoding.quotedPrintable, .base64])
    func bodyRoundTripsThroughPython(_ bodyCase: BodyCase, _ encoding: MIMEMessage.BodyEncoding) throws {
        let bytes = try Self.message(body: bodyCase.text, encoding: encoding).rendered()
        let parsed = try PythonEmail.parse(bytes)

        #expect(parsed.body == Self.canonical(bodyCase.text))
        #expect(parsed.defects == [])
        try Self.expectWellFormedLines(bytes)
    }

    @Test func headersDecodeExactly() throws {
        let subject = "Tu pedido T-1001: claves de licencia de «Office 2021» — ¡gracias por tu compra! "
            + String(repeating: "ñ", count: 40)
        let bytes = try Self.message(subject: subject, body: "x").rendered()
        let parsed = try PythonEmail.parse(bytes)

        #expect(parsed.header("Subject") == subject)
        #expect(parsed.header("From") == "\"Licencias Ejemplo S.L.\" <ventas@example.com>")
        #expect(parsed.header("To") == "Ana Pérez Núñez <ana@example.com>")
        #expect(parsed.header("Date") == "Fri, 04 Dec 2026 10:15:07 +0000")
        #expect(parsed.header("Message-ID") == "<T-1001.1@example.com>")
        #expect(parsed.header("X-Keyship-Order") == "T-1001")
        #expect(parsed.defects == [])
        try Self.expectWellFormedLines(bytes)
    }

    @Test func subjectCannotInjectHeaders() throws {
        let subject = "Hola\r\nBcc: intruso@example.com"
        let bytes = try Self.message(subject: subject, body: "x").rendered()
        let parsed = try PythonEmail.parse(bytes)

        #expect(parsed.header("Subject") == subject)
        #expect(parsed.header("Bcc") == nil)
    }

    @Test func longPlainSubjectIsFolded() throws {
        let subject = (1...30).map { "palabra\($0)" }.joined(separator: " ")
        let bytes = try Self.message(subject: subject, body: "x").rendered()
        let parsed = try PythonEmail.parse(bytes)

        #expect(parsed.header("Subject") == subject)
        try Self.expectWellFormedLines(bytes)
    }

    @Test func attachmentsRoundTripExactly() throws {
        let binary = (0..<600).map { UInt8($0 % 256) }
        let attachments = [
            MIMEAttachment(filename: "instrucciones.pdf", contentType: "application/pdf", data: binary),
            MIMEAttachment(
                filename: "Guía de instalación de Microsoft Office 2021 Professional Plus — versión española.txt",
                contentType: "text/plain", data: Array("Paso 1: abre «Configuración».\r\n".utf8)),
            MIMEAttachment(filename: "clave \"rápida\".txt", data: []),
            MIMEAttachment(filename: "plain \"quoted\" name.bin", data: [0, 13, 10, 46, 13, 10]),
        ]
        let body = "Adjuntamos las instrucciones de uso.\n"
        let bytes = try Self.message(body: body, attachments: attachments).rendered()
        let parsed = try PythonEmail.parse(bytes)

        #expect(parsed.body == Self.canonical(body))
        #expect(parsed.defects == [])
        #expect(parsed.attachments.map(\.filename) == attachments.map(\.filename))
        #expect(parsed.attachments.map(\.contentType) == attachments.map(\.contentType))
        #expect(parsed.attachments.map(\.data) == attachments.map(\.data))
        try Self.expectWellFormedLines(bytes)
    }

    @Test func renderedMessageMatchesExpectedBytes() throws {
        var message = MIMEMessage(
            from: MailAddress("ventas@example.com"),
            to: [MailAddress("ana@example.com"), MailAddress("ops@example.com", displayName: "Ops")],
            subject: "Clave",
            date: Self.date,
            messageID: "m1@example.com",
            body: "Hola,\nclave: A=1\n",
            attachments: [MIMEAttachment(filename: "a.txt", contentType: "text/plain", data: Array("hi".utf8))])
        message.boundary = "=_b"
        let text = String(decoding: try message.rendered(), as: UTF8.self)

        #expect(text == """
            Date: Fri, 04 Dec 2026 10:15:07 +0000\r
            From: ventas@example.com\r
            To: ana@example.com,\r
             "Ops" <ops@example.com>\r
            Subject: Clave\r
            Message-ID: <m1@example.com>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="=_b"\r
            \r
            This is a multi-part message in MIME format.\r
            --=_b\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Hola,\r
            clave: A=3D1\r
            \r
            --=_b\r
            Content-Type: text/plain\r
            Content-Transfer-Encoding: base64\r
            Content-Disposition: attachment;\r
             filename="a.txt"\r
            \r
            aGk=\r
            --=_b--\r

            """)
    }

    @Test func generatedMessageIDUsesSenderDomain() throws {
        let message = MIMEMessage(
            from: MailAddress("ventas@tienda.example"), to: [MailAddress("a@b.example")],
            subject: "s", date: Self.date, body: "b")

        #expect(message.messageID.hasSuffix("@tienda.example"))
        #expect(message.messageID.count == 32 + "@tienda.example".count)
    }

    struct InvalidCase: CustomTestStringConvertible, Sendable {
        var name: String
        var message: MIMEMessage
        var error: MIMEError
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = {
        var noRecipients = message(body: "x")
        noRecipients.to = []
        var badTo = message(body: "x")
        badTo.to = [MailAddress("ana.example.com")]
        var badFrom = message(body: "x")
        badFrom.from = MailAddress("ventas@exa mple.com")
        var nonASCIIAddress = message(body: "x")
        nonASCIIAddress.to = [MailAddress("añа@example.com")]
        var badHeader = message(body: "x")
        badHeader.extraHeaders = [MIMEHeader("Bcc", "x@example.com")]
        var badID = message(body: "x")
        badID.messageID = "<id@example.com>"
        let badType = message(body: "x", attachments: [MIMEAttachment(filename: "a", contentType: "pdf", data: [])])
        let emptyName = message(body: "x", attachments: [MIMEAttachment(filename: "", data: [])])
        return [
            InvalidCase(name: "no recipients", message: noRecipients, error: .noRecipients),
            InvalidCase(name: "To without @", message: badTo, error: .invalidAddress("ana.example.com")),
            InvalidCase(name: "From with space", message: badFrom, error: .invalidAddress("ventas@exa mple.com")),
            InvalidCase(name: "non-ASCII address", message: nonASCIIAddress, error: .invalidAddress("añа@example.com")),
            InvalidCase(name: "header not X-", message: badHeader, error: .invalidHeaderName("Bcc")),
            InvalidCase(name: "message id in brackets", message: badID, error: .invalidMessageID("<id@example.com>")),
            InvalidCase(name: "content type without slash", message: badType, error: .invalidContentType("pdf")),
            InvalidCase(name: "empty file name", message: emptyName, error: .emptyFilename),
        ]
    }()

    @Test(arguments: invalidCases)
    func invalidMessageIsRejected(_ invalid: InvalidCase) {
        #expect(throws: invalid.error) { _ = try invalid.message.rendered() }
    }

    @Test func invalidAddressMessageNamesTheAddress() {
        let error = MIMEError.invalidAddress("ana.example.com")

        #expect(error.text(in: .en) == "The e-mail address \"ana.example.com\" is invalid: it must have the form "
            + "user@domain, in ASCII characters only. Correct it and try again.")
        #expect(error.text(in: .es) == "La dirección de correo «ana.example.com» no es válida: debe tener la forma "
            + "usuario@dominio, solo con caracteres ASCII. Corrígela y vuelve a intentarlo.")
    }

    /// Checks that every line ends with CRLF, that body lines stay within 76 characters and that
    /// header lines stay within 78 unless a single word is longer.
    static func expectWellFormedLines(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        var inHeaders = true
        for line in lines {
            #expect(!line.contains("\n"), "bare LF in \(line.debugDescription)")
            #expect(!line.contains("\r"), "bare CR in \(line.debugDescription)")
            if line.isEmpty { inHeaders = false }
            #expect(line.allSatisfy { $0.isASCII }, "non-ASCII line \(line.debugDescription)")
            let limit = inHeaders ? 78 : 76
            #expect(line.utf8.count <= limit, "line of \(line.utf8.count) characters: \(line.debugDescription)")
        }
    }
}

@Suite struct MediaTypeTests {
    @Test(arguments: [
        ("text/plain", true), ("text/plain; charset=utf-8", true), ("text/plain;charset=\"utf-8\"", true),
        ("application/pdf; name=\"factura 1.pdf\"", true), ("pdf", false), ("text/plain;", false),
        ("text/plain; charset", false), ("text/plain; charset=\"a\r\nBcc: x\"", false), ("text/plain; =utf-8", false),
    ])
    func contentTypesWithParameters(_ text: String, _ valid: Bool) {
        #expect(MediaType.isValid(text) == valid)
    }
}
