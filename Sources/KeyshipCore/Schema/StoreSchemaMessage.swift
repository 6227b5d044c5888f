/// Problems with the meaning of store files' values, beyond their types: names, references,
/// URLs, secrets and paths. `field` is a field path as in `SchemaMessage`.
///
/// Messages about environment variable fields never repeat the value, because a person may have
/// pasted the secret itself there.
public enum StoreSchemaMessage: LocalizedMessage, Hashable {
    case invalidRecipient(field: String, value: String)
    case invalidChannelName(field: String, value: String)
    case reservedChannelName(field: String)
    case reservedLedgerName(field: String, value: String)
    case unsupportedChannelKind(field: String, kind: String)
    case unknownWarehouse(field: String, code: String, declared: [String])
    case invalidLanguageCode(field: String, value: String)
    case invalidTimeZone(field: String, value: String)
    case invalidURL(field: String, value: String)
    case insecureURL(field: String, value: String)
    /// A URL with a user, password, query or fragment, which may carry a credential.
    case urlWithCredentials(field: String)
    case invalidEnvironmentName(field: String)
    case secretInsteadOfEnvironmentName(field: String)
    case invalidEmail(field: String, value: String)
    case conflictingFields(field: String, other: String)
    case unencryptedSMTP(field: String, host: String)
    /// `field` is set but `missing`, which goes with it, is not.
    case missingCompanionField(field: String, missing: String)
    case invalidProductID(field: String, value: String)
    case productIDMismatch(field: String, id: String, fileName: String)
    case emptyInstructions(field: String)
    case invalidStorePath(field: String, value: String)
    case emptyTemplate
    case invalidTemplatePath(path: String)
    case offerForUnknownChannel(field: String, channel: String, known: [String])
    case skuMappedTwice(field: String, channel: String, sku: String, otherProduct: String)
    case templateForUnknownProduct(product: String)
    case templateForUnknownChannel(channel: String, known: [String])
    case invalidTemplateLanguage(code: String)
    case attachmentNotFound(field: String, path: String)
    case notYAMLFile(path: String)
    case invalidKeyCell(field: String)

