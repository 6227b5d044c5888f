import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipGit
import KeyshipStore

/// `keyship init [DIR]`: creates a new store repository with a fresh identity kept outside it.
enum InitCommand: Command {
    static let spec = CommandSpec(
        path: ["init"],
        summary: Text(es: "crea una tienda nueva", en: "create a new store"),
        discussion: Text(
            es: """
                Crea keyship.yaml, un producto de ejemplo con sus plantillas de email, keys/, .gitignore y un README,
                en el idioma de --lang, y hace el primer commit con tu identidad de git. La identidad age que descifra
                las claves se crea fuera de la tienda, con permisos 0600.
                """,
            en: """
                Creates keyship.yaml, an example product with its message templates, keys/, .gitignore and a README,
                in the language of --lang, and makes the first commit with your git identity. The age identity that
                decrypts the keys is created outside the store, with mode 0600.
                """),
        options: [
            .value("identity", "FILE", Text(
                es: "fichero nuevo para la identidad (por defecto: ~/.config/keyship/<carpeta>-identity.txt)",
                en: "new file for the identity (default: ~/.config/keyship/<folder>-identity.txt)")),
        ],
        positionals: [PositionalSpec(
            name: "DIR", help: Text(
                es: "carpeta nueva o vacía (por defecto: la actual)", en: "new or empty folder (default: the current one)"),
            isOptional: true)])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let target = try InitTarget(arguments, context: context)
        let now = context.now()
        let author = try target.author(at: now, environment: context.environment)
        let identity = try AgeIdentity.generate()
        let scaffold = StoreScaffold(language: context.language, recipient: identity.recipient.encoded)

        try target.createIdentityFolder()
        try PrivateFile.create(target.identityPath, contents: IdentityFile.contents(for: identity, createdAt: now))
        let commit: ObjectID
        let branch: String
        do {
            let repository = try target.existingRepository
                ?? Repository.create(at: target.root, bare: false, initialBranch: "main")
            commit = try InitialCommit.create(
                scaffold.files, message: CommitMessage(subject: "Create the keyship store"), author: author,
                in: repository)
            branch = try repository.currentBranch() ?? "main"
            for folder in [scaffold.inbox, scaffold.outbox] {
                try FileManager.default.createDirectory(
                    atPath: target.root + "/" + folder, withIntermediateDirectories: true)
            }
        } catch {
            target.rollBack()
            throw error
        }

        context.say(InitMessage.created(
            root: target.root, branch: branch, commit: commit.shortHex, author: "\(author.name) <\(author.email)>",
            files: createdFiles(scaffold)))
        context.say(InitMessage.identity(path: target.identityPath))
        context.say(InitMessage.nextSteps(root: target.root, product: scaffold.productID))
        return .success
    }

    private static func createdFiles(_ scaffold: StoreScaffold) -> [(String, Text)] {
        [
            ("keyship.yaml", Text(
                es: "configuración: datos del vendedor, almacenes y canales de venta",
                en: "settings: seller details, warehouses and sales channels")),
            (StoreLayout.catalogFile(product: scaffold.productID), Text(
                es: "producto de ejemplo", en: "example product")),
            (scaffold.templatePath(.es), Text(es: "plantilla de email en español", en: "message template in Spanish")),
            (scaffold.templatePath(.en), Text(es: "plantilla de email en inglés", en: "message template in English")),
            (StoreLayout.keysFolder(product: scaffold.productID) + "/", Text(
                es: "claves de licencia del producto (vacía)", en: "the product's licence keys (empty)")),
            ("README.md", Text(es: "guía de la tienda", en: "guide to the store")),
            (".gitignore", Text(es: "deja data/ fuera de git", en: "keeps data/ out of git")),
            ("\(scaffold.inbox), \(scaffold.outbox)", Text(
                es: "pedidos y mensajes del canal \(scaffold.channelName) (fuera de git)",
                en: "orders and messages of the \(scaffold.channelName) channel (outside git)")),
        ]
    }
}
