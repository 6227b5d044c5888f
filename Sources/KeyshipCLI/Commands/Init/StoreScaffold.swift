import KeyshipCore
import KeyshipStore

/// The files of a new store: settings with placeholders for the seller, one example licence
/// product with its templates in Spanish and English, an empty key folder, `.gitignore` and a
/// README.
///
/// The settings, the product and the README are in the operator's language. Each template is
/// wholly in its own language, comments included, because it is the text its buyers read. The
/// product has no instructions text, because that text goes into the message in every language:
/// the usage instructions are in each template's closing instead.
struct StoreScaffold {
    var language: Language
    /// The age recipient of the identity `keyship init` created.
    var recipient: String

    /// The example product's id.
    var productID: String { language.pick(es: "licencia-ejemplo", en: "example-licence") }

    /// The name of the seller's own shop, the files channel.
    var channelName: String { language.pick(es: "tienda", en: "shop") }

    /// The files channel's folders, git-ignored because they hold buyers' data and plaintext keys.
    static let dataFolder = "data"
    var inbox: String { "\(Self.dataFolder)/\(channelName)/inbox" }
    var outbox: String { "\(Self.dataFolder)/\(channelName)/outbox" }

    /// Every file of the first commit, by store path.
    var files: StoreChanges {
        var files = StoreChanges()
        files.write(StoreLayout.configFile, config)
        files.write(StoreLayout.catalogFile(product: productID), product)
        for templateLanguage in [Language.es, .en] {
            files.write(templatePath(templateLanguage), template(in: templateLanguage))
        }
        files.write(StoreLayout.keysFolder(product: productID) + "/.gitkeep", "")
        files.write(".gitignore", language.pick(
            es: "# Pedidos y mensajes del canal de ficheros: datos de clientes y claves sin cifrar.\n/\(Self.dataFolder)/\n",
            en: "# Orders and messages of the files channel: buyers' data and plaintext keys.\n/\(Self.dataFolder)/\n"))
        files.write("README.md", StoreReadme(language: language, productID: productID, channelName: channelName).text)
        return files
    }

    func templatePath(_ templateLanguage: Language) -> String {
        TemplateKey(product: productID, channel: TemplateKey.anyChannel, language: templateLanguage.rawValue).path
    }

    private var config: String {
        language.pick(
            es: """
                # Configuración de la tienda keyship. Aquí no va ningún secreto: los canales de venta y las
                # alertas nombran las variables de entorno que los contienen.

                # Datos del vendedor para las facturas y la firma de los mensajes: cámbialos por los tuyos.
                seller:
                  name: "Mi Empresa S.L."
                  tax_id: "B00000000"
                  email: "ventas@example.com"
                language: es
                timezone: Europe/Madrid

                # Destinatarios age para los que se cifran las claves de licencia. keyship init creó la
                # identidad de este destinatario fuera del repositorio: nunca la añadas aquí.
                recipients:
                  - \(recipient)

                # Almacenes: cada clave de licencia está en uno, y cada canal de venta vende las de su almacén.
                warehouses:
                  - {code: MAD, name: Madrid}

                # Canales de venta. "\(channelName)" es tu tienda propia: los pedidos llegan como ficheros JSON a
                # \(inbox) y los mensajes salen como ficheros .eml a \(outbox). La carpeta
                # data/ está en .gitignore porque contiene datos de clientes y claves sin cifrar.
                channels:
                  - name: \(channelName)
                    kind: files
                    warehouse: MAD
                    language: es
                    inbox: \(inbox)
                    outbox: \(outbox)
                  # Un marketplace Mirakl (PcComponentes, Carrefour, Fnac...):
                  # - name: pccomponentes
                  #   kind: mirakl
                  #   warehouse: MAD
                  #   language: es
                  #   base_url: "https://pccomponentes-prod.mirakl.net"
                  #   api_key_env: KEYSHIP_PCC_API_KEY

                # Alertas por email: rotura de stock, stock bajo, claves a punto de expirar, errores de envío.
                # alerts:
                #   email: ["operaciones@example.com"]
                #   expiring_within_days: 30

                """,
            en: """
                # keyship store settings. Secrets never go here: sales channels and alerts name the
                # environment variables that hold them.

                # The seller, for invoices and message signatures: replace these with your own details.
                seller:
                  name: "My Company Ltd"
                  tax_id: "B00000000"
                  email: "sales@example.com"
                language: en
                timezone: Europe/Madrid

                # age recipients that licence keys are encrypted to. keyship init created this recipient's
                # identity outside the repository: never add it here.
                recipients:
                  - \(recipient)

                # Warehouses: every licence key is in one, and each sales channel sells its warehouse's keys.
                warehouses:
                  - {code: MAD, name: Madrid}

                # Sales channels. "\(channelName)" is your own shop: orders arrive as JSON files in \(inbox)
                # and messages leave as .eml files in \(outbox). The data/ folder is in .gitignore
                # because it holds buyers' data and plaintext keys.
                channels:
                  - name: \(channelName)
                    kind: files
                    warehouse: MAD
                    language: en
                    inbox: \(inbox)
                    outbox: \(outbox)
                  # A Mirakl marketplace (PcComponentes, Carrefour, Fnac...):
                  # - name: pccomponentes
                  #   kind: mirakl
                  #   warehouse: MAD
                  #   language: es
                  #   base_url: "https://pccomponentes-prod.mirakl.net"
                  #   api_key_env: KEYSHIP_PCC_API_KEY

                # E-mail alerts: stock-out, low stock, keys about to expire, delivery errors.
                # alerts:
                #   email: ["operations@example.com"]
                #   expiring_within_days: 30

                """)
    }

