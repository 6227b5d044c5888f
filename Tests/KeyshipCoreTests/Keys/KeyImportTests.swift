import Testing
@testable import KeyshipCore

@Suite struct KeyImportTests {
    private let today = CivilDate(year: 2026, month: 12, day: 4)!

    private func context(
        defaultWarehouse: String? = nil, defaultCompany: String? = nil,
        files: Set<String> = [], existing: [String: KeyImport.ExistingKey] = [:]
    ) -> KeyImport.Context {
        let lookup: (@Sendable (String) -> KeyImport.ExistingKey?)?
        if existing.isEmpty {
            lookup = nil
        } else {
            lookup = { key in existing[key] }
        }
        return KeyImport.Context(
            source: "claves.csv", warehouses: ["MAD", "BCN"], defaultWarehouse: defaultWarehouse,
            defaultCompany: defaultCompany, today: today, fileExists: { path in files.contains(path) },
            existingKey: lookup)
    }

    private func errors(_ diagnostics: DiagnosticList) -> [String] {
        diagnostics.sorted.map { $0.formatted(in: .en) }
    }

    /// A spreadsheet saved in Spain: BOM, `;`, CRLF, a quoted value with `;`, a trailing space and
    /// dd/mm/yyyy dates. Every key must come out exactly, with no BOM, CR or stray space.
    @Test func spanishSpreadsheetKeepsEveryKeyExactly() throws {
        let text = "Nº licencia;Empresa;Almacén;Fecha de expiración;Documento\r\n"
            + "ABCDE-12345-FGHIJ-67890;Distribuciones Iberia S.L.;MAD;31/12/2027;\r\n"
            + "\"KLMNO;PQRST-99999\";\"Soft; Licencias S.A.\";BCN;01/06/2028;attachments/guia.pdf\r\n"
            + "XYZ12-XYZ12-XYZ12 ;Distribuciones Iberia S.L. ;MAD ;;\r\n"
            + ";;;;\r\n"
        let bytes = CSV.byteOrderMark + Array(text.utf8)
        let (rows, diagnostics) = KeyImport.parse(bytes, context: context(files: ["attachments/guia.pdf"]))
        #expect(errors(diagnostics) == [])
        #expect(rows.map(\.key) == ["ABCDE-12345-FGHIJ-67890", "KLMNO;PQRST-99999", "XYZ12-XYZ12-XYZ12"])
        #expect(rows.map(\.company) == ["Distribuciones Iberia S.L.", "Soft; Licencias S.A.", "Distribuciones Iberia S.L."])
        #expect(rows.map(\.warehouse) == ["MAD", "BCN", "MAD"])
        #expect(rows.map { $0.expiresOn?.iso } == ["2027-12-31", "2028-06-01", nil])
        #expect(rows.map(\.attachment) == [nil, "attachments/guia.pdf", nil])
        #expect(rows.map(\.line) == [2, 3, 4])
        for row in rows {
            #expect(!row.key.contains("\r"))
            #expect(!row.key.unicodeScalars.contains("\u{FEFF}"))
            #expect(row.key == row.key.trimmingWhitespace)
        }
    }

    @Test func englishTemplateWithDefaults() {
        let text = "key,expires_on\nAAAA-1111,2027-01-31\nBBBB-2222,\n"
        let (rows, diagnostics) = KeyImport.parse(
            Array(text.utf8), context: context(defaultWarehouse: "BCN", defaultCompany: "Acme"))
        #expect(errors(diagnostics) == [])
        #expect(rows.map(\.warehouse) == ["BCN", "BCN"])
        #expect(rows.map(\.company) == ["Acme", "Acme"])
    }

    @Test(arguments: ["Nº licencia", "N° Licencia", "no. licencia", "NUMERO DE LICENCIA", "Clave de activación", "license key"])
    func keyHeaderSpellings(_ header: String) {
        let text = "\(header);Empresa;Almacén\nK-1;Acme;MAD\n"
        let (rows, diagnostics) = KeyImport.parse(Array(text.utf8), context: context())
        #expect(errors(diagnostics) == [])
        #expect(rows.map(\.key) == ["K-1"])
    }

