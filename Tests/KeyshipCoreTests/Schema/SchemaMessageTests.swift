import KeyshipCore
import Testing

@Suite struct SchemaMessageTests {
    struct MessageCase: Sendable, CustomStringConvertible {
        var message: any LocalizedMessage & Sendable
        var spanish: String
        var description: String { spanish }
    }

    static let spanishCases: [MessageCase] = [
        MessageCase(
            message: SchemaMessage.wrongType(field: "port", expected: .integer, found: .scalar("587a")),
            spanish: "`port` debe ser un número entero, pero es \"587a\"."),
        MessageCase(
            message: SchemaMessage.wrongType(field: "", expected: .mapping, found: .empty),
            spanish: "el fichero debe ser un mapa de campos (`campo: valor`), pero está vacío."),
        MessageCase(
            message: SchemaMessage.unknownField(field: "colour", suggestion: nil, known: ["id", "name"]),
            spanish: "campo desconocido `colour`. Bórralo o usa uno de estos: id, name."),
        MessageCase(
            message: SchemaMessage.aboveMaximum(field: "port", value: 70000, maximum: 65535),
            spanish: "`port` debe ser 65535 o menos, pero es 70000."),
        MessageCase(
            message: SchemaMessage.emptyText(field: "name"),
            spanish: "`name` está vacío. Escribe un valor."),
        MessageCase(
            message: SchemaMessage.duplicateValue(field: "warehouses[2].code", value: "MAD", firstLine: 4),
            spanish: "`warehouses[2].code` repite el valor \"MAD\", que ya aparece en la línea 4. Cada valor debe "
                + "ser único."),
        MessageCase(
            message: SchemaMessage.invalidTimestamp(field: "at", value: "ayer"),
            spanish: "`at` no es una fecha y hora válida: \"ayer\". Usa el formato ISO 8601 en UTC, como "
                + "2026-12-04T10:15:00Z."),
        MessageCase(
            message: SchemaMessage.invalidDate(field: "expires_on", value: "31/12/2027"),
            spanish: "`expires_on` no es una fecha válida: \"31/12/2027\". Usa el formato aaaa-mm-dd, como 2027-12-31."),
        MessageCase(
            message: StoreSchemaMessage.unsupportedChannelKind(field: "channels[1].kind", kind: "amazon"),
            spanish: "`channels[1].kind`: los canales de venta de tipo `amazon` aún no están disponibles en "
                + "keyship. Usa `files` o `mirakl`."),
        MessageCase(
            message: StoreSchemaMessage.secretInsteadOfEnvironmentName(field: "channels[1].api_key_env"),
            spanish: "`channels[1].api_key_env` parece contener la credencial misma en lugar del nombre de una "
                + "variable de entorno. Bórrala del fichero, escribe el nombre de la variable (como "
                + "`KEYSHIP_PCC_API_KEY`) y cambia la credencial, porque ya está en el historial de git."),
        MessageCase(
            message: StoreSchemaMessage.unencryptedSMTP(field: "alerts.smtp.security", host: "smtp.example.com"),
            spanish: "`alerts.smtp.security` es `none` (sin cifrado) para el servidor \"smtp.example.com\"; solo se "
                + "admite para 127.0.0.1 y localhost. Usa `starttls` (puerto 587) o `tls` (puerto 465)."),
        MessageCase(
            message: StoreSchemaMessage.skuMappedTwice(field: "offers.tienda", channel: "tienda", sku: "S-1", otherProduct: "office"),
            spanish: "`offers.tienda`: el SKU \"S-1\" del canal de venta tienda ya corresponde al producto office. "
                + "Cada SKU de un canal debe corresponder a un solo producto."),
        MessageCase(
            message: StoreSchemaMessage.attachmentNotFound(field: "instructions.attachment", path: "attachments/a.pdf"),
            spanish: "`instructions.attachment` nombra el documento adjunto attachments/a.pdf, que no existe en el "
                + "repositorio de la tienda. Añade el fichero o corrige la ruta."),
        MessageCase(
            message: StoreSchemaMessage.invalidKeyCell(field: "lines[1].keys[1].key"),
            spanish: "`lines[1].keys[1].key` no es una clave de licencia cifrada válida (un fichero age en base64 "
                + "de una línea). Restaura el valor desde el historial de git."),
    ]

    @Test(arguments: spanishCases)
    func spanishText(testCase: MessageCase) {
        #expect(testCase.message.text(in: .es) == testCase.spanish)
    }

    @Test func longValuesAreShortened() {
        let value = String(repeating: "x", count: 100)
        let message = SchemaMessage.invalidValue(field: "kind", value: value, allowed: ["files"])
        #expect(message.text(in: .en)
            == "`kind` has the invalid value \"\(String(repeating: "x", count: 60))…\". Allowed values: files.")
    }
}
