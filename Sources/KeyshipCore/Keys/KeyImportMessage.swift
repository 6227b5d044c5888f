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
                es: "la fila tiene \(found) valores y la cabecera \(expected) columnas; revisa los separadores o pon entre comillas los valores que contienen ; o ,",
                en: "the row has \(found) values but the header has \(expected) columns; check the separators or quote values that contain ; or ,")
        case .emptyKey:
            language.pick(
                es: "falta el Nº de licencia; escribe la clave o borra la fila",
                en: "the licence key is empty; fill it in or delete the row")
        case .keyHasControlCharacters:
            language.pick(
                es: "la clave de licencia contiene saltos de línea o tabuladores; escribe la clave en una sola línea",
                en: "the licence key contains line breaks or tabs; write the key on one line")
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