    /// Every bad row is reported with its line, and no row is returned as importable on its own:
    /// the caller writes nothing when there is an error.
    @Test func everyBadRowIsReported() {
        let text = """
            Nº licencia;Empresa;Almacén;Fecha de expiración;Documento
            ;Acme;MAD;;
            GOOD-0001;Acme;MAD;;
            BAD-DATE;Acme;MAD;31/02/2027;
            BAD-WH;Acme;VAL;;
            GOOD-0001;Acme;MAD;;
            OLD-0001;Acme;MAD;03/12/2026;
            DOC-0001;Acme;MAD;;attachments/falta.pdf
            NOCOMPANY;;MAD;;
            UP-0001;Acme;MAD;;../../etc/passwd

            """
        let (_, diagnostics) = KeyImport.parse(Array(text.utf8), context: context())
        #expect(errors(diagnostics) == [
            "claves.csv:2: the licence key is empty; fill it in or delete the row",
            "claves.csv:4: invalid expiry date \"31/02/2027\"; write it as dd/mm/yyyy (31/12/2027) or yyyy-mm-dd",
            "claves.csv:5: unknown warehouse \"VAL\"; the warehouses in keyship.yaml are BCN, MAD",
            "claves.csv:6: duplicate licence key: it is already on line 3; delete one of them",
            "claves.csv:7: the key already expired on 2026-12-03; it cannot be sold, delete the row",
            "claves.csv:8: the attached document \"attachments/falta.pdf\" does not exist; add it to the repository or fix the path",
            "claves.csv:9: the company is missing; fill in the company column or pass --company",
            "claves.csv:10: invalid document path \"../../etc/passwd\"; use a path inside the store, such as attachments/guide.pdf",
        ])
    }

    @Test func spanishMessages() {
        let (_, diagnostics) = KeyImport.parse(Array("Nº licencia;Empresa;Almacén\n;Acme;MAD\n".utf8), context: context())
        #expect(diagnostics.sorted.map { $0.formatted(in: .es) } == [
            "claves.csv:2: falta el Nº de licencia; escribe la clave o borra la fila",
        ])
    }

    @Test func duplicatesAgainstStockAndLedger() {
        let existing: [String: KeyImport.ExistingKey] = [
            "IN-STOCK": .inStock(id: "k7m2q9xa-0001", batch: "keys/av/20261201-100000-k7m2q9xa.csv"),
            "SOLD": .sold(id: "k7m2q9xa-0002", channel: "tienda", order: "T-1001"),
        ]
        let text = "key,company,warehouse\nIN-STOCK,Acme,MAD\nSOLD,Acme,MAD\nNEW,Acme,MAD\n"
        let (_, diagnostics) = KeyImport.parse(Array(text.utf8), context: context(existing: existing))
        #expect(errors(diagnostics) == [
            "claves.csv:2: the licence key is already in stock as k7m2q9xa-0001 (keys/av/20261201-100000-k7m2q9xa.csv); delete the row",
            "claves.csv:3: the licence key was already sold as k7m2q9xa-0002 in order T-1001 on tienda; delete the row",
        ])
    }

    @Test func unknownAndMissingColumns() {
        let (_, diagnostics) = KeyImport.parse(Array("Empresa;Precio\nAcme;10\n".utf8), context: context())
        #expect(errors(diagnostics) == [
            "claves.csv:1: the \"key\" column is missing; the first row must be the header key,company,warehouse,expires_on,attachment",
            "claves.csv:1:2: unknown column \"Precio\"; the columns are key,company,warehouse,expires_on,attachment",
        ])
    }

    @Test func rowWithTooManyValues() {
        let (_, diagnostics) = KeyImport.parse(Array("key;company;warehouse\nA;Soft; S.A.;MAD\n".utf8), context: context())
        #expect(errors(diagnostics) == [
            "claves.csv:2: the row has 4 values but the header has 3 columns; check the separators or quote values that contain ; or ,",
        ])
    }

    @Test func oneColumnHeaderIsSingular() {
        let (_, diagnostics) = KeyImport.parse(Array("key\nA;B\n".utf8), context: context(defaultWarehouse: "MAD", defaultCompany: "Acme"))
        #expect(errors(diagnostics) == [
            "claves.csv:2: the row has 2 values but the header has 1 column; check the separators or quote values that contain ; or ,",
        ])
        #expect(diagnostics.sorted.map { $0.formatted(in: .es) } == [
            "claves.csv:2: la fila tiene 2 valores y la cabecera 1 columna; revisa los separadores o pon entre comillas los valores que contienen ; o ,",
        ])
    }

    @Test func keyWithLineBreakIsRejected() {
        let (_, diagnostics) = KeyImport.parse(Array("key;company;warehouse\n\"AB\nCD\";Acme;MAD\n".utf8), context: context())
        #expect(errors(diagnostics) == [
            "claves.csv:2: the licence key contains line breaks or tabs; write the key on one line",
        ])
    }

    /// Keys with a character of general category Cf, which no screen shows: a zero-width space,
    /// a byte-order mark inside the key or at its start, a soft hyphen, a word joiner.
    @Test(arguments: [
        ("ABCDE-\u{200B}12345", "U+200B"),
        ("ABCDE-12345\u{FEFF}FGHIJ", "U+FEFF"),
        ("\u{FEFF}ABCDE-12345", "U+FEFF"),
        ("ABCDE\u{00AD}12345", "U+00AD"),
        ("ABCDE-12345\u{2060}", "U+2060"),
    ])
    func keyWithInvisibleCharacterIsRejected(key: String, codePoint: String) {
        let text = "key;company;warehouse\nGOOD-1;Acme;MAD\n\(key);Acme;MAD\n"
        let (rows, diagnostics) = KeyImport.parse(Array(text.utf8), context: context())
        #expect(errors(diagnostics) == [
            "claves.csv:3: the licence key contains an invisible character (\(codePoint)); type the key again or remove that character",
        ])
        #expect(diagnostics.sorted.map { $0.formatted(in: .es) } == [
            "claves.csv:3: la clave de licencia contiene un carácter invisible (\(codePoint)); vuelve a escribir la clave a mano o bórrale ese carácter",
        ])
        #expect(rows.map(\.key) == ["GOOD-1"])
    }

    /// Values a spreadsheet makes of a long numeric key when the column is not text, in Spanish
    /// and English number formats.
    @Test(arguments: ["4,56789E+15", "4.56789E+15", "1,23E+04", "1E+20", "7,5E-03", "12345e+6"])
    func keyTurnedIntoNumberIsRejected(key: String) {
        let text = "Nº licencia;Empresa;Almacén\n\"\(key)\";Acme;MAD\n"
        let (rows, diagnostics) = KeyImport.parse(Array(text.utf8), context: context())
        #expect(errors(diagnostics) == [
            "claves.csv:2: the spreadsheet changed the licence key: it turned it into a number in scientific notation "
                + "(such as 1.23E+04) and lost digits. Format the key column as text, paste the original keys again "
                + "and export the CSV again",
        ])
        #expect(diagnostics.sorted.map { $0.formatted(in: .es) } == [
            "claves.csv:2: la hoja de cálculo ha cambiado la clave de licencia: la ha convertido en un número en "
                + "notación científica (como 1,23E+04) y ha perdido cifras. Da formato de texto a la columna Nº "
                + "licencia, vuelve a pegar las claves originales y exporta de nuevo el CSV",
        ])
        #expect(rows.isEmpty)
    }

    /// Keys that only resemble scientific notation stay valid.
    @Test(arguments: ["123456789012345", "4,56789E15", "E+15", "4,E+15", "ABC1E+15", "1E+", "4.5.6E+1", "1E+2-X"])
    func keyResemblingNumberIsAccepted(key: String) {
        let text = "key;company;warehouse\n\(key);Acme;MAD\n"
        let (rows, diagnostics) = KeyImport.parse(Array(text.utf8), context: context())
        #expect(errors(diagnostics) == [])
        #expect(rows.map(\.key) == [key])
    }

    @Test func headerOnlyAndEmptyFile() {
        #expect(errors(KeyImport.parse(Array("key;company;warehouse\n".utf8), context: context()).diagnostics) == [
            "claves.csv: the file has only the header; add one row per licence key",
        ])
        #expect(errors(KeyImport.parse([], context: context()).diagnostics) == [
            "claves.csv: the file is empty; use the template key,company,warehouse,expires_on,attachment",
        ])
    }
}

