import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipTestSupport
import Testing

@Suite struct KeysImportCommandTests {
    /// A spreadsheet saved in Spain: byte-order mark, `;`, CRLF, a quoted value containing `;`,
    /// values with a trailing space and dates as `31/12/2027`.
    static let spreadsheet: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
        "Nº licencia;Empresa;Almacén;Fecha de expiración\r\n"
            + "\"KEY;WITH-SEMICOLON\";Acme S.L.;MAD;31/12/2027\r\n"
            + "TRAILING-SPACE-2 ;Beta ;BCN;\r\n"
            + "PLAIN-KEY-3;\"Gamma; Ltd\";MAD;31/12/2027\r\n"
    ).utf8)

    /// Runs `keys import` from the scratch folder, where the spreadsheets are, outside the store.
    static func runImport(
        _ arguments: [String], fixture: StoreFixture, environment: [String: String]? = nil
    ) async -> CLIResult {
        await CLIHarness.run(
            ["keys", "import"] + arguments, environment: environment ?? fixture.environment, in: fixture.scratch.url)
    }

    @Test func spreadsheetStoresEveryKeyExactly() async throws {
        let fixture = try StoreFixture("import")
        try fixture.scratch.write("claves.csv", Data(Self.spreadsheet))

        let result = await Self.runImport(["--product", "office", "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.errors == "")
        let path = try #require(fixture.batchPaths(product: "office").first)
        #expect(fixture.batchPaths(product: "office").count == 1)
        #expect(path.hasPrefix("keys/office/20261204-120000-"))
        #expect(result.output == """
            3 licence keys of office encrypted into \(path) (MAD: 2, BCN: 1).
            Changes written to the work tree, not committed. To keep them:
              git add \(path) && git commit -m 'Add 3 keys of office to MAD, BCN'
            (or pass --commit next time).

            """)

        let rows = try fixture.batchRows(path)
        let token = String(path.dropFirst("keys/office/20261204-120000-".count).dropLast(4))
        #expect(rows.map(\.id) == ["\(token)-0001", "\(token)-0002", "\(token)-0003"])
        #expect(rows.map(\.createdAt) == Array(repeating: CLIHarness.now, count: 3))
        #expect(rows.map(\.company) == ["Acme S.L.", "Beta", "Gamma; Ltd"])
        #expect(rows.map(\.warehouse) == ["MAD", "BCN", "MAD"])
        #expect(rows.map(\.expiresOn) == [CivilDate(year: 2027, month: 12, day: 31), nil, CivilDate(year: 2027, month: 12, day: 31)])
        #expect(rows.map(\.attachment) == [nil, nil, nil])
        let keys = try rows.map { try #require(KeyCell.open($0.cell, with: [fixture.identity]).utf8String()) }
        #expect(keys == ["KEY;WITH-SEMICOLON", "TRAILING-SPACE-2", "PLAIN-KEY-3"])

        let raw = try Data(contentsOf: fixture.root.appendingPathComponent(path))
        #expect(!raw.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(!raw.contains(UInt8(ascii: "\r")))
        for record in try CSV.read(Array(raw), separator: UInt8(ascii: ",")) {
            for field in record.fields {
                #expect(field == field.trimmingWhitespace, "line \(record.line): \"\(field)\"")
            }
        }
    }

    @Test func importedMessageInSpanish() async throws {
        let fixture = try StoreFixture("import")
        try fixture.scratch.write("claves.csv", Data(Self.spreadsheet))

        let result = await Self.runImport(["--product", "office", "--lang", "es", "claves.csv"], fixture: fixture)

        let path = try #require(fixture.batchPaths(product: "office").first)
        #expect(result.exitCode == .success)
        #expect(result.output == """
            3 claves de licencia de office cifradas en \(path) (MAD: 2, BCN: 1).
            Cambios escritos en la copia de trabajo, sin commit. Para guardarlos:
              git add \(path) && git commit -m 'Add 3 keys of office to MAD, BCN'
            (o usa --commit la próxima vez).

            """)
    }

    @Test func badFileChangesNothingAndNamesEveryLine() async throws {
        let fixture = try StoreFixture("import")
        try fixture.addBatch(product: "office", batch: "old", keys: [.init(id: "old-0001", plaintext: "OLD-KEY")])
        try fixture.commitAll()
        try fixture.scratch.write("malo.csv", """
            key,company,warehouse,expires_on
            K1,Acme,MAD,2027-12-31
            ,Acme,MAD,
            K3,Acme,XXX,
            K4,Acme,MAD,31/02/2027
            K1,Acme,MAD,
            K6,Acme,MAD,01/12/2026

            """)
        let before = try fixture.allFiles()

        let english = await Self.runImport(["--product", "office", "malo.csv"], fixture: fixture)
        let spanish = await Self.runImport(["--product", "office", "--lang", "es", "malo.csv"], fixture: fixture)

        #expect(english.exitCode == .failure)
        #expect(english.output == "")
        #expect(english.errors == """
            error: malo.csv has 5 errors; no key was imported. Fix the file and import all of it again:
            malo.csv:3: the licence key is empty; fill it in or delete the row
            malo.csv:4: unknown warehouse "XXX"; the warehouses in keyship.yaml are BCN, MAD
            malo.csv:5: invalid expiry date "31/02/2027"; write it as dd/mm/yyyy (31/12/2027) or yyyy-mm-dd
            malo.csv:6: duplicate licence key: it is already on line 2; delete one of them
            malo.csv:7: the key already expired on 2026-12-01; it cannot be sold, delete the row

            """)
        #expect(spanish.exitCode == .failure)
        #expect(spanish.errors == """
            error: malo.csv tiene 5 errores; no se ha importado ninguna clave. Corrige el fichero y vuelve a importarlo entero:
            malo.csv:3: falta el Nº de licencia; escribe la clave o borra la fila
            malo.csv:4: almacén desconocido "XXX"; los almacenes de keyship.yaml son BCN, MAD
            malo.csv:5: fecha de expiración no válida "31/02/2027"; escríbela como dd/mm/aaaa (31/12/2027)
            malo.csv:6: clave de licencia repetida: ya está en la línea 2; borra una de las dos
            malo.csv:7: la clave ya expiró el 01/12/2026; no se puede vender, borra la fila

            """)
        #expect(try fixture.allFiles() == before)
    }

    @Test func duplicatesAgainstStockAndSoldKeys() async throws {
        let fixture = try StoreFixture("import")
        try fixture.addBatch(product: "office", batch: "old", keys: [.init(id: "old-0001", plaintext: "IN-STOCK-1")])
        try fixture.addSale(
            orderID: "T-1001", product: "windows", keys: [.init(id: "sold-0001", plaintext: "SOLD-WIN-1")],
            soldAt: "2026-12-02T08:30:00Z", delivery: DeliveryRecord(status: .inProgress))
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nIN-STOCK-1;Acme;MAD\nSOLD-WIN-1;Acme;MAD\nNEW-1;Acme;MAD\n")
        let before = try fixture.allFiles()

        let result = await Self.runImport(["--product", "antivirus", "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .failure)
        #expect(result.errors == """
            error: claves.csv has 2 errors; no key was imported. Fix the file and import all of it again:
            claves.csv:2: the licence key is already in stock as old-0001 (keys/office/old.csv); delete the row
            claves.csv:3: the licence key was already sold as sold-0001 in order T-1001 on tienda; delete the row

            """)
        #expect(try fixture.allFiles() == before)
    }

    @Test func withoutIdentityWarnsOnceAndImports() async throws {
        let fixture = try StoreFixture("import")
        try fixture.addBatch(product: "office", batch: "old", keys: [.init(id: "old-0001", plaintext: "IN-STOCK-1")])
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nNEW-1;Acme;MAD\nNEW-2;Acme;MAD\n")
        var environment = fixture.environment
        environment.removeValue(forKey: "KEYSHIP_IDENTITY")

        let result = await Self.runImport(["--product", "office", "claves.csv"], fixture: fixture, environment: environment)

        #expect(result.exitCode == .success)
        #expect(result.errors == "warning: the keys were not checked against the keys in stock or sold, because there is no identity to decrypt them (KEYSHIP_IDENTITY_FILE or KEYSHIP_IDENTITY); only repeats inside the file are detected\n")
        #expect(fixture.batchPaths(product: "office").count == 2)
    }

    @Test func wrongIdentityStopsTheImport() async throws {
        let fixture = try StoreFixture("import")
        try fixture.addBatch(product: "office", batch: "old", keys: [.init(id: "old-0001", plaintext: "IN-STOCK-1")])
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nNEW-1;Acme;MAD\n")
        var environment = fixture.environment
        environment["KEYSHIP_IDENTITY"] = try AgeIdentity.generate().encodedSecretKey().utf8String()

        let result = await Self.runImport(["--product", "office", "claves.csv"], fixture: fixture, environment: environment)

        #expect(result.exitCode == .failure)
        #expect(result.errors == "error: the identity in KEYSHIP_IDENTITY or KEYSHIP_IDENTITY_FILE does not open key old-0001 (keys/office/old.csv), so duplicates cannot be checked; use the store's identity, or unset those variables to import without that check\n")
        #expect(fixture.batchPaths(product: "office") == ["keys/office/old.csv"])
    }

    @Test func commitTouchesOnlyTheBatchFile() async throws {
        let fixture = try StoreFixture("import")
        try fixture.commitAll()
        let base = try fixture.gitOutput(["rev-parse", "HEAD"]).trimmingWhitespace
        try fixture.write("catalog/usb.yaml", try #require(fixture.read("catalog/usb.yaml")) + "\n# local note\n")
        try fixture.scratch.write("claves.csv", Data(Self.spreadsheet))

        let result = await Self.runImport(["--product", "office", "--commit", "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.errors == "")
        let path = try #require(fixture.batchPaths(product: "office").first)
        let head = try fixture.gitOutput(["rev-parse", "HEAD"]).trimmingWhitespace
        #expect(result.output == """
            3 licence keys of office encrypted into \(path) (MAD: 2, BCN: 1).
            Commit \(head.prefix(7)) on branch main, by Olga Operadora <olga@example.com>: Add 3 keys of office to MAD, BCN
            Push it with git push or open a pull request.

            """)
        #expect(try fixture.gitOutput(["rev-list", "--parents", "-n", "1", "HEAD"]).trimmingWhitespace == "\(head) \(base)")
        #expect(try fixture.gitOutput(["log", "-1", "--format=%an <%ae>|%cn <%ce>"]) == "Olga Operadora <olga@example.com>|Olga Operadora <olga@example.com>\n")
        let batch = String(path.dropFirst("keys/office/".count).dropLast(4))
        #expect(try fixture.gitOutput(["log", "-1", "--format=%B"]) == """
            Add 3 keys of office to MAD, BCN

            Imported with keyship keys import from claves.csv: 3 keys (MAD: 2, BCN: 1) in 1 batch file.
            Duplicate check: compared with the 0 keys already in the store.

            Product: office
            Batch: \(batch)


            """)
        #expect(try fixture.gitOutput(["diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD"]) == "A\t\(path)\n")
        #expect(try fixture.gitOutput(["status", "--porcelain"]) == " M catalog/usb.yaml\n")
    }

    @Test func commitCountsOneStoredKey() async throws {
        let fixture = try StoreFixture("import")
        try fixture.addBatch(product: "office", batch: "old", keys: [.init(id: "old-0001", plaintext: "IN-STOCK-1")])
        try fixture.commitAll()
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nNEW-1;Acme;MAD\n")

        let result = await Self.runImport(["--product", "office", "--commit", "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(try fixture.gitOutput(["log", "-1", "--format=%b"]).hasPrefix("""
            Imported with keyship keys import from claves.csv: 1 key (MAD: 1) in 1 batch file.
            Duplicate check: compared with the 1 key already in the store.

            """))
    }

    @Test func progressEveryTenthOnLargeFiles() async throws {
        let fixture = try StoreFixture("import")
        let rows = (1...1000).map { "LARGE-KEY-\($0);Acme;MAD" }
        try fixture.scratch.write("claves.csv", "key;company;warehouse\n" + rows.joined(separator: "\n") + "\n")

        let result = await Self.runImport(["--product", "office", "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .success)
        let expected = (1...10).map { "Encrypting licence keys: \($0 * 100)/1000 (\($0 * 10)%)\n" }.joined()
        #expect(result.errors == expected)
        let path = try #require(fixture.batchPaths(product: "office").first)
        #expect(try fixture.batchRows(path).count == 1000)
    }

    @Test func progressWhileCheckingLargeStore() async throws {
        let fixture = try StoreFixture("import")
        let stock = (1...1000).map { StoreFixture.Key(id: "old-\($0)", plaintext: "OLD-KEY-\($0)") }
        try fixture.addBatch(product: "windows", batch: "old", keys: stock)
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nNEW-KEY-1;Acme;MAD\n")

        let result = await Self.runImport(["--product", "office", "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .success)
        let expected = (1...10).map { "Looking for duplicates in the store: \($0 * 100)/1000 (\($0 * 10)%)\n" }.joined()
        #expect(result.errors == expected)
    }

    @Test(arguments: [
        (["--product", "usb", "claves.csv"], "error: the product usb is not a digital licence (digital_license: false in catalog/usb.yaml), so it has no licence keys\n"),
        (["--product", "nope", "claves.csv"], "error: unknown product \"nope\"; the catalogue has: antivirus, office, usb, windows\n"),
        (["--product", "office", "--warehouse", "VLC", "claves.csv"], "error: unknown warehouse \"VLC\"; the warehouses in keyship.yaml are MAD, BCN\n"),
        (["--product", "office", "missing.csv"], nil),
        (["claves.csv"], "error: missing option --product; run keyship keys import --help\n"),
        (["--product", "office", "--dry-run", "--commit", "claves.csv"], "error: --dry-run and --commit cannot be used together\n"),
    ] as [([String], String?)])
    func rejectedRequests(arguments: [String], message: String?) async throws {
        let fixture = try StoreFixture("import")
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nK1;Acme;MAD\n")

        let result = await Self.runImport(arguments, fixture: fixture)

        #expect(result.exitCode != .success)
        if let message {
            #expect(result.errors == message)
        } else {
            #expect(result.errors.hasPrefix("error: cannot read \(fixture.scratch.url("missing.csv").path) ("))
        }
        #expect(fixture.batchPaths(product: "office").isEmpty)
    }

    @Test func dryRunWritesNothing() async throws {
        let fixture = try StoreFixture("import")
        try fixture.scratch.write("claves.csv", "key;company\nK1;Acme\nK2;Acme\n")
        let before = try fixture.allFiles()

        let result = await Self.runImport(["--product", "office", "--warehouse", "BCN", "--dry-run", "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output == "Dry run: 2 licence keys of office would be imported (BCN: 2) into 1 file. Nothing was written.\n")
        #expect(try fixture.allFiles() == before)
    }

    @Test(arguments: [
        ("en", "K1", "Dry run: 1 licence key of office would be imported (BCN: 1) into 1 file. Nothing was written.\n"),
        ("es", "K1", "Prueba sin cambios: se importaría 1 clave de licencia de office (BCN: 1) en 1 fichero. No se ha escrito nada.\n"),
        ("es", "K1\nK2", "Prueba sin cambios: se importarían 2 claves de licencia de office (BCN: 2) en 1 fichero. No se ha escrito nada.\n"),
    ])
    func dryRunCountsAgree(language: String, keys: String, summary: String) async throws {
        let fixture = try StoreFixture("import")
        try fixture.scratch.write("claves.csv", "key\n\(keys)\n")

        let result = await Self.runImport(
            ["--product", "office", "--warehouse", "BCN", "--company", "Acme", "--dry-run", "--lang", language, "claves.csv"],
            fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output == summary)
    }

    @Test func dryRunOfLargeFileCountsFiles() async throws {
        let fixture = try StoreFixture("import")
        let rows = (1...2_001).map { "LARGE-KEY-\($0)" }
        try fixture.scratch.write("claves.csv", "key\n" + rows.joined(separator: "\n") + "\n")

        let result = await Self.runImport(
            ["--product", "office", "--warehouse", "MAD", "--company", "Acme", "--dry-run", "--lang", "es", "claves.csv"],
            fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output == "Prueba sin cambios: se importarían 2001 claves de licencia de office (MAD: 2001) en 3 ficheros. No se ha escrito nada.\n")
    }

    /// 2,001 keys make three batch files in one commit, with ids that keep the spreadsheet's order
    /// across the files.
    @Test func largeImportSplitsIntoFilesOfOneThousand() async throws {
        let fixture = try StoreFixture("import")
        try fixture.commitAll()
        let rows = (1...2_001).map { "LARGE-KEY-\($0)" }
        try fixture.scratch.write("claves.csv", "key\n" + rows.joined(separator: "\n") + "\n")

        let result = await Self.runImport(
            ["--product", "office", "--warehouse", "MAD", "--company", "Acme", "--commit", "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .success)
        let paths = fixture.batchPaths(product: "office")
        try #require(paths.count == 3)
        let first = try #require(paths.first)
        let stem = String(first.dropLast("-01.csv".count))
        #expect(paths == ["\(stem)-01.csv", "\(stem)-02.csv", "\(stem)-03.csv"])
        let token = String(stem.dropFirst("keys/office/20261204-120000-".count))
        let head = try fixture.gitOutput(["rev-parse", "--short=7", "HEAD"]).trimmingWhitespace
        #expect(result.output == """
            2001 licence keys of office encrypted into 3 files, \(paths[0]) to \(paths[2]) (MAD: 2001).
            Commit \(head) on branch main, by Olga Operadora <olga@example.com>: Add 2001 keys of office to MAD in 3 batch files
            Push it with git push or open a pull request.

            """)
        let files = try paths.map { try fixture.batchRows($0) }
        try #require(files.map(\.count) == [1_000, 1_000, 1])
        let ids = files.flatMap { $0.map(\.id) }
        #expect(ids.first == "\(token)-0001")
        #expect(ids[1_000] == "\(token)-1001")
        #expect(ids.last == "\(token)-2001")
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == 2_001)
        let lastFile = try #require(files.last)
        #expect(fixture.decryptCells(in: try #require(fixture.read(paths[2]))) == ["LARGE-KEY-2001"])
        #expect(lastFile.map(\.createdAt) == [CLIHarness.now])

        #expect(try fixture.gitOutput(["rev-list", "--count", "HEAD"]) == "2\n")
        #expect(try fixture.gitOutput(["diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD"])
            == paths.map { "A\t\($0)\n" }.joined())
        let batches = paths.map { String($0.dropFirst("keys/office/".count).dropLast(4)) }
        #expect(try fixture.gitOutput(["log", "-1", "--format=%B"]) == """
            Add 2001 keys of office to MAD in 3 batch files

            Imported with keyship keys import from claves.csv: 2001 keys (MAD: 2001) in 3 batch files. Split into \
            files of at most 1000 keys, because every sale rewrites the file its keys come from.
            Duplicate check: compared with the 0 keys already in the store.

            Product: office
            Batch: \(batches[0])
            Batch: \(batches[1])
            Batch: \(batches[2])


            """)
    }

    @Test func largeImportSummaryInSpanish() async throws {
        let fixture = try StoreFixture("import")
        let rows = (1...1_001).map { "LARGE-KEY-\($0)" }
        try fixture.scratch.write("claves.csv", "key\n" + rows.joined(separator: "\n") + "\n")

        let result = await Self.runImport(
            ["--product", "office", "--warehouse", "MAD", "--company", "Acme", "--lang", "es", "claves.csv"],
            fixture: fixture)

        #expect(result.exitCode == .success)
        let paths = fixture.batchPaths(product: "office")
        try #require(paths.count == 2)
        #expect(result.output.hasPrefix(
            "1001 claves de licencia de office cifradas en 2 ficheros, de \(paths[0]) a \(paths[1]) (MAD: 1001).\n"))
    }

    @Test(arguments: [
        ("en", "1 licence key of office encrypted into "),
        ("es", "1 clave de licencia de office cifrada en "),
    ])
    func oneKeyIsSingular(language: String, prefix: String) async throws {
        let fixture = try StoreFixture("import")
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nK1;Acme;MAD\n")

        let result = await Self.runImport(["--product", "office", "--lang", language, "claves.csv"], fixture: fixture)

        #expect(result.exitCode == .success)
        #expect(result.output.hasPrefix(prefix))
    }

    /// A write that fails (here `keys/office` is a file, not a folder) prints no success line.
    @Test(arguments: [["--commit"], []])
    func failedWritePrintsNoSuccess(extra: [String]) async throws {
        let fixture = try StoreFixture("import")
        try fixture.write("keys/office", "not a folder")
        try fixture.commitAll()
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nK1;Acme;MAD\n")

        let result = await Self.runImport(["--product", "office"] + extra + ["claves.csv"], fixture: fixture)

        #expect(result.exitCode == .failure)
        #expect(result.output == "")
        let lastLine = result.errors.split(separator: "\n").last ?? ""
        #expect(lastLine.hasPrefix("error: "))
        #expect(fixture.read("keys/office") == "not a folder")
    }

    @Test func recipientsInvalidNamed() async throws {
        let config = StoreFixture.defaultConfig(recipient: "age1qqqqqqqq", inbox: "/tmp/in", outbox: "/tmp/out")
        let fixture = try StoreFixture("import", config: config)
        try fixture.scratch.write("claves.csv", "key;company;warehouse\nK1;Acme;MAD\n")
        var environment = fixture.environment
        environment.removeValue(forKey: "KEYSHIP_IDENTITY")

        let result = await Self.runImport(["--product", "office", "claves.csv"], fixture: fixture, environment: environment)

        var reason = ""
        do {
            _ = try AgeRecipient(parsing: "age1qqqqqqqq")
        } catch {
            reason = error.text(in: .en)
        }
        #expect(result.exitCode == .failure)
        #expect(result.errors == "error: the recipient \"age1qqqqqqqq\" in recipients in keyship.yaml is invalid (\(reason)); fix it before importing keys\n")
        #expect(fixture.batchPaths(product: "office").isEmpty)
    }

    @Test func builtBinaryImportsSpreadsheet() throws {
        let binary = URL(fileURLWithPath: try KeyshipBinary.path())
        let fixture = try StoreFixture("import")
        try fixture.scratch.write("claves.csv", Data(Self.spreadsheet))

        let result = try ProcessRunner.run(
            binary.path, ["keys", "import", "--product", "office", "claves.csv"], environment: fixture.environment,
            currentDirectory: fixture.scratch.path)

        #expect(result.status == 0)
        #expect(result.stderr == "")
        let path = try #require(fixture.batchPaths(product: "office").first)
        #expect(result.stdout.hasPrefix("3 licence keys of office encrypted into \(path) (MAD: 2, BCN: 1).\n"))
        #expect(fixture.decryptCells(in: try #require(fixture.read(path))) == ["KEY;WITH-SEMICOLON", "TRAILING-SPACE-2", "PLAIN-KEY-3"])
    }
}
