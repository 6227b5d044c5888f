import Foundation
import Glibc
import KeyshipCore
import KeyshipGit

/// The places `keyship init` writes to, checked before anything is written: the store folder
/// (missing, empty, or containing only an empty git repository) and the identity file outside it.
struct InitTarget {
    var root: String
    var identityPath: String
    /// The repository already in the folder, such as an empty clone; nil when init creates it.
    var existingRepository: Repository?
    /// True when the folder did not exist and init creates it.
    var createsRoot: Bool

    /// The store folder's name, used in the default identity file name.
    var storeName: String { URL(fileURLWithPath: root).lastPathComponent }

    init(_ arguments: ParsedArguments, context: CommandContext) throws {
        root = context.absolutePath(arguments.positionals.first ?? ".")
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory)
        guard !exists || isDirectory.boolValue else { throw InitError.notAFolder(root) }
        createsRoot = !exists

        let entries = exists ? ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []) : []
        if entries.contains("keyship.yaml") { throw InitError.alreadyAStore(root) }
        let others = entries.filter { $0 != ".git" }.sorted()
        guard others.isEmpty else { throw InitError.folderNotEmpty(root, entries: others) }
        if entries.contains(".git") {
            let repository = try Repository.open(at: root, searchingParents: false)
            guard try repository.referenceTarget("HEAD") == nil else { throw InitError.repositoryHasCommits(root) }
            existingRepository = repository
        }

        let storeName = URL(fileURLWithPath: root).lastPathComponent
        if let given = arguments.value("identity") {
            identityPath = context.absolutePath(given)
        } else {
            guard let home = context.environment["HOME"], !home.isEmpty else { throw InitError.noHome }
            identityPath = context.absolutePath(home + "/.config/keyship/\(storeName)-identity.txt")
        }
        guard !identityPath.hasPrefix(root + "/") else { throw InitError.identityInsideStore(identityPath) }
        guard !FileManager.default.fileExists(atPath: identityPath) else {
            throw PrivateFileError.exists(identityPath)
        }
    }

    /// Returns the signature of the first commit, read from git's settings before anything is written.
    func author(at time: Timestamp, environment: [String: String]) throws -> Signature {
        do {
            if let existingRepository {
                return try existingRepository.signature(for: .author, at: time, environment: environment)
            }
            return try Repository.defaultSignature(for: .author, at: time, environment: environment)
        } catch .identityNotConfigured(let key) {
            throw InitError.noGitIdentity(key: key)
        }
    }

    /// Creates the identity file's missing folders, readable by the owner only.
    func createIdentityFolder() throws {
        var missing: [String] = []
        var folder = URL(fileURLWithPath: identityPath).deletingLastPathComponent().path
        while !FileManager.default.fileExists(atPath: folder) && folder != "/" {
            missing.insert(folder, at: 0)
            folder = URL(fileURLWithPath: folder).deletingLastPathComponent().path
        }
        for path in missing where mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw PrivateFileError.cannotCreate(path, reason: String(cString: strerror(errno)))
        }
    }

    /// Removes what init wrote after a failure: the identity file and every entry of the store
    /// folder except a repository that was there before.
    func rollBack() {
        try? FileManager.default.removeItem(atPath: identityPath)
        if createsRoot {
            try? FileManager.default.removeItem(atPath: root)
            return
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for entry in entries where !(entry == ".git" && existingRepository != nil) {
            try? FileManager.default.removeItem(atPath: root + "/" + entry)
        }
    }
}

enum InitError: KeyshipError, Equatable {
    case notAFolder(String)
    case alreadyAStore(String)
    case folderNotEmpty(String, entries: [String])
    case repositoryHasCommits(String)
    case noHome
    case identityInsideStore(String)
    case noGitIdentity(key: String)

    func text(in language: Language) -> String {
        switch self {
        case .notAFolder(let path):
            return language.pick(
                es: "\(path) es un fichero, no una carpeta; indica una carpeta nueva o vacía",
                en: "\(path) is a file, not a folder; give a new or empty folder")
        case .alreadyAStore(let path):
            return language.pick(
                es: "\(path) ya es una tienda (tiene keyship.yaml); keyship init no la sobrescribe",
                en: "\(path) is already a store (it has keyship.yaml); keyship init does not overwrite it")
        case .folderNotEmpty(let path, let entries):
            let listed = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", ..." : "")
            return language.pick(
                es: "la carpeta \(path) no está vacía (\(listed)); indica una carpeta nueva o vacía",
                en: "the folder \(path) is not empty (\(listed)); give a new or empty folder")
        case .repositoryHasCommits(let path):
            return language.pick(
                es: "el repositorio git de \(path) ya tiene commits; keyship init necesita un repositorio vacío o ninguno",
                en: "the git repository in \(path) already has commits; keyship init needs an empty repository or none")
        case .noHome:
            return language.pick(
                es: "HOME no está definida, así que no hay carpeta por defecto para la identidad; indícala con --identity FICHERO",
                en: "HOME is not set, so there is no default folder for the identity; give one with --identity FILE")
        case .identityInsideStore(let path):
            return language.pick(
                es: "la identidad \(path) quedaría dentro de la tienda y acabaría en git; elige un fichero fuera de ella",
                en: "the identity \(path) would be inside the store and end up in git; choose a file outside it")
        case .noGitIdentity(let key):
            return language.pick(
                es: "git no tiene \(key), y el primer commit de la tienda debe llevar tu nombre; ejecuta git config --global \(key) \"...\" y vuelve a intentarlo (no se ha escrito nada)",
                en: "git has no \(key), and the store's first commit must carry your name; run git config --global \(key) \"...\" and try again (nothing was written)")
        }
    }
}
