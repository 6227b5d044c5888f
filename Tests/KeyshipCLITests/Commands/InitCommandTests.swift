import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipStore
import KeyshipTestSupport
import Testing

@Suite struct InitCommandTests {
    let scratch: ScratchDirectory

    init() throws {
        scratch = try ScratchDirectory("init")
    }

    /// A person's git identity from the environment and a HOME inside the scratch folder, so the
    /// default identity file lands there.
    var environment: [String: String] {
        [
            "HOME": scratch.url("home").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "GIT_AUTHOR_NAME": "Olga Operadora", "GIT_AUTHOR_EMAIL": "olga@example.com",
            "GIT_COMMITTER_NAME": "Olga Operadora", "GIT_COMMITTER_EMAIL": "olga@example.com",
        ]
    }

    var root: URL { scratch.url("tienda") }
    var identityPath: String { scratch.url("home").path + "/.config/keyship/tienda-identity.txt" }

    func git(_ arguments: [String]) throws -> String {
        try ProcessRunner.run("git", arguments, environment: environment, currentDirectory: root.path).stdout
    }

    @Test func createsStoreThatLoads() async throws {
        let result = await CLIHarness.run(["init", "tienda", "--lang", "en"], environment: environment, in: scratch.url)

        #expect(result.exitCode == .success)
        #expect(result.errors == "")
        let snapshot = WorkTreeSnapshot(root: root.path)
        let files = try snapshot.files(under: "")
        #expect(files == [
            ".gitignore", "README.md", "catalog/example-licence.yaml", "keys/example-licence/.gitkeep", "keyship.yaml",
            "templates/example-licence/default.en.yaml", "templates/example-licence/default.es.yaml",
        ])
        let (definition, diagnostics) = try StoreDefinition.load(from: snapshot, files: Set(files))
        #expect(diagnostics.items.map { $0.formatted(in: .en) } == [])
        let store = try #require(definition)
        #expect(store.config.language == .en)
        #expect(store.config.channels.map(\.name) == ["shop"])
        #expect(store.catalog.product(id: "example-licence")?.digitalLicense == true)
        #expect(store.templates.keys.map(\.path).sorted() == [
            "templates/example-licence/default.en.yaml", "templates/example-licence/default.es.yaml",
        ])
        #expect(TemplateLibrary(store.templates).problems().isEmpty)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("data/shop/inbox").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("data/shop/outbox").path))

        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("| `keys/<product>/` | the stock: available licence keys, encrypted, in files of at most 1000 keys per import |"))
        #expect(readme.contains("| `data/` | orders and messages of the `shop` channel; kept out of git because it holds buyers' data |"))

        let identities = try AgeIdentity.parseIdentities(String(contentsOfFile: identityPath, encoding: .utf8))
        #expect(store.config.recipients == identities.map(\.recipient.encoded))
    }

    @Test func identityIsPrivateAndOutsideTheStore() async throws {
        let result = await CLIHarness.run(["init", "tienda", "--lang", "en"], environment: environment, in: scratch.url)

        #expect(result.exitCode == .success)
        let file = try FileManager.default.attributesOfItem(atPath: identityPath)
        let folder = try FileManager.default.attributesOfItem(atPath: scratch.url("home/.config/keyship").path)
        #expect((file[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(!identityPath.hasPrefix(root.path + "/"))
        let text = try String(contentsOfFile: identityPath, encoding: .utf8)
        #expect(text.hasPrefix("# created: 2026-12-04T12:00:00Z\n# public key: age1"))
        #expect(!result.output.contains("AGE-SECRET-KEY"))
    }

    @Test func oneCommitByThePerson() async throws {
        _ = await CLIHarness.run(["init", "tienda", "--lang", "en"], environment: environment, in: scratch.url)

        #expect(try git(["rev-list", "--count", "HEAD"]) == "1\n")
        #expect(try git(["log", "--format=%an <%ae>|%cn <%ce>|%s"]) == "Olga Operadora <olga@example.com>|Olga Operadora <olga@example.com>|Create the keyship store\n")
        #expect(try git(["symbolic-ref", "--short", "HEAD"]) == "main\n")
        #expect(try git(["status", "--porcelain"]) == "")
        #expect(try git(["check-ignore", "data/shop/outbox/T-1001.eml"]) == "data/shop/outbox/T-1001.eml\n")
    }

    @Test func printsWhatWasCreatedInEnglish() async throws {
        let result = await CLIHarness.run(["init", "tienda", "--lang", "en"], environment: environment, in: scratch.url)

        let commit = try git(["rev-parse", "--short=7", "HEAD"]).trimmingWhitespace
        #expect(result.output == """
            Store created in \(root.path) (branch main, commit \(commit) by Olga Operadora <olga@example.com>):
              keyship.yaml                               settings: seller details, warehouses and sales channels
              catalog/example-licence.yaml               example product
              templates/example-licence/default.es.yaml  message template in Spanish
              templates/example-licence/default.en.yaml  message template in English
              keys/example-licence/                      the product's licence keys (empty)
              README.md                                  guide to the store
              .gitignore                                 keeps data/ out of git
              data/shop/inbox, data/shop/outbox          orders and messages of the shop channel (outside git)
            age identity created in \(identityPath) (mode 0600), outside the store; its recipient is in recipients in keyship.yaml.

            Next steps, in \(root.path):
              1. Put the seller's details (seller) in keyship.yaml and review the warehouses and sales channels.
              2. Keep a copy of the identity somewhere safe and give it to CI as a secret
                 (KEYSHIP_IDENTITY_FILE or KEYSHIP_IDENTITY): without it nobody can read the keys.
              3. Add licence keys: keyship keys import --product example-licence --commit keys.csv
              4. Check the store: keyship check
              5. Push the repository to your git server and schedule keyship fulfil in CI.

            """)
    }

    @Test func spanishStoreAndMessages() async throws {
        let result = await CLIHarness.run(["init", "--lang", "es"], environment: environment, in: try makeFolder("tienda"))

        #expect(result.exitCode == .success)
        #expect(result.output.hasPrefix("Tienda creada en \(root.path) (rama main, commit "))
        #expect(result.output.contains("""
              catalog/licencia-ejemplo.yaml               producto de ejemplo
              templates/licencia-ejemplo/default.es.yaml  plantilla de email en español
            """))
        #expect(result.output.contains("""
            Identidad age creada en \(identityPath) (permisos 0600), fuera de la tienda; su destinatario está en recipients de keyship.yaml.

            Próximos pasos, en \(root.path):
              1. Pon los datos del vendedor (seller) en keyship.yaml y revisa los almacenes y los canales de venta.
            """))
        let snapshot = WorkTreeSnapshot(root: root.path)
        let (definition, diagnostics) = try StoreDefinition.load(from: snapshot, files: Set(try snapshot.files(under: "")))
        #expect(diagnostics.isEmpty)
        #expect(definition?.config.language == .es)
        #expect(definition?.catalog.product(id: "licencia-ejemplo") != nil)
        #expect(try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8).hasPrefix("# Tienda keyship\n"))
    }

    /// Each template is wholly in its own language, comments included, whatever the operator's
    /// language, and the product has no instructions text that would go into both.
    @Test(arguments: [("es", "licencia-ejemplo"), ("en", "example-licence")])
    func templatesKeepToTheirLanguage(language: String, product: String) async throws {
        let result = await CLIHarness.run(["init", "tienda", "--lang", language], environment: environment, in: scratch.url)
        #expect(result.exitCode == .success)

        let spanish = try String(contentsOf: root.appendingPathComponent("templates/\(product)/default.es.yaml"), encoding: .utf8)
        let english = try String(contentsOf: root.appendingPathComponent("templates/\(product)/default.en.yaml"), encoding: .utf8)
        #expect(spanish.hasPrefix("# Plantilla de email de \(product) para todos los canales de venta."))
        #expect(english.hasPrefix("# Message template of \(product) for every sales channel."))
        for english in ["Message", "Placeholders", "Hello", "Thank", "customer", "activate"] {
            #expect(!spanish.contains(english), "\(english) in the Spanish template")
        }
        for spanish in ["Plantilla", "Marcadores", "Hola", "Gracias", "cliente", "activar", "licencia de"] {
            #expect(!english.contains(spanish), "\(spanish) in the English template")
        }
        let catalog = try String(contentsOf: root.appendingPathComponent("catalog/\(product).yaml"), encoding: .utf8)
        #expect(!catalog.split(separator: "\n").contains { $0.hasPrefix("instructions:") })
    }

    /// Seller names often end in a period ("S.L."), so no template may put one right after the name.
    @Test(arguments: ["es", "en"])
    func noPeriodAfterSellerName(language: String) async throws {
        let result = await CLIHarness.run(["init", "tienda", "--lang", language], environment: environment, in: scratch.url)
        #expect(result.exitCode == .success)

        let snapshot = WorkTreeSnapshot(root: root.path)
        let templates = try snapshot.files(under: "templates")
        #expect(templates.count == 2)
        for path in templates {
            let text = String(decoding: try #require(try snapshot.read(path)), as: UTF8.self)
            #expect(!text.contains("{{seller_name}}."), "\(path)")
        }
    }

    /// The messages a buyer of the example product gets from a store made in Spanish, in the
    /// buyer's language, rendered by `templates preview`.
    @Test(arguments: [
        ("en", """
            Subject: Your licence keys for order SAMPLE-0001

            Hello Sample Buyer,

            Thank you for your purchase. Here are your licence keys for Antivirus Demo 2026 (2):

            XXXXX-XXXXX-XXXXX-XXXXX-XXXX1
            XXXXX-XXXXX-XXXXX-XXXXX-XXXX2

            To activate the licence, open the program, go to Help > Activate licence and enter the key.

            If you have any trouble with the activation, reply to this message with the order number SAMPLE-0001.

            Kind regards,
            Mi Empresa S.L.

            """),
        ("es", """
            Subject: Tus claves de licencia del pedido SAMPLE-0001

            Hola Cliente de Ejemplo:

            Gracias por tu compra. Estas son tus claves de licencia de Antivirus Demo 2026 (2):

            XXXXX-XXXXX-XXXXX-XXXXX-XXXX1
            XXXXX-XXXXX-XXXXX-XXXXX-XXXX2

            Para activar la licencia, abre el programa, ve a Ayuda > Activar licencia e introduce la clave.

            Si tienes algún problema con la activación, responde a este mensaje indicando el pedido SAMPLE-0001.

            Un saludo,
            Mi Empresa S.L.

            """),
    ])
    func buyerMessagesInOneLanguage(buyerLanguage: String, message: String) async throws {
        _ = await CLIHarness.run(["init", "tienda", "--lang", "es"], environment: environment, in: scratch.url)

        let result = await CLIHarness.run(
            ["templates", "preview", "licencia-ejemplo", "--buyer-lang", buyerLanguage, "--lang", "en"],
            environment: environment, in: root)

        #expect(result.exitCode == .success)
        #expect(result.errors == "")
        #expect(result.output == """
            Template: licencia-ejemplo: templates/licencia-ejemplo/default.\(buyerLanguage).yaml (buyer language \(buyerLanguage))

            """ + message)
    }

    @Test(arguments: [
        ("es", "keyship check: todo correcto (7 ficheros, 0 claves en stock, 0 vendidas)\n"),
        ("en", "keyship check: no problems found (7 files, 0 keys in stock, 0 sold)\n"),
    ])
    func newStorePassesCheck(language: String, summary: String) async throws {
        _ = await CLIHarness.run(["init", "tienda", "--lang", language], environment: environment, in: scratch.url)

        let result = await CLIHarness.run(["check"], environment: environment, in: root)

        #expect(result.exitCode == .success)
        #expect(result.output == summary)
    }

    @Test func refusesFolderWithFiles() async throws {
        try scratch.write("tienda/notas.txt", "mis notas")
        try scratch.write("tienda/.git/HEAD", "ref: refs/heads/main\n")

        let english = await CLIHarness.run(["init", "tienda", "--lang", "en"], environment: environment, in: scratch.url)
        let spanish = await CLIHarness.run(["init", "tienda", "--lang", "es"], environment: environment, in: scratch.url)

        #expect(english.exitCode == .failure)
        #expect(english.errors == "error: the folder \(root.path) is not empty (notas.txt); give a new or empty folder\n")
        #expect(spanish.errors == "error: la carpeta \(root.path) no está vacía (notas.txt); indica una carpeta nueva o vacía\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == [".git", "notas.txt"])
        #expect(!FileManager.default.fileExists(atPath: scratch.url("home").path))
    }

    @Test func refusesExistingStore() async throws {
        try scratch.write("tienda/keyship.yaml", "language: es\n")

        let result = await CLIHarness.run(["init", "tienda", "--lang", "es"], environment: environment, in: scratch.url)

        #expect(result.exitCode == .failure)
        #expect(result.errors == "error: \(root.path) ya es una tienda (tiene keyship.yaml); keyship init no la sobrescribe\n")
    }

    @Test func neverOverwritesAnIdentity() async throws {
        try scratch.write("home/.config/keyship/tienda-identity.txt", "existing")

        let result = await CLIHarness.run(["init", "tienda", "--lang", "en"], environment: environment, in: scratch.url)

        #expect(result.exitCode == .failure)
        #expect(result.errors == "error: \(identityPath) already exists; keyship never overwrites identities, choose another name\n")
        #expect(try String(contentsOfFile: identityPath, encoding: .utf8) == "existing")
        #expect(!FileManager.default.fileExists(atPath: root.path))
    }

    @Test func refusesIdentityInsideTheStore() async throws {
        let result = await CLIHarness.run(
            ["init", "tienda", "--identity", "tienda/id.txt", "--lang", "en"], environment: environment, in: scratch.url)

        #expect(result.exitCode == .failure)
        #expect(result.errors == "error: the identity \(root.path)/id.txt would be inside the store and end up in git; choose a file outside it\n")
        #expect(!FileManager.default.fileExists(atPath: root.path))
    }

    @Test func usesAnEmptyClone() async throws {
        _ = try makeFolder("tienda")
        _ = try git(["init", "-q", "-b", "trunk"])

        let result = await CLIHarness.run(
            ["init", "tienda", "--identity", "ids/tienda.txt", "--lang", "en"], environment: environment, in: scratch.url)

        #expect(result.exitCode == .success)
        #expect(try git(["log", "--format=%s", "trunk"]) == "Create the keyship store\n")
        #expect(FileManager.default.fileExists(atPath: scratch.url("ids/tienda.txt").path))
    }

    @Test func importWithTheNewIdentity() async throws {
        _ = await CLIHarness.run(["init", "tienda", "--lang", "en"], environment: environment, in: scratch.url)
        try scratch.write("keys.csv", "key,company,warehouse\nNEW-KEY-1,Acme,MAD\n")
        var environment = environment
        environment["KEYSHIP_IDENTITY_FILE"] = identityPath
        environment["KEYSHIP_STORE"] = root.path

        let first = await CLIHarness.run(
            ["keys", "import", "--product", "example-licence", "--commit", "keys.csv"], environment: environment,
            in: scratch.url)
        let again = await CLIHarness.run(
            ["keys", "import", "--product", "example-licence", "keys.csv"], environment: environment, in: scratch.url)

        #expect(first.exitCode == .success)
        #expect(first.errors == "")
        #expect(again.exitCode == .failure)
        #expect(again.errors.contains("keys.csv:2: the licence key is already in stock as "))
        #expect(try git(["rev-list", "--count", "HEAD"]) == "2\n")
    }

    @Test func noGitIdentityWritesNothing() throws {
        let binary = URL(fileURLWithPath: try KeyshipBinary.path())
        try FileManager.default.createDirectory(at: scratch.url("home"), withIntermediateDirectories: true)
        let environment = [
            "HOME": scratch.url("home").path, "XDG_CONFIG_HOME": scratch.url("home/.config").path,
            "PATH": "/usr/bin:/bin", "KEYSHIP_LANG": "en",
        ]

        let result = try ProcessRunner.run(
            binary.path, ["init", "tienda"], environment: environment, currentDirectory: scratch.path)

        #expect(result.status == 1)
        #expect(result.stderr == "error: git has no user.name, and the store's first commit must carry your name; run git config --global user.name \"...\" and try again (nothing was written)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["home"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url("home").path) == [])
    }

    private func makeFolder(_ name: String) throws -> URL {
        let url = scratch.url(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
