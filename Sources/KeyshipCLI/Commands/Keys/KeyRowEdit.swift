import Foundation
import KeyshipCore

/// The changes `keyship keys edit` makes to one row, read from its options and checked like an
/// import: a known warehouse, a date not in the past, an attachment inside the store that
/// exists.
struct KeyRowEdit {
    var company: String?
    var warehouse: String?
    /// nil leaves the expiry date alone; `.some(nil)` removes it.
    var expiresOn: CivilDate??
    /// nil leaves the attachment alone; `.some(nil)` removes it.
    var attachment: String??

    /// Reads and checks the options; `storeRoot` is where attachments must exist.
    init(_ arguments: ParsedArguments, config: StoreConfig, today: CivilDate, storeRoot: String) throws {
        for (set, clear) in [("expires", "no-expiry"), ("attachment", "no-attachment")]
        where arguments.value(set) != nil && arguments.flag(clear) {
            throw UsageError.conflictingOptions("--\(set)", "--\(clear)")
        }
        if let company = arguments.value("company") {
            let trimmed = company.trimmingWhitespace
            guard !trimmed.isEmpty else { throw KeyEditError.emptyCompany }
            self.company = trimmed
        }
        if let code = arguments.value("warehouse") {
            warehouse = try KeyCommandChecks.warehouse(code, in: config)
        }
        if let text = arguments.value("expires") {
            guard let date = CivilDate(spreadsheet: text.trimmingWhitespace) else { throw KeyEditError.invalidDate(text) }
            guard date >= today else { throw KeyEditError.dateInPast(date) }
            expiresOn = .some(date)
        } else if arguments.flag("no-expiry") {
            expiresOn = .some(nil)
        }
        if let path = arguments.value("attachment") {
            guard KeyImport.isSafeStorePath(path) else { throw KeyEditError.unsafeAttachmentPath(path) }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: storeRoot + "/" + path, isDirectory: &isDirectory),
                  !isDirectory.boolValue
            else { throw KeyEditError.missingAttachment(path) }
            attachment = .some(path)
        } else if arguments.flag("no-attachment") {
            attachment = .some(nil)
        }
        guard company != nil || warehouse != nil || expiresOn != nil || attachment != nil else {
            throw KeyEditError.nothingToChange
        }
    }

    /// Returns `row` with the changes applied; the encrypted key is never touched.
    func applied(to row: KeyRow) -> KeyRow {
        var edited = row
        if let company { edited.company = company }
        if let warehouse { edited.warehouse = warehouse }
        if let expiresOn { edited.expiresOn = expiresOn }
        if let attachment { edited.attachment = attachment }
        return edited
    }
}

/// One field a `keys edit` changed, for the operator's message and the commit message.
struct KeyFieldChange {
    enum Field {
        case company
        case warehouse
        case expiry
        case attachment

        var name: Text {
            switch self {
            case .company: Text(es: "empresa", en: "company")
            case .warehouse: Text(es: "almacén", en: "warehouse")
            case .expiry: Text(es: "fecha de expiración", en: "expiry date")
            case .attachment: Text(es: "documento adjunto", en: "attachment")
            }
        }

        /// The name in commit messages, which are in English.
        var commitName: String {
            switch self {
            case .company: "company"
            case .warehouse: "warehouse"
            case .expiry: "expiry"
            case .attachment: "attachment"
            }
        }
    }

    var field: Field
    var old: String?
    var new: String?

    /// Returns the fields that differ between `old` and `new`, in column order. Dates stay ISO
    /// here, and `operatorText` formats them for the reader.
    static func differences(from old: KeyRow, to new: KeyRow) -> [KeyFieldChange] {
        var changes: [KeyFieldChange] = []
        if old.company != new.company { changes.append(.init(field: .company, old: old.company, new: new.company)) }
        if old.warehouse != new.warehouse {
            changes.append(.init(field: .warehouse, old: old.warehouse, new: new.warehouse))
        }
        if old.expiresOn != new.expiresOn {
            changes.append(.init(field: .expiry, old: old.expiresOn?.iso, new: new.expiresOn?.iso))
        }
        if old.attachment != new.attachment {
            changes.append(.init(field: .attachment, old: old.attachment, new: new.attachment))
        }
        return changes
    }

    /// `almacén: MAD → BCN`, with dates as the reader's language writes them.
    func operatorText(in language: Language) -> String {
        func value(_ text: String?) -> String {
            guard let text else {
                return language.pick(es: field == .expiry ? "(sin fecha)" : "(ninguno)", en: "(none)")
            }
            if field == .expiry, let date = CivilDate(iso: text) { return date.formatted(in: language) }
            return text
        }
        return "\(field.name.text(in: language)): \(value(old)) → \(value(new))"
    }

    /// `warehouse MAD -> BCN`.
    var commitText: String {
        "\(field.commitName) \(old ?? "none") -> \(new ?? "none")"
    }
}

enum KeyEditError: KeyshipError, Equatable {
    case nothingToChange
    case emptyCompany
    case invalidDate(String)
    case dateInPast(CivilDate)
    case unsafeAttachmentPath(String)
    case missingAttachment(String)

    func text(in language: Language) -> String {
        switch self {
        case .nothingToChange:
            language.pick(
                es: "no hay nada que cambiar; indica --company, --warehouse, --expires, --no-expiry, --attachment o --no-attachment",
                en: "nothing to change; pass --company, --warehouse, --expires, --no-expiry, --attachment or --no-attachment")
        case .emptyCompany:
            language.pick(es: "la empresa no puede quedar vacía", en: "the company cannot be empty")
        case .invalidDate(let text):
            language.pick(
                es: "fecha de expiración no válida \"\(text)\"; escríbela como dd/mm/aaaa (31/12/2027)",
                en: "invalid expiry date \"\(text)\"; write it as dd/mm/yyyy (31/12/2027) or yyyy-mm-dd")
        case .dateInPast(let date):
            language.pick(
                es: "la fecha de expiración \(date.spanish) ya ha pasado; una clave expirada no se puede vender, elimínala con keyship keys delete",
                en: "the expiry date \(date.iso) is in the past; an expired key cannot be sold, remove it with keyship keys delete")
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
