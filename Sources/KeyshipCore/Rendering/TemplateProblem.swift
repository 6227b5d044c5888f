/// A text field of a template file.
public enum TemplateField: String, Sendable, Hashable, CaseIterable {
    case subject
    case intro
    case closing
}

/// A fault in one template text, located by file, field, and line and column inside the field.
///
/// The YAML reader does not pass line numbers of the file into `MessageTemplate`, so the
/// position is counted inside the field's text.
public struct TemplateProblem: KeyshipError, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `{{name}}` with a name that is not a `TemplatePlaceholder`.
        case unknownPlaceholder(String)
        /// `{{` with no `}}` after it on the same line.
        case unclosedPlaceholder
        /// An escape sequence written as two characters, such as `\n`; a warning, because a
        /// Windows path can contain one on purpose.
        case literalEscape(String)
    }

    public var template: TemplateKey
    public var field: TemplateField
    public var line: Int
    public var column: Int
    public var kind: Kind

    public init(template: TemplateKey, field: TemplateField, line: Int, column: Int, kind: Kind) {
        self.template = template
        self.field = field
        self.line = line
        self.column = column
        self.kind = kind
    }

    init(_ fault: TemplateText.Fault, template: TemplateKey, field: TemplateField) {
        let kind: Kind = switch fault.kind {
        case .unknownPlaceholder(let name): .unknownPlaceholder(name)
        case .unclosedPlaceholder: .unclosedPlaceholder
        }
        self.init(template: template, field: field, line: fault.line, column: fault.column, kind: kind)
    }

    public var severity: Diagnostic.Severity {
        if case .literalEscape = kind { return .warning }
        return .error
    }

    /// The problem as `check` reports it, located at the template file.
    public var diagnostic: Diagnostic {
        Diagnostic(severity, at: SourceLocation(path: template.path), FieldMessage(problem: self))
    }

    /// Returns the complete text with the template's path first, as a rendering error reaches the
    /// operator.
    public func text(in language: Language) -> String {
        "\(template.path): " + FieldMessage(problem: self).text(in: language)
    }

    /// The problem's text without the path, for a diagnostic that carries the path itself.
    private struct FieldMessage: LocalizedMessage {
        var problem: TemplateProblem

        func text(in language: Language) -> String {
            let place = language.pick(
                es: "\(problem.field.rawValue), línea \(problem.line), columna \(problem.column)",
                en: "\(problem.field.rawValue), line \(problem.line), column \(problem.column)")
            switch problem.kind {
            case .unknownPlaceholder(let name):
                return language.pick(
                    es: "\(place): marcador desconocido {{\(name)}}; usa uno de estos: \(TemplatePlaceholder.allWritten)",
                    en: "\(place): unknown placeholder {{\(name)}}; use one of \(TemplatePlaceholder.allWritten)")
            case .unclosedPlaceholder:
                return language.pick(
                    es: "\(place): falta el cierre }} del marcador abierto con {{ en la misma línea",
                    en: "\(place): {{ is not closed by }} on the same line")
            case .literalEscape(let sequence):
                return language.pick(
                    es: "\(place): el texto contiene los caracteres \(sequence), que el cliente verá tal cual; "
                        + "para un salto de línea escribe el texto como bloque YAML (`|`)",
                    en: "\(place): the text contains the characters \(sequence), which the buyer will see as written; "
                        + "for a line break write the text as a YAML block scalar (`|`)")
            }
        }
    }
}

/// Checks template texts without rendering them.
public enum TemplateValidation {
    /// Returns every problem in the template, errors and warnings, in field order, then by position.
    public static func problems(in template: MessageTemplate, key: TemplateKey) -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        for field in TemplateField.allCases {
            guard let text = template.text(of: field) else { continue }
            var fieldProblems: [TemplateProblem] = []
            let (_, faults) = TemplateText.parse(text)
            for fault in faults {
                fieldProblems.append(TemplateProblem(fault, template: key, field: field))
            }
            for escape in TemplateText.literalEscapes(in: text) {
                fieldProblems.append(TemplateProblem(
                    template: key, field: field, line: escape.line, column: escape.column,
                    kind: .literalEscape(escape.sequence)))
            }
            problems += fieldProblems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        }
        return problems
    }
}

extension MessageTemplate {
    func text(of field: TemplateField) -> String? {
        switch field {
        case .subject: subject
        case .intro: intro
        case .closing: closing
        }
    }
}
