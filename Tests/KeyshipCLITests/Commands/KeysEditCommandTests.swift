import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing

@Suite struct KeysEditCommandTests {
    /// Office keys a-0001 and a-0002 in one batch, and s-0001 sold in order T-1001.
    static func makeFixture() throws -> StoreFixture {
        let fixture = try StoreFixture("edit")
        try fixture.addBatch(product: "office", batch: "b1", keys: [
            .init(id: "a-0001", plaintext: "PLAIN-A1", expiresOn: "2027-12-31"),
            .init(id: "a-0002", plaintext: "PLAIN-A2"),
        ])
        try fixture.addSale(
            orderID: "T-1001", product: "office", keys: [.init(id: "s-0001", plaintext: "PLAIN-S1")],
            soldAt: "2026-12-02T08:30:00Z",
            delivery: DeliveryRecord(status: .done, attempts: 1, sentAt: Timestamp(iso: "2026-12-02T08:31:00Z")))
        try fixture.write("attachments/guia.pdf", "%PDF-1.4 guide")
        return fixture
    }

    @Test func editAppliesAndKeepsTheCell() async throws {
        let fixture = try Self.makeFixture()
        let before = try fixture.batchRows("keys/office/b1.csv")

        let result = await CLIHarness.run(
            ["keys", "edit", "a-0002", "--company", "Beta S.L.", "--warehouse", "BCN", "--expires", "30/06/2028",
             "--attachment", "attachments/guia.pdf"],
            fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.errors == "")
        #expect(result.output == """
            Key a-0002 edited: company: Acme → Beta S.L.; warehouse: MAD → BCN; expiry date: (none) → 2028-06-30; attachment: (none) → attachments/guia.pdf.
            Changes written to the work tree, not committed. To keep them:
              git add keys/office/b1.csv && git commit -m 'Edit key a-0002: company Beta S.L., warehouse BCN, expiry 2028-06-30, attachment attachments/guia.pdf'
            (or pass --commit next time).

            """)
        var expected = before
        expected[1].company = "Beta S.L."
        expected[1].warehouse = "BCN"
        expected[1].expiresOn = CivilDate(year: 2028, month: 6, day: 30)
        expected[1].attachment = "attachments/guia.pdf"
        #expect(try fixture.batchRows("keys/office/b1.csv") == expected)
    }

    @Test func removingExpiryAndAttachmentInSpanish() async throws {
        let fixture = try Self.makeFixture()
        _ = await CLIHarness.run(["keys", "edit", "a-0001", "--attachment", "attachments/guia.pdf"], fixture: fixture)

        let result = await CLIHarness.run(
            ["keys", "edit", "a-0001", "--no-expiry", "--no-attachment", "--lang", "es"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output.hasPrefix(
            "Clave a-0001 modificada: fecha de expiración: 31/12/2027 → (sin fecha); documento adjunto: attachments/guia.pdf → (ninguno).\n"))
        let row = try #require(try fixture.batchRows("keys/office/b1.csv").first)
        #expect(row.expiresOn == nil)
        #expect(row.attachment == nil)
    }

    @Test(arguments: [
        ("en", "Key a-0002 edited: company: Acme → Beta S.L.\n"),
        ("es", "Clave a-0002 modificada: empresa: Acme → Beta S.L.\n"),
    ])
    func companyEndingInPeriodGetsNoSecond(language: String, summary: String) async throws {
        let fixture = try Self.makeFixture()
        let result = await CLIHarness.run(
            ["keys", "edit", "a-0002", "--company", "Beta S.L.", "--lang", language], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output.hasPrefix(summary))
    }

    @Test func sameValuesChangeNothing() async throws {
        let fixture = try Self.makeFixture()
        let before = try fixture.allFiles()

        let result = await CLIHarness.run(["keys", "edit", "a-0001", "--warehouse", "MAD"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output == "Key a-0001 already has those values; nothing was changed.\n")
        #expect(try fixture.allFiles() == before)
    }

    @Test(arguments: [
        (["s-0001", "--company", "X"], "error: key s-0001 was already sold in order T-1001 on sales channel tienda (ledger/tienda/2026-12/T-1001.yaml); only available keys can be edited\n"),
        (["s-0001", "--company", "X", "--lang", "es"], "error: la clave s-0001 ya se vendió en el pedido T-1001 del canal de venta tienda (ledger/tienda/2026-12/T-1001.yaml); solo se pueden modificar las claves disponibles\n"),
        (["zz-0001", "--company", "X"], "error: there is no key with id zz-0001 in the store; keyship keys list shows the ids\n"),
        (["a-0001", "--warehouse", "VLC"], "error: unknown warehouse \"VLC\"; the warehouses in keyship.yaml are MAD, BCN\n"),
        (["a-0001", "--expires", "03/12/2026"], "error: the expiry date 2026-12-03 is in the past; an expired key cannot be sold, remove it with keyship keys delete\n"),
        (["a-0001", "--expires", "31-31-2027"], "error: invalid expiry date \"31-31-2027\"; write it as dd/mm/yyyy (31/12/2027) or yyyy-mm-dd\n"),
        (["a-0001", "--attachment", "attachments/none.pdf"], "error: the attached document \"attachments/none.pdf\" does not exist; add it to the repository or fix the path\n"),
        (["a-0001", "--attachment", "../secret.pdf"], "error: invalid document path \"../secret.pdf\"; use a path inside the store, such as attachments/guide.pdf\n"),
        (["a-0001", "--company", "  "], "error: the company cannot be empty\n"),
        (["a-0001"], "error: nothing to change; pass --company, --warehouse, --expires, --no-expiry, --attachment or --no-attachment\n"),
        (["a-0001", "--expires", "2028-01-01", "--no-expiry"], "error: --expires and --no-expiry cannot be used together\n"),
    ] as [([String], String)])
    func rejectedEdits(arguments: [String], message: String) async throws {
        let fixture = try Self.makeFixture()
        let before = try fixture.allFiles()

        let result = await CLIHarness.run(["keys", "edit"] + arguments, fixture: fixture)

        #expect(result.exitCode != .success)
        #expect(result.errors == message)
        #expect(try fixture.allFiles() == before)
    }

    @Test func errorsInTheStoreLanguage() async throws {
        let fixture = try Self.makeFixture()
        var environment = fixture.environment
        for name in ["KEYSHIP_LANG", "LANG", "LC_ALL", "LC_MESSAGES"] { environment.removeValue(forKey: name) }

        let result = await CLIHarness.run(["keys", "edit", "zz-0001", "--company", "X"], environment: environment, in: fixture.root)

        #expect(result.exitCode == .failure)
        #expect(result.errors == "error: no hay ninguna clave con id zz-0001 en la tienda; keyship keys list muestra los ids\n")
    }

    @Test func expiryTodayIsAccepted() async throws {
        let fixture = try Self.makeFixture()

        let result = await CLIHarness.run(["keys", "edit", "a-0002", "--expires", "04/12/2026"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(try fixture.batchRows("keys/office/b1.csv")[1].expiresOn == CivilDate(year: 2026, month: 12, day: 4))
    }

    @Test func commitNamesTheKey() async throws {
        let fixture = try Self.makeFixture()
        try fixture.commitAll()
        try fixture.write("catalog/usb.yaml", try #require(fixture.read("catalog/usb.yaml")) + "\n# local note\n")

        let result = await CLIHarness.run(["keys", "edit", "a-0001", "--warehouse", "BCN", "--commit"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(try fixture.gitOutput(["log", "-1", "--format=%an|%B"]) == """
            Olga Operadora|Edit key a-0001: warehouse BCN

            Edited with keyship keys edit in keys/office/b1.csv:
            - warehouse MAD -> BCN

            Key-Id: a-0001
            Product: office


            """)
        #expect(try fixture.gitOutput(["diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD"]) == "M\tkeys/office/b1.csv\n")
        #expect(try fixture.gitOutput(["status", "--porcelain"]) == " M catalog/usb.yaml\n")
        #expect(try fixture.batchRows("keys/office/b1.csv")[0].warehouse == "BCN")
    }

    @Test func commitRefusesLocalEditsToTheBatch() async throws {
        let fixture = try Self.makeFixture()
        try fixture.commitAll()
        let head = try fixture.gitOutput(["rev-parse", "HEAD"])
        let edited = try #require(fixture.read("keys/office/b1.csv")).replacingOccurrences(of: "Acme", with: "Local")
        try fixture.write("keys/office/b1.csv", edited)

        let result = await CLIHarness.run(["keys", "edit", "a-0001", "--warehouse", "BCN", "--commit"], fixture: fixture)
        let spanish = await CLIHarness.run(
            ["keys", "edit", "a-0001", "--company", "X", "--commit", "--lang", "es"], fixture: fixture)

        #expect(result.exitCode == .failure)
        #expect(result.output == "")
        #expect(result.errors == "error: keys/office/b1.csv has uncommitted changes; nothing was changed. Commit or discard those changes, then run again\n")
        #expect(spanish.exitCode == .failure)
        #expect(spanish.output == "")
        #expect(spanish.errors == "error: hay cambios sin commit en keys/office/b1.csv; no se ha cambiado nada. Haz commit de esos cambios o descártalos, y vuelve a ejecutar\n")
        #expect(try fixture.gitOutput(["rev-parse", "HEAD"]) == head)
        #expect(fixture.read("keys/office/b1.csv") == edited)
    }

    @Test func commitPrintsOutcomeBeforeCommitLine() async throws {
        let fixture = try Self.makeFixture()
        try fixture.commitAll()

        let result = await CLIHarness.run(
            ["keys", "edit", "a-0001", "--warehouse", "BCN", "--commit", "--lang", "es"], fixture: fixture)

        let head = try fixture.gitOutput(["rev-parse", "--short=7", "HEAD"]).trimmingWhitespace
        #expect(result.exitCode == .success)
        #expect(result.output == """
            Clave a-0001 modificada: almacén: MAD → BCN.
            Commit \(head) en la rama main, de Olga Operadora <olga@example.com>: Edit key a-0001: warehouse BCN
            Súbelo con git push o abre una pull request.

            """)
    }
}
