/// A buyer message template from `templates/<product>/<channel>.<lang>.yaml`.
///
/// The message is the intro, the keys one per line, then the closing. Texts may use
/// placeholders written `{{name}}`; `TemplatePlaceholder` lists them.
public struct MessageTemplate: Sendable, Hashable {
    public var subject: String?
    public var intro: String?
    public var closing: String?

    public init(subject: String? = nil, intro: String? = nil, closing: String? = nil) {
        self.subject = subject
        self.intro = intro
        self.closing = closing
    }
}

/// Identifies one template file.
public struct TemplateKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var product: String
    /// A channel name, or `default` for the template every channel falls back to.
    public var channel: String
    public var language: String

    public init(product: String, channel: String, language: String) {
        self.product = product
        self.channel = channel
        self.language = language
    }

    /// The channel name that matches any channel.
    public static let anyChannel = "default"

    public var path: String { "templates/\(product)/\(channel).\(language).yaml" }

    public var description: String { path }

    public static func < (lhs: TemplateKey, rhs: TemplateKey) -> Bool { lhs.path < rhs.path }
}
