import Foundation
public import KeyshipCore
import KeyshipYAML

/// The parts of a store people edit: settings, catalogue and message templates.
public struct StoreDefinition: Sendable {
    public var config: StoreConfig
    public var catalog: Catalog
    /// Every catalogue file with its parsed node, for checks that point at a line.
    public var catalogEntries: [CatalogEntry]
    public var templates: [TemplateKey: MessageTemplate]

    public init(
        config: StoreConfig, catalog: Catalog, catalogEntries: [CatalogEntry],
        templates: [TemplateKey: MessageTemplate]
    ) {
        self.config = config
        self.catalog = catalog
        self.catalogEntries = catalogEntries
        self.templates = templates
    }

    /// Loads and validates `keyship.yaml`, `catalog/` and `templates/` from a snapshot.
    ///
    /// Every problem is collected; the definition is nil when the settings themselves cannot be
    /// read, because nothing else can be checked without them. Cross-file references are checked
    /// only when `files` (every path in the store) is given.
    public static func load(
        from snapshot: any StoreSnapshot, files: Set<String>? = nil
    ) throws -> (definition: StoreDefinition?, diagnostics: DiagnosticList) {
        var diagnostics = DiagnosticList()
        let parser = YAMLParser()

        func parse(_ path: String) throws -> YAMLNode? {
            guard let bytes = try snapshot.read(path) else { return nil }
            do {
                return try parser.parse(bytes, path: path)
            } catch {
                diagnostics.append(error.diagnostic)
                return nil
            }
        }

        guard let configNode = try parse(StoreLayout.configFile) else {
            if try snapshot.read(StoreLayout.configFile) == nil {
                diagnostics.error(at: SourceLocation(path: StoreLayout.configFile), StoreLoadMessage.missingConfig(snapshot.label))
            }
            return (nil, diagnostics)
        }
        let configResult = StoreConfigSchema.decode(configNode)
        diagnostics.append(contentsOf: configResult.diagnostics)
        guard let config = configResult.value else { return (nil, diagnostics) }
        // The schema checks the zone's form; whether it exists needs the system's zone database.
        if TimeZone(identifier: config.timeZone) == nil, let node = configNode["timezone"] {
            diagnostics.error(
                at: SourceLocation(path: StoreLayout.configFile, line: node.line, column: node.column),
                StoreSchemaMessage.invalidTimeZone(field: "timezone", value: config.timeZone))
        }

        var entries: [CatalogEntry] = []
        for entry in try snapshot.entries(in: StoreLayout.catalogFolder) where entry.kind == .file && entry.name.hasSuffix(".yaml") {
            let path = "\(StoreLayout.catalogFolder)/\(entry.name)"
            guard let node = try parse(path) else { continue }
            let result = ProductSchema.decode(node, path: path)
            diagnostics.append(contentsOf: result.diagnostics)
            if let product = result.value { entries.append(CatalogEntry(product: product, path: path, node: node)) }
        }

        var templates: [TemplateKey: MessageTemplate] = [:]
        for path in try snapshot.files(under: StoreLayout.templatesFolder) where path.hasSuffix(".yaml") {
            guard let key = MessageTemplateSchema.templateKey(forPath: path, diagnostics: &diagnostics),
                  let node = try parse(path)
            else { continue }
            let result = MessageTemplateSchema.decode(node, path: path)
            diagnostics.append(contentsOf: result.diagnostics)
            if let template = result.value { templates[key] = template }
        }

        if let files {
            diagnostics.append(contentsOf: StoreReferences.check(
                config: config, catalog: entries, templates: Array(templates.keys), files: files))
        }
        let definition = StoreDefinition(
            config: config, catalog: Catalog(products: entries.map(\.product)), catalogEntries: entries,
            templates: templates)
        return (definition, diagnostics)
    }
}

/// Problems finding the store itself.
public enum StoreLoadMessage: LocalizedMessage, Hashable {
    case missingConfig(String)

    public func text(in language: Language) -> String {
        switch self {
        case .missingConfig(let place):
            language.pick(
                es: "no hay keyship.yaml en \(place); ejecuta keyship init o indica la tienda con --store",
                en: "there is no keyship.yaml in \(place); run keyship init or point to the store with --store")
        }
    }
}