@Suite struct BatchFileTests {
    @Test func encodeThenDecodeRoundTrips() throws {
        let rows = [
            KeyRow(id: "k7m2q9xa-0001", createdAt: Timestamp(iso: "2026-12-04T10:00:00Z")!, company: "Soft; S.A.",
                   warehouse: "MAD", expiresOn: CivilDate(year: 2027, month: 12, day: 31), attachment: "attachments/a b.pdf",
                   cell: "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+"),
            KeyRow(id: "k7m2q9xa-0002", createdAt: Timestamp(iso: "2026-12-04T10:00:00Z")!, company: "Acme",
                   warehouse: "BCN", cell: "YWdl"),
        ]
        let path = "keys/office-2021-pro/20261204-100000-k7m2q9xa.csv"
        let (keys, diagnostics) = BatchFile.decode(Array(BatchFile.encode(rows).utf8), path: path)
        #expect(diagnostics.isEmpty)
        #expect(keys.map(\.row) == rows)
        #expect(keys.map(\.product) == ["office-2021-pro", "office-2021-pro"])
        #expect(keys.map(\.line) == [2, 3])
    }

    @Test func reportsBadRowsWithLines() {
        let text = "id,created_at,company,warehouse,expires_on,attachment,key\n"
            + "a-1,2026-12-04T10:00:00Z,Acme,MAD,,,CELL\n"
            + "a-2,yesterday,Acme,MAD,,,CELL\n"
            + "a-3,2026-12-04T10:00:00Z,Acme,MAD,31/12/2027,,CELL\n"
            + "a-4,2026-12-04T10:00:00Z,Acme,MAD,,\n"
            + "a-5,2026-12-04T10:00:00Z,,MAD,,,\n"
        let (keys, diagnostics) = BatchFile.decode(Array(text.utf8), path: "keys/av/b.csv")
        #expect(keys.map(\.row.id) == ["a-1"])
        #expect(diagnostics.sorted.map { $0.formatted(in: .en) } == [
            "keys/av/b.csv:3: created_at \"yesterday\" is not an ISO 8601 UTC date and time (for example 2026-12-04T10:15:00Z)",
            "keys/av/b.csv:4: expires_on \"31/12/2027\" is not a yyyy-mm-dd date",
            "keys/av/b.csv:5: the row has 6 columns and must have 7 (id,created_at,company,warehouse,expires_on,attachment,key)",
            "keys/av/b.csv:6: the company column is empty",
            "keys/av/b.csv:6: the key column is empty",
        ])
    }

    @Test func rowWithOneColumnIsSingular() {
        let text = "id,created_at,company,warehouse,expires_on,attachment,key\na-1\n"
        let (_, diagnostics) = BatchFile.decode(Array(text.utf8), path: "keys/av/b.csv")
        #expect(diagnostics.sorted.map { $0.formatted(in: .en) } == [
            "keys/av/b.csv:2: the row has 1 column and must have 7 (id,created_at,company,warehouse,expires_on,attachment,key)",
        ])
        #expect(diagnostics.sorted.map { $0.formatted(in: .es) } == [
            "keys/av/b.csv:2: la fila tiene 1 columna y debe tener 7 (id,created_at,company,warehouse,expires_on,attachment,key)",
        ])
    }

    @Test func wrongHeader() {
        let (_, diagnostics) = BatchFile.decode(Array("key,company\n".utf8), path: "keys/av/b.csv")
        #expect(diagnostics.sorted.map { $0.formatted(in: .en) } == [
            "keys/av/b.csv:1: invalid header \"key,company\"; expected id,created_at,company,warehouse,expires_on,attachment,key",
        ])
    }

    @Test func productFromPath() {
        #expect(BatchFile.productID(fromBatchPath: "keys/office/2026.csv") == "office")
        #expect(BatchFile.productID(fromBatchPath: "keys/office/sub/2026.csv") == nil)
        #expect(BatchFile.productID(fromBatchPath: "keys/office/readme.md") == nil)
    }
}