    public func text(in language: Language) -> String {
        switch self {
        case .invalidRecipient(let field, let value):
            return language.pick(
                es: "`\(field)` no es un destinatario age válido: \(Self.quoted(value)). Debe empezar por "
                    + "`age1` seguido de letras minúsculas y dígitos Bech32; cópialo de la salida de `age-keygen`.",
                en: "`\(field)` is not a valid age recipient: \(Self.quoted(value)). It must start with `age1` "
                    + "followed by lower-case Bech32 letters and digits; copy it from the output of `age-keygen`.")
        case .invalidChannelName(let field, let value):
            return language.pick(
                es: "`\(field)` no es un nombre de canal de venta válido: \(Self.quoted(value)). Usa solo "
                    + "letras minúsculas, dígitos, `_` y `-`, como `pccomponentes`.",
                en: "`\(field)` is not a valid sales channel name: \(Self.quoted(value)). Use only lower-case "
                    + "letters, digits, `_` and `-`, such as `pccomponentes`.")
        case .reservedChannelName(let field):
            return language.pick(
                es: "`\(field)` no puede ser `default`: ese nombre está reservado para las plantillas de "
                    + "mensaje de cualquier canal. Elige otro nombre.",
                en: "`\(field)` cannot be `default`: that name is reserved for message templates that "
                    + "apply to any channel. Choose another name.")
        case .reservedLedgerName(let field, let value):
            return language.pick(
                es: "`\(field)` no puede ser `\(value)`: keyship usa ledger/\(value)/ para sus propios datos. Elige otro nombre.",
                en: "`\(field)` cannot be `\(value)`: keyship uses ledger/\(value)/ for its own data. Choose another name.")
        case .unsupportedChannelKind(let field, let kind):
            return language.pick(
                es: "`\(field)`: los canales de venta de tipo `\(kind)` aún no están disponibles en keyship. "
                    + "Usa `files` o `mirakl`.",
                en: "`\(field)`: sales channels of kind `\(kind)` are not supported yet. Use `files` or `mirakl`.")
        case .unknownWarehouse(let field, let code, let declared):
            let list = declared.joined(separator: ", ")
            return language.pick(
                es: "`\(field)` nombra el almacén \(Self.quoted(code)), que no está en `warehouses` "
                    + "(almacenes definidos: \(list)). Corrige el código o añade el almacén.",
                en: "`\(field)` names the warehouse \(Self.quoted(code)), which is not in `warehouses` "
                    + "(declared: \(list)). Fix the code or declare the warehouse.")
        case .invalidLanguageCode(let field, let value):
            return language.pick(
                es: "`\(field)` no es un código de idioma válido: \(Self.quoted(value)). Usa dos letras "
                    + "minúsculas (ISO 639-1), como `es` o `en`.",
                en: "`\(field)` is not a valid language code: \(Self.quoted(value)). Use two lower-case "
                    + "letters (ISO 639-1), such as `es` or `en`.")
        case .invalidTimeZone(let field, let value):
            return language.pick(
                es: "`\(field)` no es un nombre de zona horaria IANA: \(Self.quoted(value)). Usa uno como "
                    + "`Europe/Madrid` o `UTC`.",
                en: "`\(field)` is not an IANA time zone name: \(Self.quoted(value)). Use one such as "
                    + "`Europe/Madrid` or `UTC`.")
        case .invalidURL(let field, let value):
            return language.pick(
                es: "`\(field)` no es una URL válida: \(Self.quoted(value)). Escríbela completa, como "
                    + "`https://example.mirakl.net`.",
                en: "`\(field)` is not a valid URL: \(Self.quoted(value)). Write it in full, such as "
                    + "`https://example.mirakl.net`.")
        case .insecureURL(let field, let value):
            return language.pick(
                es: "`\(field)` debe usar https: \(Self.quoted(value)). Solo se admite http para "
                    + "127.0.0.1 y localhost.",
                en: "`\(field)` must use https: \(Self.quoted(value)). Plain http is accepted only for "
                    + "127.0.0.1 and localhost.")
        case .urlWithCredentials(let field):
            return language.pick(
                es: "`\(field)` contiene un usuario, una contraseña, una consulta (`?`) o un fragmento (`#`), "
                    + "que pueden llevar credenciales. Deja solo el esquema, el servidor y la ruta, y guarda "
                    + "las credenciales en variables de entorno.",
                en: "`\(field)` contains a user, a password, a query (`?`) or a fragment (`#`), which may "
                    + "carry credentials. Keep only the scheme, host and path, and put credentials in "
                    + "environment variables.")
        case .invalidEnvironmentName(let field):
            return language.pick(
                es: "`\(field)` debe ser el nombre de una variable de entorno: letras mayúsculas, dígitos "
                    + "y `_`, sin empezar por un dígito, como `KEYSHIP_PCC_API_KEY`.",
                en: "`\(field)` must be the name of an environment variable: upper-case letters, digits and "
                    + "`_`, not starting with a digit, such as `KEYSHIP_PCC_API_KEY`.")
        case .secretInsteadOfEnvironmentName(let field):
            return language.pick(
                es: "`\(field)` parece contener la credencial misma en lugar del nombre de una variable de "
                    + "entorno. Bórrala del fichero, escribe el nombre de la variable (como "
                    + "`KEYSHIP_PCC_API_KEY`) y cambia la credencial, porque ya está en el historial de git.",
                en: "`\(field)` seems to contain the credential itself instead of the name of an environment "
                    + "variable. Remove it from the file, write the variable's name (such as "
                    + "`KEYSHIP_PCC_API_KEY`) and rotate the credential, because git history now holds it.")
        case .invalidEmail(let field, let value):
            return language.pick(
                es: "`\(field)` no es una dirección de email válida: \(Self.quoted(value)).",
                en: "`\(field)` is not a valid e-mail address: \(Self.quoted(value)).")
        case .conflictingFields(let field, let other):
            return language.pick(
                es: "`\(field)` y `\(other)` no pueden usarse juntos. Deja solo `\(field)`.",
                en: "`\(field)` and `\(other)` cannot be used together. Keep only `\(field)`.")
        case .unencryptedSMTP(let field, let host):
            return language.pick(
                es: "`\(field)` es `none` (sin cifrado) para el servidor \(Self.quoted(host)); solo se admite "
                    + "para 127.0.0.1 y localhost. Usa `starttls` (puerto 587) o `tls` (puerto 465).",
                en: "`\(field)` is `none` (no encryption) for the server \(Self.quoted(host)), which is accepted "
                    + "only for 127.0.0.1 and localhost. Use `starttls` (port 587) or `tls` (port 465).")
        case .missingCompanionField(let field, let missing):
            return language.pick(
                es: "`\(field)` necesita también `\(missing)`. Añádelo o quita `\(field)`.",
                en: "`\(field)` also needs `\(missing)`. Add it or remove `\(field)`.")
        case .invalidProductID(let field, let value):
            return language.pick(
                es: "`\(field)` no es un identificador de producto válido: \(Self.quoted(value)). Usa letras, "
                    + "dígitos, `.`, `_` y `-`, empezando por una letra o un dígito.",
                en: "`\(field)` is not a valid product id: \(Self.quoted(value)). Use letters, digits, `.`, "
                    + "`_` and `-`, starting with a letter or digit.")
        case .productIDMismatch(let field, let id, let fileName):
            return language.pick(
                es: "`\(field)` es \(Self.quoted(id)), pero el fichero se llama \(fileName). Deben coincidir: "
                    + "corrige `\(field)` o cambia el nombre del fichero.",
                en: "`\(field)` is \(Self.quoted(id)), but the file is named \(fileName). They must match: fix "
                    + "`\(field)` or rename the file.")
        case .emptyInstructions(let field):
            return language.pick(
                es: "`\(field)` no tiene `text` ni `attachment`. Añade las instrucciones de uso o quita "
                    + "`\(field)`.",
                en: "`\(field)` has neither `text` nor `attachment`. Add the usage instructions or remove "
                    + "`\(field)`.")
        case .invalidStorePath(let field, let value):
            return language.pick(
                es: "`\(field)` debe ser una ruta dentro del repositorio de la tienda, sin `/` inicial ni `..`: "
                    + "\(Self.quoted(value)).",
                en: "`\(field)` must be a path inside the store repository, with no leading `/` and no `..`: "
                    + "\(Self.quoted(value)).")
        case .emptyTemplate:
            return language.pick(
                es: "la plantilla de mensaje no tiene `subject`, `intro` ni `closing`. Escribe al menos uno o "
                    + "borra el fichero.",
                en: "the message template has no `subject`, `intro` or `closing`. Write at least one or "
                    + "delete the file.")
        case .invalidTemplatePath(let path):
            return language.pick(
                es: "\(Self.quoted(path)) no sigue la forma templates/<producto>/<canal>.<idioma>.yaml, como "
                    + "templates/office-2021-pro/tienda.es.yaml. Mueve el fichero o cámbiale el nombre.",
                en: "\(Self.quoted(path)) does not follow the form templates/<product>/<channel>.<language>.yaml, "
                    + "such as templates/office-2021-pro/tienda.es.yaml. Move or rename the file.")
        case .offerForUnknownChannel(let field, let channel, let known):
            let list = known.joined(separator: ", ")
            return language.pick(
                es: "`\(field)` nombra el canal de venta \(Self.quoted(channel)), que no está en keyship.yaml "
                    + "(canales: \(list)). Corrige el nombre o añade el canal.",
                en: "`\(field)` names the sales channel \(Self.quoted(channel)), which is not in keyship.yaml "
                    + "(channels: \(list)). Fix the name or add the channel.")
        case .skuMappedTwice(let field, let channel, let sku, let otherProduct):
            return language.pick(
                es: "`\(field)`: el SKU \(Self.quoted(sku)) del canal de venta \(channel) ya corresponde al "
                    + "producto \(otherProduct). Cada SKU de un canal debe corresponder a un solo producto.",
                en: "`\(field)`: the SKU \(Self.quoted(sku)) on sales channel \(channel) already maps to the "
                    + "product \(otherProduct). Each SKU on a channel must map to one product.")
        case .templateForUnknownProduct(let product):
            return language.pick(
                es: "la plantilla de mensaje es para el producto \(Self.quoted(product)), que no está en el "
                    + "catálogo. Corrige el nombre de la carpeta o añade catalog/\(product).yaml.",
                en: "the message template is for the product \(Self.quoted(product)), which is not in the "
                    + "catalogue. Fix the folder name or add catalog/\(product).yaml.")
        case .templateForUnknownChannel(let channel, let known):
            let list = (known + [TemplateKey.anyChannel]).joined(separator: ", ")
            return language.pick(
                es: "la plantilla de mensaje es para el canal de venta \(Self.quoted(channel)), que no está "
                    + "en keyship.yaml. Usa uno de estos: \(list).",
                en: "the message template is for the sales channel \(Self.quoted(channel)), which is not in "
                    + "keyship.yaml. Use one of: \(list).")
        case .invalidTemplateLanguage(let code):
            return language.pick(
                es: "el idioma de la plantilla de mensaje, \(Self.quoted(code)), no es un código de dos "
                    + "letras minúsculas (ISO 639-1), como `es` o `en`. Cambia el nombre del fichero.",
                en: "the message template's language, \(Self.quoted(code)), is not a two-letter lower-case "
                    + "code (ISO 639-1) such as `es` or `en`. Rename the file.")
        case .attachmentNotFound(let field, let path):
            return language.pick(
                es: "`\(field)` nombra el documento adjunto \(path), que no existe en el repositorio de la "
                    + "tienda. Añade el fichero o corrige la ruta.",
                en: "`\(field)` names the attached document \(path), which does not exist in the store "
                    + "repository. Add the file or fix the path.")
        case .notYAMLFile(let path):
            return language.pick(
                es: "\(path) no es un fichero .yaml; keyship solo lee ficheros .yaml en esta carpeta. Cambia "
                    + "la extensión a .yaml o bórralo.",
                en: "\(path) is not a .yaml file; keyship reads only .yaml files in this folder. Rename it "
                    + "to .yaml or delete it.")
        case .invalidKeyCell(let field):
            return language.pick(
                es: "`\(field)` no es una clave de licencia cifrada válida (un fichero age en base64 de una "
                    + "línea). Restaura el valor desde el historial de git.",
                en: "`\(field)` is not a valid encrypted licence key (an age file as one line of base64). "
                    + "Restore the value from git history.")
        }
    }

    private static func quoted(_ value: String) -> String {
        SchemaMessage.quoted(value)
    }
}
