/// Decodes `templates/<product>/<channel>.<lang>.yaml` into `MessageTemplate`, and template
/// paths into `TemplateKey`s.
public enum MessageTemplateSchema {
    static let fields = ["subject", "intro", "closing"]

    /// Decodes a template; at least one of `subject`, `intro` and `closing` must be set.
    public static func decode(_ node: YAMLNode, path: String) -> SchemaResult<MessageTemplate> {
        let decoder = SchemaDecoder(path: path)
        guard let root = decoder.mapping(node, field: "", known: fields) else { return decoder.result(nil) }

        // Texts keep their exact whitespace, because it shapes the buyer's message.
        let subject = root.optional("subject") { decoder.text($0, field: $1) }
        let intro = root.optional("intro") { decoder.text($0, field: $1) }
        let closing = root.optional("closing") { decoder.text($0, field: $1) }
        if fields.allSatisfy({ root.value($0) == nil }) {
            decoder.report(StoreSchemaMessage.emptyTemplate, at: node)
        }
        return decoder.result(MessageTemplate(subject: subject, intro: intro, closing: closing))
    }

    /// Splits `templates/<product>/<channel>.<lang>.yaml` into its key, or reports why the path
    /// does not have that form. The product, channel and language are checked against the store
    /// by `StoreReferences`.
    public static func templateKey(forPath path: String, diagnostics: inout DiagnosticList) -> TemplateKey? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let name = components.last ?? ""
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard components.count == 3, components[0] == Substring(StoreLayout.templatesFolder), !components[1].isEmpty,
              parts.count == 3, parts[2] == "yaml", !parts[0].isEmpty, !parts[1].isEmpty
        else {
            diagnostics.error(at: SourceLocation(path: path), StoreSchemaMessage.invalidTemplatePath(path: path))
            return nil
        }
        return TemplateKey(product: String(components[1]), channel: String(parts[0]), language: String(parts[1]))
    }
}