@Suite struct BatchNamingTests {
    struct CountingGenerator: RandomNumberGenerator {
        var state: UInt64 = 0
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return state
        }
    }

    @Test func namesAndIDsSortInImportOrder() throws {
        var generator = CountingGenerator()
        let createdAt = try #require(Timestamp(iso: "2026-12-04T09:05:07Z"))
        let batch = BatchName(createdAt: createdAt, using: &generator)
        #expect(batch.token.count == 8)
        #expect(batch.token.allSatisfy { BatchName.alphabet.contains($0) })
        #expect(batch.name == "20261204-090507-\(batch.token)")
        #expect(batch.path(product: "av") == "keys/av/20261204-090507-\(batch.token).csv")
        let small = ImportBatches(token: batch.token, createdAt: createdAt, keyCount: 3)
        #expect(small.keyIDs == ["\(batch.token)-0001", "\(batch.token)-0002", "\(batch.token)-0003"])
        #expect(small.files.map(\.batch) == [batch])
        #expect(small.files.map(\.rows) == [0..<3])
        #expect(ImportBatches(token: "t", createdAt: createdAt, keyCount: 0).keyIDs == [])
        #expect(ImportBatches(token: "t", createdAt: createdAt, keyCount: 0).files.isEmpty)
    }

    @Test func limitIsOneThousandKeys() {
        #expect(ImportBatches.maximumKeysPerFile == 1_000)
    }

    @Test(arguments: [
        (1, [1]),
        (999, [999]),
        (1_000, [1_000]),
        (1_001, [1_000, 1]),
        (2_500, [1_000, 1_000, 500]),
        (20_000, Array(repeating: 1_000, count: 20)),
    ])
    func importSplitsIntoFilesOfAtMostLimit(keyCount: Int, sizes: [Int]) throws {
        let createdAt = try #require(Timestamp(iso: "2026-12-04T09:05:07Z"))
        let batches = ImportBatches(token: "k7m2q9xa", createdAt: createdAt, keyCount: keyCount)
        let files = batches.files
        #expect(files.map(\.rows.count) == sizes)
        #expect(ImportBatches.fileCount(keyCount: keyCount) == sizes.count)
        // The files cover every row once, in order.
        #expect(files.flatMap { Array($0.rows) } == Array(0..<keyCount))
        let names = files.map(\.batch.name)
        #expect(Set(names).count == names.count)
        #expect(names == names.sorted())
        #expect(files.allSatisfy { $0.batch.token == "k7m2q9xa" })
        #expect(files.allSatisfy { $0.batch.createdAt == createdAt })
        // Ids sort in row order within and across the files.
        let ids = batches.keyIDs
        #expect(ids.count == keyCount)
        #expect(Set(ids).count == keyCount)
        #expect(ids == ids.sorted())
    }

    @Test func partsAreNumberedInFileNames() throws {
        let createdAt = try #require(Timestamp(iso: "2026-12-04T09:05:07Z"))
        let three = ImportBatches(token: "k7m2q9xa", createdAt: createdAt, keyCount: 2_500)
        #expect(three.paths(product: "av") == [
            "keys/av/20261204-090507-k7m2q9xa-01.csv",
            "keys/av/20261204-090507-k7m2q9xa-02.csv",
            "keys/av/20261204-090507-k7m2q9xa-03.csv",
        ])
        #expect(three.keyIDs[999] == "k7m2q9xa-1000")
        #expect(three.keyIDs[1000] == "k7m2q9xa-1001")
        #expect(three.keyIDs.last == "k7m2q9xa-2500")
        let many = ImportBatches(token: "k7m2q9xa", createdAt: createdAt, keyCount: 120_000)
        #expect(many.files.count == 120)
        #expect(many.files.first?.batch.name == "20261204-090507-k7m2q9xa-001")
        #expect(many.files.last?.batch.name == "20261204-090507-k7m2q9xa-120")
        #expect(many.keyIDs.first == "k7m2q9xa-000001")
        #expect(many.keyIDs.last == "k7m2q9xa-120000")
    }
}

@Suite struct StoreLayoutTests {
    @Test(arguments: ["T-1001", "402-1234567-1234567", "a/b", "ñ 1", ".hidden", "100%"])
    func orderFileNamesRoundTrip(_ id: String) throws {
        let name = StoreLayout.fileName(forOrderID: id)
        #expect(!name.contains("/"))
        #expect(!name.hasPrefix("."))
        #expect(StoreLayout.orderID(fromFileName: name) == id)
    }

    @Test func recordPaths() throws {
        let created = try #require(Timestamp(iso: "2026-11-30T23:30:00Z"))
        #expect(StoreLayout.openRecordPath(channel: "tienda", orderID: "T-1") == "ledger/tienda/open/T-1.yaml")
        #expect(StoreLayout.closedRecordPath(channel: "tienda", orderID: "T-1", orderCreatedAt: created)
            == "ledger/tienda/2026-11/T-1.yaml")
    }
}
