/// Parses a key spreadsheet for `keyship keys import`: the bilingual CSV template, as
/// spreadsheets in Spain save it. All or nothing: the caller writes keys only when the
/// diagnostics hold no error.
public enum KeyImport {
    /// The template's columns, with the Spanish and English headers people type.
    public enum Column: String, Sendable, CaseIterable {
        case key
        case company
        case warehouse
        case expiresOn = "expires_on"
        case attachment

        /// The header in the Spanish template.
        public var spanishHeader: String {
            switch self {
            case .key: "Nº licencia"
            case .company: "Empresa"
            case .warehouse: "Almacén"
            case .expiresOn: "Fecha de expiración"
            case .attachment: "Documento"
            }
        }

        /// Normalised header spellings accepted for this column (see `normalizeHeader`).
        var aliases: Set<String> {
            switch self {
            case .key:
                ["no licencia", "n licencia", "numero licencia", "numero de licencia", "licencia",
                 "clave", "clave de licencia", "clave de activacion", "key", "license key", "licence key"]
            case .company: ["empresa", "company"]
            case .warehouse: ["almacen", "warehouse"]
            case .expiresOn:
                ["fecha de expiracion", "fecha expiracion", "expiracion", "caducidad", "fecha de caducidad",
                 "expires on", "expires_on", "expiry", "expiry date", "expiration date"]
            case .attachment: ["documento", "documento adjunto", "attachment", "document"]
            }
        }
    }

    /// Store facts that rows are checked against.
    public struct Context: Sendable {
        /// The file name shown in diagnostics.
        public var source: String
        public var warehouses: Set<String>
        public var defaultWarehouse: String?
        public var defaultCompany: String?
        public var today: CivilDate
        /// Returns true when a store path exists, for the attachment column.
        public var fileExists: @Sendable (String) -> Bool
        /// Returns where a key already is (in stock or sold), when the identity is available to
        /// compare plaintexts; nil otherwise.
        public var existingKey: (@Sendable (String) -> ExistingKey?)?

        public init(
            source: String, warehouses: Set<String>, defaultWarehouse: String? = nil,
            defaultCompany: String? = nil, today: CivilDate,
            fileExists: @escaping @Sendable (String) -> Bool,
            existingKey: (@Sendable (String) -> ExistingKey?)? = nil
        ) {
            self.source = source
            self.warehouses = warehouses
            self.defaultWarehouse = defaultWarehouse
            self.defaultCompany = defaultCompany
            self.today = today
            self.fileExists = fileExists
            self.existingKey = existingKey
        }
    }

    /// The place a duplicate key was found.
    public enum ExistingKey: Sendable, Hashable {
        case inStock(id: String, batch: String)
        case sold(id: String, channel: String, order: String)
    }

    /// One valid row. `key` is the plaintext licence key: keep it in memory only.
    public struct Row: Sendable {
        public var line: Int
        public var key: String
        public var company: String
        public var warehouse: String
        public var expiresOn: CivilDate?
        public var attachment: String?
    }

