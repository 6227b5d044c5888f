import KeyshipCore
import Testing

@Suite struct AlertSettingsSchemaTests {
    /// Four lines of valid settings; the `alerts` section under test starts on line 5.
    static func config(alerts: String) -> String {
        """
        seller: {name: Ejemplo}
        recipients: [\(sampleRecipient)]
        warehouses: [{code: MAD, name: Madrid}]
        channels: []
        \(alerts)

        """
    }

    private func decode(alerts: String) throws -> SchemaResult<StoreConfig> {
        StoreConfigSchema.decode(try parseYAML(Self.config(alerts: alerts), path: "keyship.yaml"))
    }

    @Test func everySMTPFieldDecodes() throws {
        let alerts = """
            alerts:
              email: [ops@example.com, jefe@example.com]
              expiring_within_days: 10
              smtp:
                host: smtp.example.com
                port: 465
                security: tls
                from: alertas@example.com
                user_env: SMTP_USER
                password_env: SMTP_PASSWORD
                ca_file: /etc/ssl/private-ca.pem
            """
        let result = try decode(alerts: alerts)
        #expect(result.diagnostics.messages() == [])
        #expect(result.value?.alerts == AlertSettings(
            email: ["ops@example.com", "jefe@example.com"], expiringWithinDays: 10,
            smtp: SMTPSettings(
                host: "smtp.example.com", port: 465, security: .tls, from: "alertas@example.com",
                userEnv: "SMTP_USER", passwordEnv: "SMTP_PASSWORD", caFile: "/etc/ssl/private-ca.pem")))
    }

    struct SecurityCase: Sendable, CustomStringConvertible {
        var description: String
        var smtp: String
        var security: SMTPSettings.Security
    }

    static let securityCases: [SecurityCase] = [
        SecurityCase(description: "default", smtp: "{host: smtp.example.com, port: 587}", security: .starttls),
        SecurityCase(description: "starttls true", smtp: "{host: smtp.example.com, port: 587, starttls: true}", security: .starttls),
        SecurityCase(description: "starttls false on loopback", smtp: "{host: 127.0.0.1, port: 2525, starttls: false}", security: .none),
        SecurityCase(description: "none on localhost", smtp: "{host: localhost, port: 25, security: none}", security: .none),
    ]

    @Test(arguments: securityCases)
    func securityForms(testCase: SecurityCase) throws {
        let result = try decode(alerts: "alerts: {email: [ops@example.com], smtp: \(testCase.smtp)}")
        #expect(result.diagnostics.messages() == [])
        #expect(result.value?.alerts?.smtp?.security == testCase.security)
        #expect(result.value?.alerts?.expiringWithinDays == 30)
    }

    static let mistakes: [SchemaCase] = [
        SchemaCase(
            description: "missing email and bad numbers",
            yaml: "alerts: {expiring_within_days: -3, smtp: {host: smtp.example.com, port: 70000}}",
            messages: [
                "keyship.yaml:5:9: missing required field `alerts.email`. Add it.",
                "keyship.yaml:5:32: `alerts.expiring_within_days` must be 0 or more, but it is -3.",
                "keyship.yaml:5:73: `alerts.smtp.port` must be 65535 or less, but it is 70000.",
            ]),
        SchemaCase(
            description: "bad addresses and security",
            yaml: "alerts: {email: [ops], smtp: {host: smtp.example.com, port: 587, security: ssl, from: a b@c}}",
            messages: [
                "keyship.yaml:5:18: `alerts.email[1]` is not a valid e-mail address: \"ops\".",
                "keyship.yaml:5:76: `alerts.smtp.security` has the invalid value \"ssl\". Allowed values: "
                    + "starttls, tls, none.",
                "keyship.yaml:5:87: `alerts.smtp.from` is not a valid e-mail address: \"a b@c\".",
            ]),
        SchemaCase(
            description: "both security forms",
            yaml: "alerts: {email: [o@x.es], smtp: {host: h.es, port: 587, security: tls, starttls: true}}",
            messages: [
                "keyship.yaml:5:72: `alerts.smtp.security` and `alerts.smtp.starttls` cannot be used together. "
                    + "Keep only `alerts.smtp.security`.",
            ]),
        SchemaCase(
            description: "unencrypted remote server",
            yaml: "alerts: {email: [o@x.es], smtp: {host: smtp.example.com, port: 25, starttls: false}}",
            messages: [
                "keyship.yaml:5:68: `alerts.smtp.starttls` is `none` (no encryption) for the server "
                    + "\"smtp.example.com\", which is accepted only for 127.0.0.1 and localhost. Use `starttls` "
                    + "(port 587) or `tls` (port 465).",
            ]),
        SchemaCase(
            description: "user without password",
            yaml: "alerts: {email: [o@x.es], smtp: {host: h.es, port: 587, user_env: SMTP_USER, pasword_env: P}}",
            messages: [
                "keyship.yaml:5:57: `alerts.smtp.user_env` also needs `alerts.smtp.password_env`. Add it or "
                    + "remove `alerts.smtp.user_env`.",
                "keyship.yaml:5:78: unknown field `alerts.smtp.pasword_env`. Did you mean `password_env`?",
            ]),
    ]

    @Test(arguments: mistakes)
    func mistakesAreReported(testCase: SchemaCase) throws {
        let result = try decode(alerts: testCase.yaml)
        #expect(result.diagnostics.messages() == testCase.messages)
        #expect(result.value == nil)
    }
}
