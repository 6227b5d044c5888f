/// A decoded catalogue file, with its node so cross-file problems can point at a line.
public struct CatalogEntry: Sendable {
    public var product: Product
    public var path: String
    /// The parsed file; nil when only the product is known, and problems then name the file only.
    public var node: YAMLNode?

    public init(product: Product, path: String, node: YAMLNode? = nil) {
        self.product = product
        self.path = path
        self.node = node
    }
}

/// Checks references between store files: what one file names must exist in another.
public enum StoreReferences {
    /// File names allowed in `catalog/` and `templates/` besides `.yaml` files: git keeps no empty
    /// folders, so `.gitkeep` is the usual placeholder.
    static let placeholderFiles: Set<String> = [".gitkeep"]

    /// Reports offers naming unknown channels, SKUs mapped to two products on one channel,
    /// templates for unknown products, channels or invalid languages, missing instruction
    /// attachments, and files in `catalog/` or `templates/` that are not `.yaml`.
    ///
    /// `files` contains every file path in the store, relative to its root.
    public static func check(
        config: StoreConfig, catalog: [CatalogEntry], templates: [TemplateKey], files: Set<String>
    ) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        let channelNames = config.channels.map(\.name)
        let sortedCatalog = catalog.sorted { $0.path < $1.path }

        checkOffers(sortedCatalog, channelNames: channelNames, into: &diagnostics)
        checkAttachments(sortedCatalog, files: files, into: &diagnostics)
        checkTemplates(
            templates.sorted(), products: Set(catalog.map(\.product.id)), channelNames: channelNames,
            into: &diagnostics)
        checkFileTypes(files, into: &diagnostics)
        return diagnostics
    }

    private static func checkOffers(_ catalog: [CatalogEntry], channelNames: [String], into diagnostics: inout DiagnosticList) {
        struct Offer: Hashable {
            var channel: String
            var sku: String
        }
        var owners: [Offer: String] = [:]
        for entry in catalog {
            for (channel, sku) in entry.product.offers.sorted(by: { $0.key < $1.key }) {
                let field = "offers.\(channel)"
                let pair = entry.node?["offers"]?.mapping?.first { $0.key.scalar?.value == channel }
                guard channelNames.contains(channel) else {
                    diagnostics.error(
                        at: location(entry, pair?.key),
                        StoreSchemaMessage.offerForUnknownChannel(field: field, channel: channel, known: channelNames))
                    continue
                }
                let offer = Offer(channel: channel, sku: sku)
                if let owner = owners[offer] {
                    diagnostics.error(
                        at: location(entry, pair?.value),
                        StoreSchemaMessage.skuMappedTwice(field: field, channel: channel, sku: sku, otherProduct: owner))
                } else {
                    owners[offer] = entry.product.id
                }
            }
        }
    }

    private static func checkAttachments(_ catalog: [CatalogEntry], files: Set<String>, into diagnostics: inout DiagnosticList) {
        for entry in catalog {
            guard let attachment = entry.product.instructions?.attachment, !files.contains(attachment) else { continue }
            diagnostics.error(
                at: location(entry, entry.node?["instructions"]?["attachment"]),
                StoreSchemaMessage.attachmentNotFound(field: "instructions.attachment", path: attachment))
        }
    }

    private static func checkTemplates(
        _ templates: [TemplateKey], products: Set<String>, channelNames: [String],
        into diagnostics: inout DiagnosticList
    ) {
        for key in templates {
            let location = SourceLocation(path: key.path)
            if !products.contains(key.product) {
                diagnostics.error(at: location, StoreSchemaMessage.templateForUnknownProduct(product: key.product))
            }
            if key.channel != TemplateKey.anyChannel && !channelNames.contains(key.channel) {
                diagnostics.error(
                    at: location, StoreSchemaMessage.templateForUnknownChannel(channel: key.channel, known: channelNames))
            }
            if !ValueRules.isLanguageCode(key.language) {
                diagnostics.error(at: location, StoreSchemaMessage.invalidTemplateLanguage(code: key.language))
            }
        }
    }

    private static func checkFileTypes(_ files: Set<String>, into diagnostics: inout DiagnosticList) {
        let folders = [StoreLayout.catalogFolder + "/", StoreLayout.templatesFolder + "/"]
        for path in files.sorted() where folders.contains(where: { path.hasPrefix($0) }) {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if !path.hasSuffix(".yaml") && !placeholderFiles.contains(name) {
                diagnostics.error(at: SourceLocation(path: path), StoreSchemaMessage.notYAMLFile(path: path))
            }
        }
    }

    private static func location(_ entry: CatalogEntry, _ node: YAMLNode?) -> SourceLocation {
        guard let node else { return SourceLocation(path: entry.path) }
        return SourceLocation(path: entry.path, line: node.line, column: node.column)
    }
}
