import KeyshipCore

/// Messages `keyship init` prints once the store exists.
enum InitMessage: LocalizedMessage {
    case created(root: String, branch: String, commit: String, author: String, files: [(String, Text)])
    case identity(path: String)
    case nextSteps(root: String, product: String)

    func text(in language: Language) -> String {
        switch self {
        case .created(let root, let branch, let commit, let author, let files):
            let width = files.map(\.0.count).max() ?? 0
            let list = files.map { path, help in
                "  " + path + String(repeating: " ", count: width - path.count + 2) + help.text(in: language)
            }.joined(separator: "\n")
            return language.pick(
                es: "Tienda creada en \(root) (rama \(branch), commit \(commit) de \(author)):\n",
                en: "Store created in \(root) (branch \(branch), commit \(commit) by \(author)):\n") + list
        case .identity(let path):
            return language.pick(
                es: "Identidad age creada en \(path) (permisos 0600), fuera de la tienda; su destinatario está en recipients de keyship.yaml.",
                en: "age identity created in \(path) (mode 0600), outside the store; its recipient is in recipients in keyship.yaml.")
        case .nextSteps(let root, let product):
            return language.pick(
                es: """

                    Próximos pasos, en \(root):
                      1. Pon los datos del vendedor (seller) en keyship.yaml y revisa los almacenes y los canales de venta.
                      2. Guarda una copia de la identidad en un lugar seguro y dásela a la CI como secreto
                         (KEYSHIP_IDENTITY_FILE o KEYSHIP_IDENTITY): sin ella nadie puede leer las claves.
                      3. Añade claves de licencia: keyship keys import --product \(product) --commit claves.csv
                      4. Comprueba la tienda: keyship check
                      5. Sube el repositorio a tu servidor git y programa keyship fulfil en la CI.
                    """,
                en: """

                    Next steps, in \(root):
                      1. Put the seller's details (seller) in keyship.yaml and review the warehouses and sales channels.
                      2. Keep a copy of the identity somewhere safe and give it to CI as a secret
                         (KEYSHIP_IDENTITY_FILE or KEYSHIP_IDENTITY): without it nobody can read the keys.
                      3. Add licence keys: keyship keys import --product \(product) --commit keys.csv
                      4. Check the store: keyship check
                      5. Push the repository to your git server and schedule keyship fulfil in CI.
                    """)
        }
    }
}
