import KeyshipCore
import Testing

@Suite struct ValueRulesTests {
    @Test(arguments: [
        ("pccomponentes", true), ("tienda_web-2", true), ("", false), ("Tienda", false), ("tienda web", false),
        ("tienda.es", false), ("canal/a", false),
    ])
    func channelNames(text: String, valid: Bool) {
        #expect(ValueRules.isChannelName(text) == valid)
    }

    @Test(arguments: [
        ("office-2021-pro", true), ("Win11_Pro.x64", true), ("-office", false), (".hidden", false),
        ("a/b", false), ("", false), ("café", false),
    ])
    func productIDs(text: String, valid: Bool) {
        #expect(ValueRules.isProductID(text) == valid)
    }

    @Test(arguments: [("es", true), ("en", true), ("ES", false), ("spa", false), ("e", false), ("é1", false)])
    func languageCodes(text: String, valid: Bool) {
        #expect(ValueRules.isLanguageCode(text) == valid)
    }

    @Test(arguments: [
        ("KEYSHIP_PCC_API_KEY", true), ("_PRIVATE", true), ("K2", true), ("2KEY", false), ("api_key", false),
        ("KEY-NAME", false), ("", false),
    ])
    func environmentNames(text: String, valid: Bool) {
        #expect(ValueRules.isEnvironmentName(text) == valid)
    }

    @Test(arguments: [
        ("3f9a1c2e-7b4d-4e8f-9a6b-1c2d3e4f5a6b", true), ("A1B2C3D4E5F6G7H8", true), ("KEYSHIP_PCC_API_KEY", false),
        ("SMTPPASSWORDVALUE", false), ("short1", false), ("sk_live_abc123def456ghi", false),
    ])
    func secretLookalikes(text: String, looksSecret: Bool) {
        #expect(ValueRules.looksLikeSecret(text) == looksSecret)
    }

    @Test(arguments: [
        (sampleRecipient, true), ("age1", false), ("age1B", false), ("age1qpzb", false), ("AGE1qpz", false),
        ("ssh-ed25519 AAAA", false),
    ])
    func ageRecipients(text: String, valid: Bool) {
        #expect(ValueRules.isAgeRecipient(text) == valid)
    }

    @Test(arguments: [
        ("ops@example.com", true), ("keyship@localhost", true), ("ops", false), ("@x.es", false), ("a@", false),
        ("a b@x.es", false), ("a@b@c", false), ("Ops <ops@x.es>", false),
    ])
    func emails(text: String, valid: Bool) {
        #expect(ValueRules.isEmail(text) == valid)
    }

    @Test(arguments: [
        ("UTC", true), ("Europe/Madrid", true), ("America/Argentina/Buenos_Aires", true), ("Etc/GMT+1", true),
        ("Madrid", false), ("Europe/", false), ("/Madrid", false), ("Europe/Ma drid", false),
    ])
    func timeZoneNames(text: String, valid: Bool) {
        #expect(ValueRules.isTimeZoneName(text) == valid)
    }

    @Test(arguments: [
        ("attachments/office.pdf", true), ("a", true), ("/etc/passwd", false), ("attachments/../x", false),
        ("./a", false), ("a//b", false), ("a\\b", false), ("", false),
    ])
    func storePaths(text: String, valid: Bool) {
        #expect(ValueRules.isStorePath(text) == valid)
    }

    @Test(arguments: [
        ("YWdlLWVuY3J5cHRpb24ub3JnL3Yx", true), ("YQ==", true), ("YWI=", true), ("YQ=", false), ("Y===", false),
        ("YW I=", false), ("", false), ("YQ==YQ==", false),
    ])
    func base64(text: String, valid: Bool) {
        #expect(ValueRules.isBase64(text) == valid)
    }

    @Test(arguments: [
        ("https://example.mirakl.net", ValueRules.URLCheck.valid),
        ("HTTPS://example.mirakl.net:8443/api/", .valid),
        ("http://127.0.0.1:8080", .valid),
        ("http://LOCALHOST", .valid),
        ("http://example.mirakl.net", .insecure),
        ("http://[::1]:80", .insecure),
        ("ftp://example.net", .invalid),
        ("example.net", .invalid),
        ("https://", .invalid),
        ("https://host:0", .invalid),
        ("https://[::1", .invalid),
        ("https://user:pw@example.net", .credentials),
        ("https://example.net/?api_key=x", .credentials),
        ("https://example.net/#token", .credentials),
    ])
    func serviceURLs(text: String, check: ValueRules.URLCheck) {
        #expect(ValueRules.checkServiceURL(text) == check)
    }
}
