/// Problems in a key spreadsheet, each reported with its line.
public enum KeyImportMessage: LocalizedMessage, Hashable {
    case emptyFile
    case noRows
    case unknownColumn(String)
    case repeatedColumn(String)
    case missingKeyColumn
    case tooManyFields(found: Int, expected: Int)
    case emptyKey
    case keyHasControlCharacters
    /// The key contains a character of Unicode general category Cf (format), such as a zero-width
    /// space: invisible on screen but still part of the text, so the key would not activate.
    case keyHasInvisibleCharacter(codePoint: UInt32)
    /// The key has the shape a spreadsheet gives a long number (`4,56789E+15`).
    case keyTurnedIntoNumber
    case duplicateInFile(firstLine: Int)
    case duplicateInStore(KeyImport.ExistingKey)
    case missingCompany
    case missingWarehouse
    case unknownWarehouse(String, known: [String])
    case invalidDate(String)
    case alreadyExpired(CivilDate)
    case unsafeAttachmentPath(String)
    case missingAttachment(String)

    static var spanishTemplate: String {
        KeyImport.Column.allCases.map(\.spanishHeader).joined(separator: ";")
    }

    static var englishTemplate: String {
        KeyImport.Column.allCases.map(\.rawValue).joined(separator: ",")
    }

    /// `U+200B`, the notation Unicode charts and character pickers use.
    static func unicodeName(_ codePoint: UInt32) -> String {
        let hex = String(codePoint, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    public func text(in language: Language) -> String {
        switch self {
        case .emptyFile:
            language.pick(
                es: "el fichero está vacío; usa la plantilla \(Self.spanishTemplate)",
                en: "the file is empty; use the template \(Self.englishTemplate)")
        case .noRows:
            language.pick(
                es: "el fichero solo tiene la cabecera; añade una fila por clave de licencia",
                en: "the file has only the header; add one row per licence key")
        case .unknownColumn(let name):
            language.pick(
                es: "columna desconocida \"\(name)\"; las columnas son \(Self.spanishTemplate)",
                en: "unknown column \"\(name)\"; the columns are \(Self.englishTemplate)")
        case .repeatedColumn(let name):
            language.pick(
                es: "la columna \"\(name)\" aparece dos veces; deja solo una",
                en: "the column \"\(name)\" appears twice; keep only one")
        case .missingKeyColumn:
            language.pick(
                es: "falta la columna \"Nº licencia\"; la primera fila debe ser la cabecera \(Self.spanishTemplate)",
                en: "the \"key\" column is missing; the first row must be the header \(Self.englishTemplate)")
        case .tooManyFields(let found, let expected):
            language.pick(
                es: "la fila tiene \(found) valores y la cabecera \(expected == 1 ? "1 columna" : "\(expected) columnas"); revisa los separadores o pon entre comillas los valores que contienen ; o ,",
                en: "the row has \(found) values but the header has \(expected == 1 ? "1 column" : "\(expected) columns"); check the separators or quote values that contain ; or ,")
        case .emptyKey:
            language.pick(
                es: "falta el Nº de licencia; escribe la clave o borra la fila",
                en: "the licence key is empty; fill it in or delete the row")
        case .keyHasControlCharacters:
            language.pick(
                es: "la clave de licencia contiene saltos de línea o tabuladores; escribe la clave en una sola línea",
                en: "the licence key contains line breaks or tabs; write the key on one line")
        case .keyHasInvisibleCharacter(let codePoint):
            language.pick(
                es: "la clave de licencia contiene un carácter invisible (\(Self.unicodeName(codePoint))); vuelve a escribir la clave a mano o bórrale ese carácter",
                en: "the licence key contains an invisible character (\(Self.unicodeName(codePoint))); type the key again or remove that character")
        case .keyTurnedIntoNumber:
            language.pick(
                es: "la hoja de cálculo ha cambiado la clave de licencia: la ha convertido en un número en notación científica (como 1,23E+04) y ha perdido cifras. Da formato de texto a la columna Nº licencia, vuelve a pegar las claves originales y exporta de nuevo el CSV",
                en: "the spreadsheet changed the licence key: it turned it into a number in scientific notation (such as 1.23E+04) and lost digits. Format the key column as text, paste the original keys again and export the CSV again")
        case .duplicateInFile(let firstLine):
            language.pick(
                es: "clave de licencia repetida: ya está en la línea \(firstLine); borra una de las dos",
                en: "duplicate licence key: it is already on line \(firstLine); delete one of them")
        case .duplicateInStore(.inStock(let id, let batch)):
            language.pick(
                es: "la clave de licencia ya está en stock como \(id) (\(batch)); borra la fila",
                en: "the licence key is already in stock as \(id) (\(batch)); delete the row")
        case .duplicateInStore(.sold(let id, let channel, let order)):
            language.pick(
                es: "la clave de licencia ya se vendió como \(id) en el pedido \(order) de \(channel); borra la fila",
                en: "the licence key was already sold as \(id) in order \(order) on \(channel); delete the row")
        case .missingCompany:
            language.pick(
                es: "falta la empresa; rellena la columna Empresa o usa --company",
                en: "the company is missing; fill in the company column or pass --company")
        case .missingWarehouse:
            language.pick(
                es: "falta el almacén; rellena la columna Almacén o usa --warehouse",
                en: "the warehouse is missing; fill in the warehouse column or pass --warehouse")
        case .unknownWarehouse(let code, let known):
            language.pick(
                es: "almacén desconocido \"\(code)\"; los almacenes de keyship.yaml son \(known.joined(separator: ", "))",
                en: "unknown warehouse \"\(code)\"; the warehouses in keyship.yaml are \(known.joined(separator: ", "))")
        case .invalidDate(let text):
            language.pick(
                es: "fecha de expiración no válida \"\(text)\"; escríbela como dd/mm/aaaa (31/12/2027)",
                en: "invalid expiry date \"\(text)\"; write it as dd/mm/yyyy (31/12/2027) or yyyy-mm-dd")
        case .alreadyExpired(let date):
            language.pick(
                es: "la clave ya expiró el \(date.spanish); no se puede vender, borra la fila",
                en: "the key already expired on \(date.iso); it cannot be sold, delete the row")
        case .unsafeAttachmentPath(let path):
            language.pick(
                es: "ruta de documento no válida \"\(path)\"; usa una ruta dentro del repositorio, como attachments/guia.pdf",
                en: "invalid document path \"\(path)\"; use a path inside the store, such as attachments/guide.pdf")
        case .missingAttachment(let path):
            language.pick(
                es: "no existe el documento adjunto \"\(path)\"; añádelo al repositorio o corrige la ruta",
                en: "the attached document \"\(path)\" does not exist; add it to the repository or fix the path")
        }
    }
}
