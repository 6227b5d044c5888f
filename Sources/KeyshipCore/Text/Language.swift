/// A language that operator-facing text exists in.
///
/// Foundation's localisation does not resolve non-default languages on Linux, so every
/// operator message is an enum case whose text is written here in both languages.
public enum Language: String, Sendable, CaseIterable, Hashable {
    case es
    case en

    /// Returns the text for this language; taking both makes a missing translation a compile error.
    @inlinable
    public func pick(es spanish: String, en english: String) -> String {
        switch self {
        case .es: spanish
        case .en: english
        }
    }

    /// Parses a language tag or POSIX locale name such as `es`, `es_ES.UTF-8` or `en-GB`.
    ///
    /// Returns nil for `C`, `POSIX`, empty values and languages keyship has no texts for.
    public init?(localeName: String) {
        let lowered = localeName.lowercased()
        let prefix = lowered.prefix { $0.isLetter }
        guard let language = Language(rawValue: String(prefix)) else { return nil }
        self = language
    }

    /// Chooses the operator's language: the `--lang` option, then `KEYSHIP_LANG`, then the
    /// store's setting, then `LC_ALL`, `LC_MESSAGES` and `LANG`, and English when none is usable.
    public static func resolve(
        option: String?,
        environment: [String: String],
        storeSetting: Language?
    ) -> Language {
        if let option, let language = Language(localeName: option) { return language }
        if let value = environment["KEYSHIP_LANG"], let language = Language(localeName: value) { return language }
        if let storeSetting { return storeSetting }
        // POSIX gives LC_ALL precedence over LC_MESSAGES over LANG; an empty value is unset.
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return Language(localeName: value) ?? .en
        }
        return .en
    }
}

/// Text an operator reads, available in every `Language`.
public protocol LocalizedMessage: Sendable {
    /// Returns the complete text in `language`.
    func text(in language: Language) -> String
}
