import KeyshipCore

/// A short operator text given in both languages at once, for help texts and table headings.
/// Messages with values use enums of their own.
struct Text: LocalizedMessage, Hashable {
    var es: String
    var en: String

    init(es: String, en: String) {
        self.es = es
        self.en = en
    }

    func text(in language: Language) -> String {
        language.pick(es: es, en: en)
    }
}

extension String {
    /// The text ended with a full stop, unless it already ends with one, as a company name such
    /// as `Mi Empresa S.L.` or a product id may.
    var withFinalPeriod: String {
        hasSuffix(".") ? self : self + "."
    }
}
