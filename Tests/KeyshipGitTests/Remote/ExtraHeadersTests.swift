import KeyshipCore
import KeyshipTestSupport
import Testing

@testable import KeyshipGit

@Suite struct ExtraHeadersTests {
    struct MatchCase: Sendable, CustomStringConvertible {
        var setting: String
        var url: String
        var matches: Bool
        var description: String { "\(setting) for \(url)" }
    }

    static let matchCases: [MatchCase] = [
        MatchCase(setting: "https://github.com/", url: "https://github.com/tienda/store.git", matches: true),
        MatchCase(setting: "https://github.com", url: "https://github.com/tienda/store.git", matches: true),
        MatchCase(setting: "https://GitHub.com/", url: "https://github.com/tienda/store.git", matches: true),
        MatchCase(setting: "https://github.com/tienda", url: "https://github.com/tienda/store.git", matches: true),
        MatchCase(setting: "https://github.com/tienda/", url: "https://github.com/tienda/store.git", matches: true),
        MatchCase(setting: "https://github.com/tien", url: "https://github.com/tienda/store.git", matches: false),
        MatchCase(setting: "https://github.com/other/", url: "https://github.com/tienda/store.git", matches: false),
        MatchCase(setting: "http://github.com/", url: "https://github.com/tienda/store.git", matches: false),
        MatchCase(setting: "https://gitlab.com/", url: "https://github.com/tienda/store.git", matches: false),
        MatchCase(setting: "https://*.example.com/", url: "https://git.example.com/store.git", matches: true),
        MatchCase(setting: "https://*.example.com/", url: "https://example.com/store.git", matches: false),
        MatchCase(setting: "https://github.com:443/", url: "https://github.com/store.git", matches: true),
        MatchCase(setting: "http://127.0.0.1:8080/", url: "http://127.0.0.1:8080/store.git", matches: true),
        MatchCase(setting: "http://127.0.0.1:8080/", url: "http://127.0.0.1:9090/store.git", matches: false),
        MatchCase(setting: "https://bot@github.com/", url: "https://bot:pw@github.com/store.git", matches: true),
        MatchCase(setting: "https://bot@github.com/", url: "https://github.com/store.git", matches: false),
        MatchCase(setting: "https://github.com/", url: "https://bot@github.com/store.git", matches: true),
    ]

    @Test(arguments: matchCases)
    func settingURLMatching(_ testCase: MatchCase) throws {
        let target = try #require(MatchURL(testCase.url))
        let specificity = ExtraHeaders.specificity(of: "http.\(testCase.setting).extraheader", for: target)
        #expect((specificity != nil) == testCase.matches)
    }

    @Test func generalSettingMatchesEverything() throws {
        let target = try #require(MatchURL("https://github.com/tienda/store.git"))
        #expect(ExtraHeaders.specificity(of: "http.extraheader", for: target) == ExtraHeaders.Specificity.none)
    }

    @Test func longerPathIsMoreSpecific() throws {
        let target = try #require(MatchURL("https://github.com/tienda/store.git"))
        let host = try #require(ExtraHeaders.specificity(of: "http.https://github.com/.extraheader", for: target))
        let folder = try #require(ExtraHeaders.specificity(of: "http.https://github.com/tienda/.extraheader", for: target))
        #expect(host < folder)
        #expect(ExtraHeaders.Specificity.none < host)
    }

    struct SelectionCase: Sendable, CustomStringConvertible {
        var name: String
        var settings: [(key: String, value: String)]
        var expected: [String]
        var description: String { name }
    }

    static let selectionCases: [SelectionCase] = [
        SelectionCase(
            name: "checkout header for the host",
            settings: [("http.https://github.com/.extraheader", "AUTHORIZATION: basic eC1hY2Nlc3M=")],
            expected: ["AUTHORIZATION: basic eC1hY2Nlc3M="]),
        SelectionCase(
            name: "general and specific values add up",
            settings: [("http.extraheader", "X-Trace: 1"), ("http.https://github.com/.extraheader", "X-Team: tienda")],
            expected: ["X-Trace: 1", "X-Team: tienda"]),
        SelectionCase(
            name: "less specific value after a specific one is skipped",
            settings: [("http.https://github.com/.extraheader", "X-Team: tienda"), ("http.extraheader", "X-Trace: 1")],
            expected: ["X-Team: tienda"]),
        SelectionCase(
            name: "empty value clears the list",
            settings: [("http.extraheader", "X-Trace: 1"), ("http.extraheader", ""), ("http.extraheader", "X-Other: 2")],
            expected: ["X-Other: 2"]),
        SelectionCase(
            name: "other host is ignored",
            settings: [("http.https://gitlab.com/.extraheader", "X-Team: other")],
            expected: []),
        SelectionCase(
            name: "headers libgit2 rejects are skipped",
            settings: [
                ("http.extraheader", "Host: evil.example.com"), ("http.extraheader", "no colon here"),
                ("http.extraheader", "X-Fine: yes"),
            ],
            expected: ["X-Fine: yes"]),
    ]

    @Test(arguments: selectionCases)
    func headerSelection(_ testCase: SelectionCase) throws {
        let scratch = try ScratchDirectory("git-extraheader")
        let repository = try Repository.create(at: scratch.path, bare: true)
        for setting in testCase.settings {
            try GitCLI.run(["config", "--add", setting.key, setting.value], in: scratch.path)
        }
        let config = try ConfigHandle.snapshot(of: repository)
        let headers = try ExtraHeaders.headers(
            for: "https://github.com/tienda/store.git", config: config, logger: .disabled)
        #expect(headers == testCase.expected)
    }

    @Test func noHeadersForOtherSchemes() throws {
        let scratch = try ScratchDirectory("git-extraheader-ssh")
        let repository = try Repository.create(at: scratch.path, bare: true)
        try GitCLI.run(["config", "http.extraheader", "X-Trace: 1"], in: scratch.path)
        let config = try ConfigHandle.snapshot(of: repository)
        #expect(try ExtraHeaders.headers(for: "ssh://git@github.com/store.git", config: config, logger: .disabled) == [])
        #expect(try ExtraHeaders.headers(for: "/srv/store.git", config: config, logger: .disabled) == [])
    }

    @Test func rejectedHeaderLogsOnlyItsName() throws {
        let scratch = try ScratchDirectory("git-extraheader-log")
        let repository = try Repository.create(at: scratch.path, bare: true)
        try GitCLI.run(["config", "http.extraheader", "Authorization: basic c2VjcmV0\r"], in: scratch.path)
        let logs = MemoryLogHandler()
        let headers = try ExtraHeaders.headers(
            for: "https://github.com/store.git", config: ConfigHandle.snapshot(of: repository),
            logger: Logger(label: "git", handler: logs))
        #expect(headers == [])
        #expect(logs.records.map(\.formatted) == [
            "warning git: skipping an http.extraheader value that libgit2 would reject header=Authorization problem=line break in the header",
        ])
    }

    @Test func redactionRemovesCredentials() {
        let text = "failed to reach https://bot:s3cret@github.com/store.git with token abc123 (http://u@h/x)"
        #expect(Redactor.redact(text, secrets: ["abc123"])
            == "failed to reach https://github.com/store.git with token *** (http://h/x)")
        #expect(Redactor.headerValue("AUTHORIZATION: basic eC1hY2Nlc3M=") == "basic eC1hY2Nlc3M=")
    }
}