    /// Parses and validates the whole file, reporting every bad row.
    public static func parse(_ bytes: [UInt8], context: Context) -> (rows: [Row], diagnostics: DiagnosticList) {
        var diagnostics = DiagnosticList()
        let records: [CSV.Record]
        do {
            records = try CSV.read(bytes)
        } catch {
            diagnostics.error(at: SourceLocation(path: context.source, line: error.line), CSVReadMessage(error: error))
            return ([], diagnostics)
        }
        guard let headerIndex = records.firstIndex(where: { !$0.isBlank }) else {
            diagnostics.error(at: SourceLocation(path: context.source), KeyImportMessage.emptyFile)
            return ([], diagnostics)
        }
        let header = records[headerIndex]
        guard let columns = mapHeader(header, context: context, diagnostics: &diagnostics) else {
            return ([], diagnostics)
        }

        var rows: [Row] = []
        var firstLineOfKey: [String: Int] = [:]
        for record in records[(headerIndex + 1)...] where !record.isBlank {
            let location = SourceLocation(path: context.source, line: record.line)
            guard record.fields.count <= header.fields.count else {
                diagnostics.error(at: location, KeyImportMessage.tooManyFields(found: record.fields.count, expected: header.fields.count))
                continue
            }
            func value(_ column: Column) -> String? {
                guard let index = columns[column], index < record.fields.count else { return nil }
                let text = record.fields[index].trimmingWhitespace
                return text.isEmpty ? nil : text
            }
            var rowIsValid = true
            func reject(_ message: KeyImportMessage) {
                diagnostics.error(at: location, message)
                rowIsValid = false
            }

            let key = value(.key)
            if let key {
                if key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    reject(.keyHasControlCharacters)
                } else if let invisible = key.unicodeScalars.first(where: { $0.properties.generalCategory == .format }) {
                    reject(.keyHasInvisibleCharacter(codePoint: invisible.value))
                } else if looksLikeSpreadsheetNumber(key) {
                    reject(.keyTurnedIntoNumber)
                } else if let first = firstLineOfKey[key] {
                    reject(.duplicateInFile(firstLine: first))
                } else if let existing = context.existingKey?(key) {
                    reject(.duplicateInStore(existing))
                }
            } else {
                reject(.emptyKey)
            }

            let company = value(.company) ?? context.defaultCompany
            if company == nil { reject(.missingCompany) }

            let warehouse = value(.warehouse) ?? context.defaultWarehouse
            if let warehouse {
                if !context.warehouses.contains(warehouse) {
                    reject(.unknownWarehouse(warehouse, known: context.warehouses.sorted()))
                }
            } else {
                reject(.missingWarehouse)
            }

            var expiresOn: CivilDate?
            if let text = value(.expiresOn) {
                if let date = CivilDate(spreadsheet: text) {
                    if date < context.today {
                        reject(.alreadyExpired(date))
                    }
                    expiresOn = date
                } else {
                    reject(.invalidDate(text))
                }
            }

            let attachment = value(.attachment)
            if let attachment {
                if !isSafeStorePath(attachment) {
                    reject(.unsafeAttachmentPath(attachment))
                } else if !context.fileExists(attachment) {
                    reject(.missingAttachment(attachment))
                }
            }

            if let key, firstLineOfKey[key] == nil { firstLineOfKey[key] = record.line }
            guard rowIsValid, let key, let company, let warehouse else { continue }
            rows.append(Row(
                line: record.line, key: key, company: company, warehouse: warehouse,
                expiresOn: expiresOn, attachment: attachment))
        }
        if rows.isEmpty && !diagnostics.hasErrors {
            diagnostics.error(at: SourceLocation(path: context.source), KeyImportMessage.noRows)
        }
        return (rows, diagnostics)
    }

    /// Maps header fields to columns; nil when the header is unusable (already reported).
    static func mapHeader(
        _ header: CSV.Record, context: Context, diagnostics: inout DiagnosticList
    ) -> [Column: Int]? {
        var columns: [Column: Int] = [:]
        var usable = true
        for (index, field) in header.fields.enumerated() {
            let normalized = normalizeHeader(field)
            if normalized.isEmpty { continue }
            guard let column = Column.allCases.first(where: { $0.aliases.contains(normalized) }) else {
                diagnostics.error(at: SourceLocation(path: context.source, line: header.line, column: index + 1),
                                  KeyImportMessage.unknownColumn(field.trimmingWhitespace))
                usable = false
                continue
            }
            if columns[column] != nil {
                diagnostics.error(at: SourceLocation(path: context.source, line: header.line, column: index + 1),
                                  KeyImportMessage.repeatedColumn(field.trimmingWhitespace))
                usable = false
            }
            columns[column] = index
        }
        if columns[.key] == nil {
            diagnostics.error(at: SourceLocation(path: context.source, line: header.line), KeyImportMessage.missingKeyColumn)
            usable = false
        }
        return usable ? columns : nil
    }

    /// Lower-cases a header, drops accents and punctuation, and reads `Nº`/`N°` as `No`, so
    /// `Nº licencia`, `N° Licencia` and `no. licencia` all match.
    static func normalizeHeader(_ header: String) -> String {
        var text = ""
        for scalar in header.trimmingWhitespace.lowercased().unicodeScalars {
            switch scalar {
            case "á", "à", "â", "ä": text += "a"
            case "é", "è", "ê", "ë": text += "e"
            case "í", "ì", "î", "ï": text += "i"
            case "ó", "ò", "ô", "ö", "º", "°": text += "o"
            case "ú", "ù", "û", "ü": text += "u"
            case "ñ": text += "n"
            case "ª": text += "a"
            case ".", ":": continue
            case "_", "-": text += " "
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        // "n o licencia" would come from "Nº licencia" only with odd spacing; collapse runs of spaces.
        return text.split(separator: " ").joined(separator: " ")
    }

    /// True for text such as `4,56789E+15`, `4.56789E+15` or `1,23E+04`: digits, an optional
    /// decimal part after `,` or `.`, then `E+` or `E-` and digits. A spreadsheet writes a long
    /// numeric key this way when its column is not formatted as text, and the digits it drops are
    /// lost, so no real licence key is expected to have this shape.
    static func looksLikeSpreadsheetNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func skipDigits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        guard skipDigits() > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { return false }
        }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "E") || bytes[index] == UInt8(ascii: "e"),
              bytes[index + 1] == UInt8(ascii: "+") || bytes[index + 1] == UInt8(ascii: "-")
        else { return false }
        index += 2
        return skipDigits() > 0 && index == bytes.count
    }

    /// True for a relative path with no `..` component, so an attachment cannot point outside
    /// the store.
    public static func isSafeStorePath(_ path: String) -> Bool {
        guard !path.hasPrefix("/"), !path.contains("\\") else { return false }
        return !path.split(separator: "/").contains("..")
    }
}
