public import Foundation
import KeyshipCore
public import KeyshipCrypto

/// A small store repository in a scratch folder, with its own age identity, for tests.
///
/// Layout inside the scratch folder:
/// - `store/`: the store's work tree (a git repository once `commitAll` runs);
/// - `inbox/`, `outbox/`: the files channel `tienda`'s folders, outside the store;
/// - `remote.git`: a bare remote, after `makeRemote()`.
public final class StoreFixture: @unchecked Sendable {
    // @unchecked: tests use a fixture from one task at a time; nothing in it is shared.
    public let scratch: ScratchDirectory
    public let identity: AgeIdentity
    public let recipient: String

    public var root: URL { scratch.url("store") }
    public var inbox: URL { scratch.url("inbox") }
    public var outbox: URL { scratch.url("outbox") }
    public var remote: URL { scratch.url("remote.git") }

    /// Environment for running keyship on this store: the identity, a fixed language and a git
    /// identity, so nothing depends on the machine's settings.
    public var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["KEYSHIP_IDENTITY"] = identityText
        environment["KEYSHIP_LANG"] = "en"
        environment["KEYSHIP_STORE"] = root.path
        environment["GIT_AUTHOR_NAME"] = "Olga Operadora"
        environment["GIT_AUTHOR_EMAIL"] = "olga@example.com"
        environment["GIT_COMMITTER_NAME"] = "Olga Operadora"
        environment["GIT_COMMITTER_EMAIL"] = "olga@example.com"
        environment.removeValue(forKey: "KEYSHIP_IDENTITY_FILE")
        return environment
    }

    /// The identity as text, as KEYSHIP_IDENTITY holds it.
    public var identityText: String {
        identity.encodedSecretKey().utf8String() ?? ""
    }

    public init(_ label: String = "store", config: String? = nil) throws {
        scratch = try ScratchDirectory(label)
        identity = try AgeIdentity.generate()
        recipient = identity.recipient.encoded
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try write(StoreLayout.configFile, config ?? Self.defaultConfig(recipient: recipient, inbox: inbox.path, outbox: outbox.path))
        for (path, text) in Self.defaultCatalog { try write(path, text) }
    }

    /// The default `keyship.yaml`: warehouses MAD and BCN, a files channel `tienda` on MAD.
    public static func defaultConfig(recipient: String, inbox: String, outbox: String, extra: String = "") -> String {
        """
        seller: {name: "Licencias Prueba S.L.", tax_id: "B12345678", email: "ventas@example.com"}
        language: es
        recipients: ["\(recipient)"]
        warehouses:
          - {code: MAD, name: Madrid}
          - {code: BCN, name: Barcelona}
        channels:
          - {name: tienda, kind: files, warehouse: MAD, language: es, inbox: "\(inbox)", outbox: "\(outbox)"}
        \(extra)
        """
    }

    /// Three licence products and one physical product, all sold on `tienda`.
    public static let defaultCatalog: [(String, String)] = [
        ("catalog/office.yaml", """
            id: office
            name: "Office 2021 Pro"
            digital_license: true
            low_stock: 2
            offers: {tienda: OFFICE}
            """),
        ("catalog/windows.yaml", """
            id: windows
            name: "Windows 11 Pro"
            digital_license: true
            offers: {tienda: WIN11}
            """),
        ("catalog/antivirus.yaml", """
            id: antivirus
            name: "Antivirus 1 año"
            digital_license: true
            offers: {tienda: AV1}
            """),
        ("catalog/usb.yaml", """
            id: usb
            name: "USB de instalación"
            digital_license: false
            offers: {tienda: USB}
            """),
    ]

    /// Writes `text` to `path` inside the store.
    public func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Returns the text of `path` inside the store, or nil when it does not exist.
    public func read(_ path: String) -> String? {
        (try? Data(contentsOf: root.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// One key to put in a batch file.
    public struct Key: Sendable {
        public var id: String
        public var plaintext: String
        public var warehouse: String
        public var createdAt: String
        public var expiresOn: String?
        public var company: String

        public init(
            id: String, plaintext: String, warehouse: String = "MAD", createdAt: String = "2026-12-01T10:00:00Z",
            expiresOn: String? = nil, company: String = "Acme"
        ) {
            self.id = id
            self.plaintext = plaintext
            self.warehouse = warehouse
            self.createdAt = createdAt
            self.expiresOn = expiresOn
            self.company = company
        }
    }

    /// Writes a batch file `keys/<product>/<batch>.csv` with the keys sealed to this store's
    /// recipient.
    public func addBatch(product: String, batch: String, keys: [Key]) throws {
        let rows = try keys.map { key in
            KeyRow(
                id: key.id, createdAt: Timestamp(iso: key.createdAt)!, company: key.company,
                warehouse: key.warehouse, expiresOn: key.expiresOn.flatMap { CivilDate(iso: $0) },
                cell: try KeyCell.seal(key.plaintext, to: [identity.recipient]))
        }
        try write(StoreLayout.batchFile(product: product, batch: batch), BatchFile.encode(rows))
    }

    /// Writes an order file into the inbox of `tienda`.
    public func addOrder(
        _ id: String, state: String = "paid", createdAt: String = "2026-12-04T10:00:00Z",
        locale: String = "es_ES", email: String = "ana@example.com", lines: [(sku: String, quantity: Int)]
    ) throws {
        let lineText = lines.enumerated().map { index, line in
            #"{"line_id": "\#(index + 1)", "sku": "\#(line.sku)", "quantity": \#(line.quantity)}"#
        }.joined(separator: ", ")
        let json = #"{"order_id": "\#(id)", "created_at": "\#(createdAt)", "state": "\#(state)", "#
            + #""buyer": {"name": "Ana Compradora", "locale": "\#(locale)", "email": "\#(email)"}, "lines": [\#(lineText)]}"#
        try Data(json.utf8).write(to: inbox.appendingPathComponent(StoreLayout.fileName(forOrderID: id) + ".json"))
    }

    /// Runs git in the store with a fixed identity.
    @discardableResult
    public func git(_ arguments: [String], in folder: URL? = nil) throws -> ProcessResult {
        let result = try ProcessRunner.run(
            "git", ["-c", "user.name=Olga Operadora", "-c", "user.email=olga@example.com", "-c", "init.defaultBranch=main"]
                + arguments,
            environment: environment, currentDirectory: (folder ?? root).path)
        guard result.status == 0 else {
            throw ProcessError(description: "git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result
    }

    /// Commits everything in the work tree, creating the repository on first use.
    public func commitAll(_ message: String = "Set up the store") throws {
        if !FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) {
            try git(["init", "-q", "-b", "main"])
            try git(["config", "user.name", "Olga Operadora"])
            try git(["config", "user.email", "olga@example.com"])
        }
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", message])
    }

    /// Creates a bare remote from the store's current commits and sets it as `origin`.
    public func makeRemote() throws {
        try git(["init", "-q", "--bare", "-b", "main", remote.path], in: scratch.url)
        try git(["remote", "add", "origin", remote.path])
        try git(["push", "-q", "-u", "origin", "main"])
    }

    /// Clones the remote into `folder` (inside the scratch folder), with the test identity set.
    public func clone(to folder: String) throws -> URL {
        let target = scratch.url(folder)
        try git(["clone", "-q", remote.path, target.path], in: scratch.url)
        try git(["config", "user.name", "Olga Operadora"], in: target)
        try git(["config", "user.email", "olga@example.com"], in: target)
        return target
    }

    /// Returns the plaintext of every key cell found in `text` (single-line base64 age files).
    public func decryptCells(in text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == " " || $0 == "\"" })
            .compactMap { field in try? KeyCell.open(String(field), with: [identity]).utf8String() }
    }
}
