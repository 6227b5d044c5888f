import KeyshipCore
import Testing

@Suite struct StoreReferencesTests {
    static let config = StoreConfig(
        seller: Seller(name: "Ejemplo"),
        recipients: [sampleRecipient],
        warehouses: [Warehouse(code: "MAD", name: "Madrid")],
        channels: [
            ChannelConfig(name: "tienda", warehouse: "MAD", language: "es",
                          settings: .files(FilesChannelSettings(inbox: "i", outbox: "o"))),
            ChannelConfig(name: "pcc", warehouse: "MAD", language: "es",
                          settings: .mirakl(MiraklChannelSettings(baseURL: "https://x.net", apiKeyEnv: "K"))),
        ])

    private func entry(_ text: String, path: String) throws -> CatalogEntry {
        let node = try parseYAML(text, path: path)
        let result = ProductSchema.decode(node, path: path)
        return CatalogEntry(product: try #require(result.value), path: path, node: node)
    }

    @Test func consistentStoreHasNoFindings() throws {
        let office = try entry(
            """
            id: office
            name: Office
            digital_license: true
            instructions: {attachment: attachments/office.pdf}
            offers: {tienda: OFF-1, pcc: "1001"}

            """,
            path: "catalog/office.yaml")
        let templates = [
            TemplateKey(product: "office", channel: "tienda", language: "es"),
            TemplateKey(product: "office", channel: "default", language: "en"),
        ]
        let files: Set<String> = [
            "keyship.yaml", "catalog/office.yaml", "catalog/.gitkeep", "attachments/office.pdf",
            "templates/office/tienda.es.yaml", "templates/office/default.en.yaml", "keys/office/a.csv",
        ]
        let diagnostics = StoreReferences.check(config: Self.config, catalog: [office], templates: templates, files: files)
        #expect(diagnostics.messages() == [])
    }

    @Test func everyBrokenReferenceIsReported() throws {
        let office = try entry(
            """
            id: office
            name: Office
            digital_license: true
            instructions: {text: Instale., attachment: attachments/missing.pdf}
            offers: {tienda: OFF-1, amazon: B0001}

            """,
            path: "catalog/office.yaml")
        let windows = try entry(
            """
            id: windows
            name: Windows
            digital_license: true
            offers:
              tienda: OFF-1

            """,
            path: "catalog/windows.yaml")
        let templates = [
            TemplateKey(product: "office", channel: "tienda", language: "es"),
            TemplateKey(product: "visio", channel: "tienda", language: "es"),
            TemplateKey(product: "office", channel: "ebay", language: "ES"),
        ]
        let files: Set<String> = [
            "catalog/office.yaml", "catalog/windows.yaml", "catalog/notes.txt", "templates/office/tienda.es.yml",
            "templates/office/tienda.es.yaml",
        ]
        let diagnostics = StoreReferences.check(
            config: Self.config, catalog: [windows, office], templates: templates, files: files)
        #expect(diagnostics.messages() == [
            "catalog/notes.txt: catalog/notes.txt is not a .yaml file; keyship reads only .yaml files in this "
                + "folder. Rename it to .yaml or delete it.",
            "catalog/office.yaml:4:44: `instructions.attachment` names the attached document "
                + "attachments/missing.pdf, which does not exist in the store repository. Add the file or fix the path.",
            "catalog/office.yaml:5:25: `offers.amazon` names the sales channel \"amazon\", which is not in "
                + "keyship.yaml (channels: tienda, pcc). Fix the name or add the channel.",
            "catalog/windows.yaml:5:11: `offers.tienda`: the SKU \"OFF-1\" on sales channel tienda already maps "
                + "to the product office. Each SKU on a channel must map to one product.",
            "templates/office/ebay.ES.yaml: the message template is for the sales channel \"ebay\", which is not "
                + "in keyship.yaml. Use one of: tienda, pcc, default.",
            "templates/office/ebay.ES.yaml: the message template's language, \"ES\", is not a two-letter "
                + "lower-case code (ISO 639-1) such as `es` or `en`. Rename the file.",
            "templates/office/tienda.es.yml: templates/office/tienda.es.yml is not a .yaml file; keyship reads "
                + "only .yaml files in this folder. Rename it to .yaml or delete it.",
            "templates/visio/tienda.es.yaml: the message template is for the product \"visio\", which is not in "
                + "the catalogue. Fix the folder name or add catalog/visio.yaml.",
        ])
    }

    @Test func productsWithoutNodesAreLocatedByFile() {
        let product = Product(id: "office", name: "Office", digitalLicense: true, offers: ["ebay": "X"])
        let diagnostics = StoreReferences.check(
            config: Self.config, catalog: [CatalogEntry(product: product, path: "catalog/office.yaml")],
            templates: [], files: [])
        #expect(diagnostics.messages(.es) == [
            "catalog/office.yaml: `offers.ebay` nombra el canal de venta \"ebay\", que no está en keyship.yaml "
                + "(canales: tienda, pcc). Corrige el nombre o añade el canal.",
        ])
    }
}
