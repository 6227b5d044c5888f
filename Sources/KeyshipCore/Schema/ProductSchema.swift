/// Decodes `catalog/<id>.yaml` into `Product`.
///
/// `id` must equal the file name without `.yaml`. SKUs are read as text whatever their YAML
/// form, so `tienda: 12345` maps the SKU "12345". `low_stock` defaults to 0, and `offers` must be
/// present but may be empty.
public enum ProductSchema {
    static let fields = ["id", "name", "digital_license", "instructions", "low_stock", "offers"]

    public static func decode(_ node: YAMLNode, path: String) -> SchemaResult<Product> {
        let decoder = SchemaDecoder(path: path)
        guard let root = decoder.mapping(node, field: "", known: fields) else { return decoder.result(nil) }

        let id = root.required("id") { productID($0, field: $1, path: path, decoder) }
        let name = root.requiredText("name")
        let digitalLicense = root.required("digital_license") { decoder.boolean($0, field: $1) }
        let instructions = root.optional("instructions") { Self.instructions($0, field: $1, decoder) }
        let lowStock = root.optional("low_stock") { decoder.integer($0, field: $1, minimum: 0) }
        let offers = root.required("offers") { node, field in
            decoder.dictionary(node, field: field) { decoder.text($0, field: $1) }
        }

        guard let id, let name, let digitalLicense, let offers else { return decoder.result(nil) }
        let product = Product(
            id: id, name: name, digitalLicense: digitalLicense, instructions: instructions,
            lowStock: lowStock ?? 0,
            offers: Dictionary(offers.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }))
        return decoder.result(product)
    }

    /// Returns the product id a catalogue path names: `catalog/office.yaml` gives `office`.
    public static func productID(forPath path: String) -> String {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        return fileName.hasSuffix(".yaml") ? String(fileName.dropLast(".yaml".count)) : fileName
    }

    private static func productID(_ node: YAMLNode, field: String, path: String, _ decoder: SchemaDecoder) -> String? {
        guard let id = decoder.text(node, field: field) else { return nil }
        guard ValueRules.isProductID(id) else {
            decoder.report(StoreSchemaMessage.invalidProductID(field: field, value: id), at: node)
            return nil
        }
        let expected = productID(forPath: path)
        guard id == expected else {
            let fileName = path.split(separator: "/").last.map(String.init) ?? path
            decoder.report(StoreSchemaMessage.productIDMismatch(field: field, id: id, fileName: fileName), at: node)
            return nil
        }
        return id
    }

    private static func instructions(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> Instructions? {
        guard let fields = decoder.mapping(node, field: field, known: ["text", "attachment"]) else { return nil }
        let text = fields.optionalText("text")
        let attachment = fields.optional("attachment") { storePath($0, field: $1, decoder) }
        if fields.value("text") == nil && fields.value("attachment") == nil {
            decoder.report(StoreSchemaMessage.emptyInstructions(field: field), at: node)
            return nil
        }
        return Instructions(text: text, attachment: attachment)
    }

    static func storePath(_ node: YAMLNode, field: String, _ decoder: SchemaDecoder) -> String? {
        guard let text = decoder.text(node, field: field) else { return nil }
        guard ValueRules.isStorePath(text) else {
            decoder.report(StoreSchemaMessage.invalidStorePath(field: field, value: text), at: node)
            return nil
        }
        return text
    }
}
