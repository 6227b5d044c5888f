import KeyshipCore
import KeyshipCrypto
import KeyshipStore

/// `keyship check [--base REV] [--decrypt]`: validates the whole store, the gate on every pull
/// request. Findings go to standard output as `file:line: message`, then one summary line. The
/// exit code is 0 when no finding is an error.
enum CheckCommand: Command {
    static let spec = CommandSpec(
        path: ["check"],
        summary: Text(
            es: "comprueba toda la tienda (la validación de cada pull request)",
            en: "validate the whole store (the gate on every pull request)"),
        discussion: Text(
            es: """
                Comprueba keyship.yaml, el catálogo, las plantillas de mensaje, los ficheros de claves y ledger/:
                esquemas, referencias, que los mensajes se generan, que las celdas cifradas son ficheros age
                válidos y que ninguna clave vendida vuelve al stock. Lista cada problema como fichero:línea y
                termina con 0 si no hay errores (los avisos no cuentan) o con 1 si los hay.
                """,
            en: """
                Checks keyship.yaml, the catalogue, the message templates, the key files and ledger/: schemas,
                references, that messages render, that key cells are valid age files, and that no sold key
                returns to stock. Lists every problem as file:line and exits with 0 when there is no error
                (warnings do not count), or with 1 when there is.
                """),
        options: [
            .value("base", "REV", Text(
                es: "compara con esta revisión (la base del pull request, como origin/main): nada puede cambiar "
                    + "ledger/ ni editar o volver a añadir una clave vendida",
                en: "compare with this revision (the pull request's base, such as origin/main): nothing may change "
                    + "ledger/, or edit or re-add a sold key")),
            .flag("decrypt", Text(
                es: "descifra cada clave con la identidad de KEYSHIP_IDENTITY o KEYSHIP_IDENTITY_FILE y busca "
                    + "claves de licencia repetidas",
                en: "decrypt every key with the identity in KEYSHIP_IDENTITY or KEYSHIP_IDENTITY_FILE and look "
                    + "for repeated licence keys")),
        ])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let store = StoreLocation(arguments: arguments, context: context)
        var identities: [AgeIdentity]?
        if arguments.flag("decrypt") {
            guard let loaded = try IdentityLoader.load(environment: context.environment) else {
                throw CheckCommandError.identityMissing
            }
            identities = loaded
        }

        let progress = PhaseLine(context: context)
        let report: StoreCheckReport
        do {
            report = try StoreCheck.run(
                root: store.root, options: StoreCheck.Options(base: arguments.value("base"), identities: identities),
                progress: progress.show)
        } catch {
            progress.clear()
            throw error
        }
        progress.clear()

        let output = report.storeLanguage.map(context.withStoreLanguage) ?? context
        for diagnostic in report.diagnostics {
            output.console.line(diagnostic.formatted(in: output.language))
        }
        output.say(CheckSummary(report: report))
        return report.passed ? .success : .failure
    }
}

/// One line on standard error that each phase of a long check redraws, shown only when standard
/// error is a terminal, so CI logs and pipes get no progress text.
private struct PhaseLine {
    var context: CommandContext

    func show(_ phase: StoreCheck.Phase) {
        guard context.console.isInteractive else { return }
        context.console.writeError("\r" + CheckProgressMessage(phase: phase).text(in: context.language) + "\u{1B}[K")
    }

    func clear() {
        guard context.console.isInteractive else { return }
        context.console.writeError("\r\u{1B}[K")
    }
}

struct CheckProgressMessage: LocalizedMessage {
    var phase: StoreCheck.Phase

    func text(in language: Language) -> String {
        let prefix = "keyship check: "
        return prefix + {
            switch phase {
            case .listingFiles:
                language.pick(es: "listando ficheros…", en: "listing files…")
            case .readingDefinition:
                language.pick(es: "leyendo keyship.yaml, catálogo y plantillas…", en: "reading keyship.yaml, catalogue and templates…")
            case .readingStock:
                language.pick(es: "leyendo el stock (keys/)…", en: "reading the stock (keys/)…")
            case .readingLedger:
                language.pick(es: "leyendo ledger/…", en: "reading ledger/…")
            case .checkingKeys(let count):
                language.pick(
                    es: count == 1 ? "comprobando 1 clave…" : "comprobando \(count) claves…",
                    en: count == 1 ? "checking 1 key…" : "checking \(count) keys…")
            case .checkingTemplates:
                language.pick(es: "comprobando plantillas…", en: "checking templates…")
            case .comparingBase(let revision):
                language.pick(es: "comparando con \(revision)…", en: "comparing with \(revision)…")
            case .decrypting(let done, let total):
                language.pick(es: "descifrando claves: \(done)/\(total)", en: "decrypting keys: \(done)/\(total)")
            }
        }()
    }
}

/// The last line of `keyship check`.
struct CheckSummary: LocalizedMessage {
    var report: StoreCheckReport

    func text(in language: Language) -> String {
        let files = Self.count(report.fileCount, language.pick(es: "fichero", en: "file"), language.pick(es: "ficheros", en: "files"))
        var text = "keyship check: "
        if report.diagnostics.isEmpty {
            var details = [
                files,
                Self.count(
                    report.stockCount, language.pick(es: "clave en stock", en: "key in stock"),
                    language.pick(es: "claves en stock", en: "keys in stock")),
                Self.count(report.soldCount, language.pick(es: "vendida", en: "sold"), language.pick(es: "vendidas", en: "sold")),
            ]
            if let decrypted = report.decryptedCount {
                details.append(Self.count(
                    decrypted, language.pick(es: "celda descifrada", en: "cell decrypted"),
                    language.pick(es: "celdas descifradas", en: "cells decrypted")))
            }
            text += language.pick(es: "todo correcto", en: "no problems found") + " (" + details.joined(separator: ", ") + ")"
        } else {
            let errors = Self.count(report.errorCount, "error", language.pick(es: "errores", en: "errors"))
            let warnings = Self.count(report.warningCount, language.pick(es: "aviso", en: "warning"), language.pick(es: "avisos", en: "warnings"))
            text += "\(errors), \(warnings) " + language.pick(es: "en", en: "in") + " \(files)"
        }
        if let base = report.base {
            let changed = Self.count(
                base.changedFiles, language.pick(es: "fichero cambiado", en: "file changed"),
                language.pick(es: "ficheros cambiados", en: "files changed"))
            text += language.pick(es: "; \(changed) sobre \(base.revision)", en: "; \(changed) on top of \(base.revision)")
        }
        return text
    }

    private static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(value) \(value == 1 ? singular : plural)"
    }
}

enum CheckCommandError: KeyshipError, Equatable {
    case identityMissing

    func text(in language: Language) -> String {
        switch self {
        case .identityMissing:
            language.pick(
                es: "--decrypt necesita la identidad que abre las claves. Defínela en KEYSHIP_IDENTITY o pon la ruta "
                    + "de su fichero en KEYSHIP_IDENTITY_FILE",
                en: "--decrypt needs the identity that opens the keys. Set it in KEYSHIP_IDENTITY, or put the path "
                    + "of its file in KEYSHIP_IDENTITY_FILE")
        }
    }
}
