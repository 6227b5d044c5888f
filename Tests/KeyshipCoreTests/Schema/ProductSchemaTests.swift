import KeyshipCore
import Testing

@Suite struct ProductSchemaTests {
    static let path = "catalog/office-2021-pro.yaml"

    private func decode(_ text: String, path: String = path) throws -> SchemaResult<Product> {
        ProductSchema.decode(try parseYAML(text, path: path), path: path)
    }

    @Test func designExampleDecodes() throws {
        let text = """
            id: office-2021-pro
            name: "Microsoft Office 2021 Professional Plus"
            digital_license: true
            instructions: {text: "Descargue e instale.", attachment: attachments/office-2021.pdf}
            low_stock: 5
            offers: {tienda: OFF-2021-PRO, pccomponentes: "PCC-88123", carrefour: 12345, fnac: 0012.50}

            """
        let result = try decode(text)
        #expect(result.diagnostics.messages() == [])
        #expect(result.value == Product(
            id: "office-2021-pro", name: "Microsoft Office 2021 Professional Plus", digitalLicense: true,
            instructions: Instructions(text: "Descargue e instale.", attachment: "attachments/office-2021.pdf"),
            lowStock: 5,
            offers: ["tienda": "OFF-2021-PRO", "pccomponentes": "PCC-88123", "carrefour": "12345", "fnac": "0012.50"]))
    }

    @Test func defaultsApply() throws {
        let text = "id: office-2021-pro\nname: Office\ndigital_license: false\noffers: {}\n"
        let result = try decode(text)
        #expect(result.diagnostics.messages() == [])
        #expect(result.value == Product(id: "office-2021-pro", name: "Office", digitalLicense: false))
    }

    @Test func productIDFromPath() {
        #expect(ProductSchema.productID(forPath: "catalog/office-2021-pro.yaml") == "office-2021-pro")
        #expect(ProductSchema.productID(forPath: "catalog/win.11.yaml") == "win.11")
    }

    static let mistakes: [SchemaCase] = [
        SchemaCase(
            description: "missing fields",
            yaml: "name: Office\n",
            messages: [
                "catalog/office-2021-pro.yaml:1:1: missing required field `id`. Add it.",
                "catalog/office-2021-pro.yaml:1:1: missing required field `digital_license`. Add it.",
                "catalog/office-2021-pro.yaml:1:1: missing required field `offers`. Add it.",
            ]),
        SchemaCase(
            description: "id does not match file",
            yaml: "id: office-2019\nname: Office\ndigital_license: true\noffers: {}\n",
            messages: [
                "catalog/office-2021-pro.yaml:1:5: `id` is \"office-2019\", but the file is named "
                    + "office-2021-pro.yaml. They must match: fix `id` or rename the file.",
            ]),
        SchemaCase(
            description: "invalid id",
            yaml: "id: ../etc\nname: Office\ndigital_license: true\noffers: {}\n",
            messages: [
                "catalog/office-2021-pro.yaml:1:5: `id` is not a valid product id: \"../etc\". Use letters, digits, "
                    + "`.`, `_` and `-`, starting with a letter or digit.",
            ]),
        SchemaCase(
            description: "wrong types",
            yaml: """
                id: office-2021-pro
                name: Office
                digital_license: "yes"
                low_stock: five
                offers: [tienda]

                """,
            messages: [
                "catalog/office-2021-pro.yaml:3:18: `digital_license` must be true or false, but it is \"yes\".",
                "catalog/office-2021-pro.yaml:4:12: `low_stock` must be a whole number, but it is \"five\".",
                "catalog/office-2021-pro.yaml:5:9: `offers` must be a mapping of fields (`field: value`), but it "
                    + "is a list.",
            ]),
        SchemaCase(
            description: "negative threshold and empty SKU",
            yaml: """
                id: office-2021-pro
                name: Office
                digital_license: true
                low_stock: -1
                offers: {tienda: "", pcc: [a]}

                """,
            messages: [
                "catalog/office-2021-pro.yaml:4:12: `low_stock` must be 0 or more, but it is -1.",
                "catalog/office-2021-pro.yaml:5:18: `offers.tienda` is empty. Write a value.",
                "catalog/office-2021-pro.yaml:5:27: `offers.pcc` must be text, but it is a list.",
            ]),
        SchemaCase(
            description: "instructions problems",
            yaml: """
                id: office-2021-pro
                name: Office
                digital_license: true
                instructions: {}
                offers: {}
                digital_licence: true

                """,
            messages: [
                "catalog/office-2021-pro.yaml:4:15: `instructions` has neither `text` nor `attachment`. Add the "
                    + "usage instructions or remove `instructions`.",
                "catalog/office-2021-pro.yaml:6:1: unknown field `digital_licence`. Did you mean `digital_license`?",
            ]),
        SchemaCase(
            description: "attachment outside the store",
            yaml: """
                id: office-2021-pro
                name: Office
                digital_license: true
                instructions: {attachment: /etc/passwd, txt: hola}
                offers: {}

                """,
            messages: [
                "catalog/office-2021-pro.yaml:4:28: `instructions.attachment` must be a path inside the store "
                    + "repository, with no leading `/` and no `..`: \"/etc/passwd\".",
                "catalog/office-2021-pro.yaml:4:41: unknown field `instructions.txt`. Did you mean `text`?",
            ]),
    ]

    @Test(arguments: mistakes)
    func mistakesAreReported(testCase: SchemaCase) throws {
        let result = try decode(testCase.yaml)
        #expect(result.diagnostics.messages() == testCase.messages)
        #expect(result.value == nil)
    }

    @Test func messagesInSpanish() throws {
        let text = "id: office-2019\nname: Office\ndigital_license: si\noffers: {}\n"
        #expect(try decode(text).diagnostics.messages(.es) == [
            "catalog/office-2021-pro.yaml:1:5: `id` es \"office-2019\", pero el fichero se llama office-2021-pro.yaml. "
                + "Deben coincidir: corrige `id` o cambia el nombre del fichero.",
            "catalog/office-2021-pro.yaml:3:18: `digital_license` debe ser true o false, pero es \"si\".",
        ])
    }
}
