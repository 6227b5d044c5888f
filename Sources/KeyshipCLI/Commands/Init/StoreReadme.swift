import KeyshipCore

/// The README of a new store: a guide for the operator, in the operator's language.
struct StoreReadme {
    var language: Language
    var productID: String
    var channelName: String

    var text: String {
        language.pick(
            es: """
                # Tienda keyship

                Este repositorio git es la tienda de claves de licencia que keyship entrega a los clientes de los
                marketplaces. El historial de git es el historial de auditoría: cada cambio, tuyo o de keyship,
                es un commit.

                ## Carpetas

                | Carpeta | Qué contiene |
                |---|---|
                | `keyship.yaml` | datos del vendedor, destinatarios de cifrado, almacenes y canales de venta |
                | `catalog/` | un fichero por producto: nombre, si es una licencia de uso digital, instrucciones de uso, stock bajo y la referencia de la oferta en cada canal |
                | `templates/<producto>/` | plantillas de email: `<canal>.<idioma>.yaml`, o `default.<idioma>.yaml` para todos los canales |
                | `keys/<producto>/` | el stock: claves de licencia disponibles, cifradas, en ficheros de \(ImportBatches.maximumKeysPerFile) claves como máximo por importación |
                | `attachments/` | documentos adjuntos (instrucciones de uso de un producto o de una clave) |
                | `ledger/` | registro de pedidos y envíos; lo escribe solo keyship, no lo edites |
                | `data/` | pedidos y mensajes del canal `\(channelName)`; fuera de git porque tiene datos de clientes |

                ## Añadir claves de licencia

                Prepara una hoja de cálculo con las columnas `Nº licencia;Empresa;Almacén;Fecha de expiración;Documento`,
                guárdala como CSV y ejecuta:

                    keyship keys import --product \(productID) --commit claves.csv

                Si alguna fila tiene errores no se importa nada y keyship lista cada línea con su error. Las claves se
                cifran antes de escribirse; el fichero CSV original contiene las claves sin cifrar: bórralo después.
                `keyship keys list` muestra las claves (nunca su valor), y `keyship keys edit` y `keyship keys delete`
                cambian o eliminan claves disponibles.

                ## Comprobar la tienda

                    keyship check

                valida la configuración, el catálogo, las plantillas y las claves. Ejecútala antes de cada commit y en
                cada pull request.

                ## Entregar los pedidos

                    keyship fulfil

                lee los pedidos nuevos de cada canal de venta, asigna las claves más antiguas, envía el mensaje al
                cliente y hace commit de cada venta. Necesita la identidad que descifra las claves, en
                `KEYSHIP_IDENTITY_FILE` o `KEYSHIP_IDENTITY`: guárdala como secreto de la CI y nunca en este
                repositorio. Prográmala en la CI cada pocos minutos; `keyship fulfil --dry-run` muestra qué haría
                sin cambiar nada.

                """,
            en: """
                # keyship store

                This git repository is the store of licence keys that keyship delivers to marketplace buyers. Git
                history is the audit trail: every change, yours or keyship's, is a commit.

                ## Folders

                | Folder | What it contains |
                |---|---|
                | `keyship.yaml` | seller details, encryption recipients, warehouses and sales channels |
                | `catalog/` | one file per product: name, whether it is a digital licence, usage instructions, low stock and the offer SKU on each channel |
                | `templates/<product>/` | message templates: `<channel>.<language>.yaml`, or `default.<language>.yaml` for every channel |
                | `keys/<product>/` | the stock: available licence keys, encrypted, in files of at most \(ImportBatches.maximumKeysPerFile) keys per import |
                | `attachments/` | attached documents (usage instructions of a product or of a key) |
                | `ledger/` | the record of orders and deliveries; only keyship writes it, do not edit it |
                | `data/` | orders and messages of the `\(channelName)` channel; kept out of git because it holds buyers' data |

                ## Adding licence keys

                Prepare a spreadsheet with the columns `key,company,warehouse,expires_on,attachment`, save it as CSV
                and run:

                    keyship keys import --product \(productID) --commit keys.csv

                If any row has errors nothing is imported and keyship lists every line with its error. Keys are
                encrypted before they are written; the original CSV file holds the keys in clear, so delete it
                afterwards. `keyship keys list` shows the keys (never their value), and `keyship keys edit` and
                `keyship keys delete` change or remove available keys.

                ## Checking the store

                    keyship check

                validates the settings, catalogue, templates and keys. Run it before every commit and on every pull
                request.

                ## Delivering orders

                    keyship fulfil

                reads each sales channel's new orders, assigns the oldest keys, sends the buyer the message and
                commits every sale. It needs the identity that decrypts the keys, in `KEYSHIP_IDENTITY_FILE` or
                `KEYSHIP_IDENTITY`: keep it as a CI secret and never in this repository. Schedule it in CI every few
                minutes; `keyship fulfil --dry-run` shows what it would do without changing anything.

                """)
    }
}