    private var product: String {
        language.pick(
            es: """
                # Producto de ejemplo: cámbialo por uno tuyo, o bórralo junto con templates/\(productID)/ y keys/\(productID)/.
                id: \(productID)
                name: "Antivirus Demo 2026"
                # keyship solo entrega productos que son licencias de uso digital.
                digital_license: true
                # Las instrucciones de uso de este producto están en sus plantillas de email, una por idioma,
                # porque el texto de instructions (instructions: {text: "..."}) sale igual en los mensajes de
                # todos los idiomas. Un documento adjunto (instructions: {attachment: attachments/...}) acompaña
                # a cada mensaje.
                # Aviso de stock bajo cuando quedan estas claves o menos en un almacén.
                low_stock: 5
                # Referencia (SKU) de la oferta de este producto en cada canal de venta.
                offers:
                  \(channelName): EJEMPLO-1

                """,
            en: """
                # An example product: replace it with one of yours, or delete it with templates/\(productID)/ and keys/\(productID)/.
                id: \(productID)
                name: "Antivirus Demo 2026"
                # keyship delivers only products that are digital licences.
                digital_license: true
                # This product's usage instructions are in its message templates, one per language, because an
                # instructions text (instructions: {text: "..."}) goes unchanged into messages in every
                # language. An attached document (instructions: {attachment: attachments/...}) goes with every
                # message.
                # Low-stock alert when a warehouse has this many keys or fewer.
                low_stock: 5
                # The offer's SKU for this product on each sales channel.
                offers:
                  \(channelName): EXAMPLE-1

                """)
    }

    /// Returns the buyer message template wholly in `templateLanguage`, comments included, in
    /// whichever language the operator created the store.
    ///
    /// No text puts a period right after `{{seller_name}}`, because seller names often end in one
    /// ("Mi Empresa S.L.").
    private func template(in templateLanguage: Language) -> String {
        templateLanguage.pick(
            es: """
                # Plantilla de email de \(productID) para todos los canales de venta. El mensaje es el texto
                # inicial, las claves de licencia (una por línea), las instrucciones de uso del producto si las tiene
                # y el texto final.
                # Marcadores: {{order_id}}, {{product_name}}, {{quantity}}, {{seller_name}}, {{buyer_name}} y
                # {{channel}}; {{buyer_name|cliente}} escribe "cliente" si el marketplace no da el nombre.
                subject: "Tus claves de licencia del pedido {{order_id}}"
                intro: |
                  Hola {{buyer_name|cliente}}:

                  Gracias por tu compra. Estas son tus claves de licencia de {{product_name}} ({{quantity}}):
                closing: |
                  Para activar la licencia, abre el programa, ve a Ayuda > Activar licencia e introduce la clave.

                  Si tienes algún problema con la activación, responde a este mensaje indicando el pedido {{order_id}}.

                  Un saludo,
                  {{seller_name}}

                """,
            en: """
                # Message template of \(productID) for every sales channel. The message is the intro text, the
                # licence keys (one per line), the product's usage instructions if it has any, and the closing text.
                # Placeholders: {{order_id}}, {{product_name}}, {{quantity}}, {{seller_name}}, {{buyer_name}} and
                # {{channel}}; {{buyer_name|customer}} writes "customer" when the marketplace gives no name.
                subject: "Your licence keys for order {{order_id}}"
                intro: |
                  Hello {{buyer_name|customer}},

                  Thank you for your purchase. Here are your licence keys for {{product_name}} ({{quantity}}):
                closing: |
                  To activate the licence, open the program, go to Help > Activate licence and enter the key.

                  If you have any trouble with the activation, reply to this message with the order number {{order_id}}.

                  Kind regards,
                  {{seller_name}}

                """)
    }
}
