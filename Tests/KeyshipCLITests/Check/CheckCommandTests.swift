import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipStore
import KeyshipTestSupport
import Testing
@testable import KeyshipCLI

@Suite struct CheckCommandTests {
    /// Builds a store whose licence products each have a Spanish template, with three office keys
    /// of which O1 is sold in order T-1.
    private func store() throws -> StoreFixture {
        let fixture = try StoreFixture("check-cli")
        for product in ["office", "windows", "antivirus"] {
            try fixture.write("templates/\(product)/default.es.yaml", "intro: \"Hola {{buyer_name}}:\"\n")
        }
        try fixture.addBatch(product: "office", batch: "b1", keys: [
            .init(id: "O1", plaintext: "OFFICE-1"), .init(id: "O2", plaintext: "OFFICE-2"),
            .init(id: "O3", plaintext: "OFFICE-3"),
        ])
        let path = StoreLayout.batchFile(product: "office", batch: "b1")
        let rows = BatchFile.decode(Array(try #require(fixture.read(path)).utf8), path: path).keys.map(\.row)
        try fixture.write(path, BatchFile.encode(Array(rows.dropFirst())))
        let created = Timestamp(iso: "2026-12-04T10:00:00Z")!
        let record = LedgerRecord(
            channel: "tienda", orderID: "T-1", orderCreatedAt: created, run: "run-1", reservedAt: created,
            lines: [LedgerLine(lineID: "1", sku: "OFFICE", product: "office", quantity: 1,
                               keys: [SoldKey(row: rows[0], batch: path, soldAt: created)])],
            delivery: DeliveryRecord(status: .done, attempts: 1, sentAt: created), closedAt: created)
        try fixture.write(
            StoreLayout.closedRecordPath(channel: "tienda", orderID: "T-1", orderCreatedAt: created),
            LedgerRecordCodec.encode(record))
        return fixture
    }

    @Test(arguments: [
        ("en", "keyship check: no problems found (10 files, 2 keys in stock, 1 sold)\n"),
        ("es", "keyship check: todo correcto (10 ficheros, 2 claves en stock, 1 vendida)\n"),
    ])
    func cleanStorePasses(language: String, summary: String) async throws {
        let fixture = try store()
        let result = await CLIHarness.run(["check", "--lang", language], fixture: fixture)
        #expect(result.exitCode == .success)
        #expect(result.output == summary)
        #expect(result.errors == "")
    }

    @Test(arguments: [
        (1, Language.es, "keyship check: comprobando 1 clave…"),
        (1, Language.en, "keyship check: checking 1 key…"),
        (2, Language.es, "keyship check: comprobando 2 claves…"),
        (2, Language.en, "keyship check: checking 2 keys…"),
    ])
    func progressCountsAgree(count: Int, language: Language, text: String) {
        #expect(CheckProgressMessage(phase: .checkingKeys(count: count)).text(in: language) == text)
    }

    @Test(arguments: [
        ("en", "error: there is no keyship.yaml in %@; run keyship init or point to the store with --store\n"),
        ("es", "error: no hay keyship.yaml en %@; ejecuta keyship init o indica la tienda con --store\n"),
    ])
    func outsideStoreFailsFast(language: String, message: String) async throws {
        let scratch = try ScratchDirectory("check-outside")
        try scratch.write("notes/a.txt", "not a store")
        var environment = try store().environment
        environment.removeValue(forKey: "KEYSHIP_STORE")

        let result = await CLIHarness.run(["check", "--lang", language], environment: environment, in: scratch.url)

        #expect(result.exitCode == .failure)
        #expect(result.output == "")
        #expect(result.errors == message.replacingOccurrences(of: "%@", with: scratch.url.standardizedFileURL.path))
    }

    @Test func storeLanguageAppliesWithoutOption() async throws {
        let fixture = try store()
        var environment = fixture.environment
        environment.removeValue(forKey: "KEYSHIP_LANG")
        let result = await CLIHarness.run(["check"], environment: environment, in: fixture.root)
        #expect(result.output == "keyship check: todo correcto (10 ficheros, 2 claves en stock, 1 vendida)\n")
    }

    @Test func problemsAreListedAndFail() async throws {
        let fixture = try store()
        try fixture.addBatch(product: "usb", batch: "u1", keys: [.init(id: "U1", plaintext: "USB-1")])
        try fixture.addBatch(product: "windows", batch: "w1", keys: [
            .init(id: "O2", plaintext: "WIN-1"), .init(id: "W2", plaintext: "WIN-2", warehouse: "LIS"),
        ])
        let result = await CLIHarness.run(["check", "--store", fixture.root.path, "--lang", "es"], fixture: fixture)
        #expect(result.exitCode == .failure)
        #expect(result.output == """
            keys/usb/u1.csv: aviso: el producto usb no es una licencia de uso digital (digital_license: false), así \
            que keyship nunca vende estas claves. Pon digital_license: true en catalog/usb.yaml o borra este fichero
            keys/windows/w1.csv:2: el id de clave O2 ya se usa en keys/office/b1.csv:2. Borra la fila repetida, o \
            vuelve a importar la clave con keyship keys import para que reciba un id nuevo
            keys/windows/w1.csv:3: clave W2: el almacén LIS no está en keyship.yaml. Usa uno de estos (MAD, BCN) o \
            añade LIS a warehouses en keyship.yaml
            keyship check: 2 errores, 1 aviso en 12 ficheros

            """)
    }

    @Test func warningsAloneExitZero() async throws {
        let fixture = try store()
        try fixture.addBatch(product: "usb", batch: "u1", keys: [.init(id: "U1", plaintext: "USB-1")])
        let result = await CLIHarness.run(["check"], fixture: fixture)
        #expect(result.exitCode == .success)
        #expect(result.output.hasSuffix("keyship check: 0 errors, 1 warning in 11 files\n"))
    }

    @Test func yamlSyntaxErrorIsLocatedOnce() async throws {
        let fixture = try store()
        try fixture.write(StoreLayout.configFile, "seller: b: c\n")
        let result = await CLIHarness.run(["check", "--lang", "es"], fixture: fixture)
        #expect(result.exitCode == .failure)
        #expect(result.output == """
            keyship.yaml:1:10: YAML no válido: mapping values are not allowed in this context. Corrige la sintaxis \
            en esa línea y columna (revisa la sangría, las comillas y el espacio después de `:`).
            keyship check: 1 error, 0 avisos en 10 ficheros

            """)
    }

    @Test func decryptOpensEveryCell() async throws {
        let fixture = try store()
        let result = await CLIHarness.run(["check", "--decrypt"], fixture: fixture)
        #expect(result.exitCode == .success)
        #expect(result.output == "keyship check: no problems found (10 files, 2 keys in stock, 1 sold, 3 cells decrypted)\n")
    }

    @Test func decryptNeedsIdentity() async throws {
        let fixture = try store()
        var environment = fixture.environment
        environment.removeValue(forKey: "KEYSHIP_IDENTITY")
        let result = await CLIHarness.run(["check", "--decrypt"], environment: environment, in: fixture.root)
        #expect(result.exitCode == .failure)
        #expect(result.output == "")
        #expect(result.errors == "error: --decrypt needs the identity that opens the keys. Set it in "
            + "KEYSHIP_IDENTITY, or put the path of its file in KEYSHIP_IDENTITY_FILE\n")
    }

    @Test func wrongIdentityIsOneFinding() async throws {
        let fixture = try store()
        let stranger = try AgeIdentity.generate()
        var environment = fixture.environment
        environment["KEYSHIP_IDENTITY"] = stranger.encodedSecretKey().utf8String()
        let result = await CLIHarness.run(["check", "--decrypt", "--lang", "es"], environment: environment, in: fixture.root)
        #expect(result.exitCode == .failure)
        #expect(result.output == """
            la identidad no abre ninguna de las 3 celdas cifradas, así que no es la identidad de esta tienda. Su \
            destinatario \(stranger.recipient.encoded) no está en recipients de keyship.yaml. Pon en \
            KEYSHIP_IDENTITY o KEYSHIP_IDENTITY_FILE la identidad de uno de los destinatarios de la tienda
            keyship check: 1 error, 0 avisos en 10 ficheros

            """)
    }

    @Test func pullRequestTouchingLedgerFails() async throws {
        let fixture = try store()
        try fixture.commitAll()
        try fixture.makeRemote()
        try fixture.git(["checkout", "-q", "-b", "pr"])
        let path = "ledger/tienda/2026-12/T-1.yaml"
        let text = try #require(fixture.read(path))
        try fixture.write(path, text.replacingOccurrences(of: "company: Acme", with: "company: Otra"))
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "N1", plaintext: "OFFICE-9")])

        let result = await CLIHarness.run(["check", "--base", "origin/main"], fixture: fixture)
        #expect(result.exitCode == .failure)
        #expect(result.output == """
            \(path): only keyship writes under ledger/, and this change edits this file. Restore it with git \
            checkout origin/main -- \(path)
            keyship check: 1 error, 0 warnings in 11 files; 2 files changed on top of origin/main

            """)
    }

    @Test func cleanPullRequestPasses() async throws {
        let fixture = try store()
        try fixture.commitAll()
        try fixture.makeRemote()
        try fixture.git(["checkout", "-q", "-b", "pr"])
        try fixture.addBatch(product: "office", batch: "b2", keys: [.init(id: "N1", plaintext: "OFFICE-9")])
        try fixture.commitAll("Add office keys")

        let result = await CLIHarness.run(["check", "--base", "origin/main", "--lang", "es"], fixture: fixture)
        #expect(result.exitCode == .success)
        #expect(result.output == "keyship check: todo correcto (11 ficheros, 3 claves en stock, 1 vendida); "
            + "1 fichero cambiado sobre origin/main\n")
    }

    @Test func unknownBaseIsReported() async throws {
        let fixture = try store()
        try fixture.commitAll()
        let result = await CLIHarness.run(["check", "--base", "origin/main"], fixture: fixture)
        #expect(result.exitCode == .failure)
        #expect(result.output == "")
        #expect(result.errors == "error: Revision origin/main was not found in the repository. Check the branch "
            + "name or commit id, or fetch from the remote.\n")
    }

    @Test func helpListsOptions() async {
        let overview = await CLIHarness.run(["--help", "--lang", "en"], environment: [:])
        let line = overview.output.split(separator: "\n").first { $0.hasPrefix("  check ") }
        #expect(line?.hasSuffix(" validate the whole store (the gate on every pull request)") == true)
        let help = await CLIHarness.run(["check", "--help", "--lang", "en"], environment: [:])
        #expect(help.exitCode == .success)
        #expect(help.output.contains("Usage: keyship check [options]\n"))
        #expect(help.output.contains("  --base REV"))
        #expect(help.output.contains("  --decrypt"))
    }

    @Test func progressGoesToInteractiveStandardError() async throws {
        let fixture = try store()
        let console = InteractiveConsole()
        let code = await KeyshipCommandLine.run(
            ["check", "--decrypt"], environment: fixture.environment, currentDirectory: fixture.root.path,
            console: console)
        #expect(code == .success)
        #expect(console.output == "keyship check: no problems found (10 files, 2 keys in stock, 1 sold, 3 cells decrypted)\n")
        #expect(console.errors == [
            "listing files…", "reading keyship.yaml, catalogue and templates…", "reading the stock (keys/)…",
            "reading ledger/…", "checking 2 keys…", "checking templates…", "decrypting keys: 0/3",
            "decrypting keys: 3/3",
        ].map { "\rkeyship check: \($0)\u{1B}[K" }.joined() + "\r\u{1B}[K")
    }
}

/// A console that claims to be a terminal, to see the progress line.
private final class InteractiveConsole: Console {
    private let memory = MemoryConsole()

    var isInteractive: Bool { true }
    var output: String { memory.output }
    var errors: String { memory.errors }

    func write(_ text: String) { memory.write(text) }
    func writeError(_ text: String) { memory.writeError(text) }
}
