import Foundation
import KeyshipCore

/// The fixed shape of the synthetic store: settings, catalogue, templates, and the calendar the
/// generated data follows.
enum StoreBlueprint {
    /// The benchmark's "now". A fixed instant keeps the data the same between machines: which
    /// keys have expired, which month folder new orders close into.
    static let now = Timestamp(iso: "2026-12-28T10:15:00Z")!

    /// Past orders are spread evenly over this many months, ending with the month of `now`.
    /// Ten times the history therefore means month folders ten times larger.
    static let historyMonths = 24

    /// A files channel of the synthetic store and the share of orders it receives.
    struct Channel {
        var name: String
        var warehouse: String
        /// The first letter of its order ids.
        var orderPrefix: String
    }

    /// Two thirds of the orders go to `tienda` (Madrid stock), one third to `tienda-bcn`.
    static let channels = [
        Channel(name: "tienda", warehouse: "MAD", orderPrefix: "T"),
        Channel(name: "tienda-bcn", warehouse: "BCN", orderPrefix: "B"),
    ]

    /// Returns the channel of order or record number `index`.
    static func channel(forItem index: Int) -> Channel {
        index % 3 == 2 ? channels[1] : channels[0]
    }

    struct Product {
        var id: String
        var name: String
        /// The offer SKU on `tienda`; `tienda-bcn` uses the same SKU with a `BCN-` prefix.
        var sku: String

        func sku(on channel: Channel) -> String {
            channel.name == "tienda" ? sku : "BCN-\(sku)"
        }
    }

    static let products = [
        Product(id: "office-2021-pro", name: "Microsoft Office 2021 Professional Plus", sku: "OFF-2021-PRO"),
        Product(id: "windows-11-pro", name: "Windows 11 Pro", sku: "WIN11-PRO"),
        Product(id: "eset-nod32-1y", name: "ESET NOD32 Antivirus 1 año", sku: "ESET-NOD32-1Y"),
        Product(id: "office-2019-hb", name: "Microsoft Office Hogar y Empresas 2019", sku: "OFF-2019-HB"),
        Product(id: "windows-10-pro", name: "Windows 10 Pro", sku: "WIN10-PRO"),
    ]

    static let companies = ["Distribuciones Ibéricas S.L.", "Licencias Mayoristas S.A.", "Software Directo S.L."]

    /// Files the channels read and write, outside the store, under `root`.
    static func inbox(_ channel: Channel, root: URL) -> URL {
        root.appendingPathComponent("channels/\(channel.name)/inbox", isDirectory: true)
    }

    static func outbox(_ channel: Channel, root: URL) -> URL {
        root.appendingPathComponent("channels/\(channel.name)/outbox", isDirectory: true)
    }

    /// `keyship.yaml`, with the channels' folders under `root`. Alerts go by e-mail, but no SMTP
    /// server is set, so the run records them without sending anything.
    static func configText(recipient: String, root: URL) -> String {
        var text = """
            seller: {name: "Licencias Banco de Pruebas S.L.", tax_id: "B00000000", email: "ventas@example.com"}
            language: es
            timezone: Europe/Madrid
            recipients: ["\(recipient)"]
            warehouses:
              - {code: MAD, name: Madrid}
              - {code: BCN, name: Barcelona}
            channels:

            """
        for channel in channels {
            text += """
                  - {name: \(channel.name), kind: files, warehouse: \(channel.warehouse), language: es,
                     inbox: "\(inbox(channel, root: root).path)", outbox: "\(outbox(channel, root: root).path)"}

                """
        }
        text += """
            alerts: {email: ["operaciones@example.com"], expiring_within_days: 30}

            """
        return text
    }

    /// Returns every store file other than key batches and the ledger, by store path.
    static func definitionFiles(recipient: String, root: URL) -> [(path: String, text: String)] {
        var files: [(String, String)] = [(StoreLayout.configFile, configText(recipient: recipient, root: root))]
        for (index, product) in products.enumerated() {
            let offers = channels.map { "\($0.name): \"\(product.sku(on: $0))\"" }.joined(separator: ", ")
            // One product carries an instructions attachment, so deliveries also read a store file.
            let attachment = index == 0 ? "\n  attachment: \(instructionsAttachment)" : ""
            files.append((StoreLayout.catalogFile(product: product.id), """
                id: \(product.id)
                name: "\(product.name)"
                digital_license: true
                instructions:
                  text: "Introduce la clave en el programa cuando te la pida."\(attachment)
                low_stock: 20
                offers: {\(offers)}

                """))
            for channel in channels {
                files.append(("\(StoreLayout.templatesFolder)/\(product.id)/\(channel.name).es.yaml", """
                    subject: "Tu clave de {{product_name}} (pedido {{order_id}})"
                    intro: "Hola {{buyer_name|cliente}}, gracias por tu compra. Estas son tus claves ({{quantity}}):"
                    closing: "Un saludo,\\n{{seller_name}}"

                    """))
            }
        }
        files.append((instructionsAttachment, instructionsPDF))
        return files
    }

    /// A PDF attachment. A `.txt` one would fail every delivery, because the message renderer
    /// gives it the type `text/plain; charset=utf-8` and `MIMEAttachment` accepts only a bare
    /// `type/subtype`.
    static let instructionsAttachment = "\(StoreLayout.attachmentsFolder)/instrucciones/\(products[0].id).pdf"

    /// A one-page PDF with the instructions for entering the key.
    static let instructionsPDF = """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj
        4 0 obj << /Length 58 >> stream
        BT /F1 12 Tf 72 770 Td (Introduce la clave en el instalador.) Tj ET
        endstream endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """
}
