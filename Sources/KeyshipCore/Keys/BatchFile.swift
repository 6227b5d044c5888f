/// Reads and writes `keys/<product>/<batch>.csv`: one header row, then one row per available
/// key with the columns of `KeyRow.columns`.
public enum BatchFile {
    /// Returns the file's text for `rows`, in the order given.
    public static func encode(_ rows: [KeyRow]) -> String {
        var table: [[String]] = [KeyRow.columns]
        table.reserveCapacity(rows.count + 1)
        for row in rows {
            table.append([
                row.id, row.createdAt.iso, row.company, row.warehouse,
                row.expiresOn?.iso ?? "", row.attachment ?? "", row.cell,
            ])
        }
        return CSV.write(table)
    }

    /// Parses a batch file into stock keys, reporting every malformed row with its line.
    ///
    /// - Parameters:
    ///   - path: the file's store path, `keys/<product>/<batch>.csv`; the product is read from it.
    public static func decode(_ bytes: [UInt8], path: String) -> (keys: [StockKey], diagnostics: DiagnosticList) {
        var diagnostics = DiagnosticList()
        let product = productID(fromBatchPath: path) ?? ""
        let records: [CSV.Record]
        do {
            records = try CSV.read(bytes, separator: UInt8(ascii: ","))
        } catch {
            diagnostics.error(at: SourceLocation(path: path, line: error.line), BatchFileMessage.unreadable(error))
            return ([], diagnostics)
        }
        guard let header = records.first else {
            diagnostics.error(at: SourceLocation(path: path), BatchFileMessage.missingHeader)
            return ([], diagnostics)
        }
        guard header.fields == KeyRow.columns else {
            diagnostics.error(
                at: SourceLocation(path: path, line: header.line),
                BatchFileMessage.wrongHeader(found: header.fields.joined(separator: ",")))
            return ([], diagnostics)
        }

        var keys: [StockKey] = []
        keys.reserveCapacity(records.count - 1)
        for record in records.dropFirst() where !record.isBlank {
            let location = SourceLocation(path: path, line: record.line)
            guard record.fields.count == KeyRow.columns.count else {
                diagnostics.error(at: location, BatchFileMessage.wrongFieldCount(found: record.fields.count))
                continue
            }
            let fields = record.fields
            guard !fields[0].isEmpty else {
                diagnostics.error(at: location, BatchFileMessage.missingValue(column: "id"))
                continue
            }
            guard let createdAt = Timestamp(iso: fields[1]) else {
                diagnostics.error(at: location, BatchFileMessage.invalidTimestamp(column: "created_at", value: fields[1]))
                continue
            }
            var expiresOn: CivilDate?
            if !fields[4].isEmpty {
                guard let date = CivilDate(iso: fields[4]) else {
                    diagnostics.error(at: location, BatchFileMessage.invalidDate(column: "expires_on", value: fields[4]))
                    continue
                }
                expiresOn = date
            }
            for (column, index) in [("company", 2), ("warehouse", 3), ("key", 6)] where fields[index].isEmpty {
                diagnostics.error(at: location, BatchFileMessage.missingValue(column: column))
            }
            guard !fields[2].isEmpty, !fields[3].isEmpty, !fields[6].isEmpty else { continue }
            let row = KeyRow(
                id: fields[0], createdAt: createdAt, company: fields[2], warehouse: fields[3],
                expiresOn: expiresOn, attachment: fields[5].isEmpty ? nil : fields[5], cell: fields[6])
            keys.append(StockKey(product: product, batch: path, line: record.line, row: row))
        }
        return (keys, diagnostics)
    }

    /// Returns the product of a batch path `keys/<product>/<batch>.csv`, or nil for other paths.
    public static func productID(fromBatchPath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == StoreLayout.keysFolder, !parts[1].isEmpty,
              parts[2].hasSuffix(".csv"), parts[2].count > 4
        else { return nil }
        return String(parts[1])
    }
}

extension CSV.ReadError {
    var line: Int {
        switch self {
        case .invalidUTF8(let line), .unterminatedQuote(let line), .textAfterQuote(let line): line
        }
    }
}

/// Problems in a batch file, which keyship writes and people may change by pull request.
public enum BatchFileMessage: LocalizedMessage, Hashable {
    case unreadable(CSV.ReadError)
    case missingHeader
    case wrongHeader(found: String)
    case wrongFieldCount(found: Int)
    case missingValue(column: String)
    case invalidTimestamp(column: String, value: String)
    case invalidDate(column: String, value: String)

    public func text(in language: Language) -> String {
        let expected = KeyRow.columns.joined(separator: ",")
        switch self {
        case .unreadable(let error):
            return CSVReadMessage(error: error).text(in: language)
        case .missingHeader:
            return language.pick(
                es: "el fichero de claves está vacío; debe empezar por la cabecera \(expected)",
                en: "the key batch file is empty; it must start with the header \(expected)")
        case .wrongHeader(let found):
            return language.pick(
                es: "cabecera no válida \"\(found)\"; se esperaba \(expected)",
                en: "invalid header \"\(found)\"; expected \(expected)")
        case .wrongFieldCount(let found):
            return language.pick(
                es: "la fila tiene \(found == 1 ? "1 columna" : "\(found) columnas") y debe tener \(KeyRow.columns.count) (\(expected))",
                en: "the row has \(found == 1 ? "1 column" : "\(found) columns") and must have \(KeyRow.columns.count) (\(expected))")
        case .missingValue(let column):
            return language.pick(
                es: "falta el valor de la columna \(column)",
                en: "the \(column) column is empty")
        case .invalidTimestamp(let column, let value):
            return language.pick(
                es: "\(column) \"\(value)\" no es una fecha y hora ISO 8601 en UTC (por ejemplo 2026-12-04T10:15:00Z)",
                en: "\(column) \"\(value)\" is not an ISO 8601 UTC date and time (for example 2026-12-04T10:15:00Z)")
        case .invalidDate(let column, let value):
            return language.pick(
                es: "\(column) \"\(value)\" no es una fecha aaaa-mm-dd",
                en: "\(column) \"\(value)\" is not a yyyy-mm-dd date")
        }
    }
}

/// Why CSV text could not be read.
public struct CSVReadMessage: LocalizedMessage, Hashable {
    public var error: CSV.ReadError

    public init(error: CSV.ReadError) {
        self.error = error
    }

    public func text(in language: Language) -> String {
        switch error {
        case .invalidUTF8:
            language.pick(
                es: "el texto no está en UTF-8; guarda el fichero como \"CSV UTF-8\"",
                en: "the text is not UTF-8; save the file as \"CSV UTF-8\"")
        case .unterminatedQuote:
            language.pick(
                es: "unas comillas abiertas en esta línea no se cierran",
                en: "a quoted value opened on this line is never closed")
        case .textAfterQuote:
            language.pick(
                es: "hay texto después de unas comillas de cierre; pon todo el valor entre comillas",
                en: "text follows a closing quote; put the whole value in quotes")
        }
    }
}
