public import KeyshipCore

/// A failure of a git operation on the store repository, in words an operator can act on.
///
/// Messages never contain credentials: remote URLs are shown without their user-info part, and
/// texts that come from libgit2 during network operations pass through `Redactor` first.
public enum GitError: KeyshipError, Equatable {
    /// No repository was found at `path` or in any folder above it.
    case notARepository(path: String)
    /// The repository belongs to another user and is not listed in `safe.directory`.
    case untrustedOwner(path: String)
    /// The operation needs a work tree, but the repository at `path` is bare.
    case noWorkTree(path: String)
    /// A revision, path, object, reference or remote does not exist.
    case notFound(Missing)
    /// A compare-and-swap reference update found the reference at another commit.
    ///
    /// A nil `expected` means the reference was expected not to exist, a nil `actual` that it
    /// does not exist.
    case referenceMoved(reference: String, expected: ObjectID?, actual: ObjectID?)
    /// The remote refused to update `reference`, with the reason it gave (`non-fast-forward`,
    /// or a hook's message).
    case pushRejected(reference: String, reason: String)
    /// The remote at `url` could not be reached or the transfer broke off.
    case network(url: String, message: String)
    /// The remote at `url` did not accept any of the credentials keyship could offer.
    case authenticationFailed(url: String)
    /// git has no value for `key` (`user.name` or `user.email`), so no commit identity exists.
    case identityNotConfigured(key: String)
    /// A checkout would overwrite local changes to `paths`, so it changed nothing.
    case localChanges(paths: [String])
    /// Any other libgit2 failure, with its return code, error class and message.
    case other(code: Int32, errorClass: String, message: String)

    /// What could not be found.
    public enum Missing: Sendable, Equatable {
        case revision(String)
        case path(String, in: ObjectID)
        case object(ObjectID)
        case reference(String)
        case remote(String)
    }

    public var exitCode: ExitCode {
        switch self {
        case .pushRejected, .network, .authenticationFailed: .unavailable
        default: .failure
        }
    }

    public func text(in language: Language) -> String {
        switch self {
        case .notARepository(let path):
            language.pick(
                es: "No hay ningún repositorio git en \(path). Indica la carpeta del repositorio de la tienda, o clónalo antes con «git clone».",
                en: "No git repository was found at \(path). Give the folder of the store repository, or clone it first with `git clone`.")
        case .untrustedOwner(let path):
            language.pick(
                es: "git no confía en el repositorio \(path) porque pertenece a otro usuario. Si es de confianza, ejecuta «git config --global --add safe.directory \(path)».",
                en: "git does not trust the repository at \(path) because another user owns it. If you trust it, run `git config --global --add safe.directory \(path)`.")
        case .noWorkTree(let path):
            language.pick(
                es: "El repositorio \(path) no tiene copia de trabajo (es un repositorio bare). Usa un clon con copia de trabajo para esta operación.",
                en: "The repository at \(path) has no work tree because it is bare. Use a clone with a work tree for this operation.")
        case .notFound(let missing):
            missing.text(in: language)
        case .referenceMoved(let reference, let expected, let actual):
            language.pick(
                es: "La referencia \(reference) ha cambiado: se esperaba \(Self.describe(expected, language)) y se encontró \(Self.describe(actual, language)). Otra ejecución o persona la ha actualizado; descarga el remoto (fetch), vuelve a planificar y reintenta.",
                en: "Reference \(reference) moved: expected \(Self.describe(expected, language)), found \(Self.describe(actual, language)). Another run or person updated it; fetch, plan again and retry.")
        case .pushRejected(let reference, let reason):
            language.pick(
                es: "El remoto rechazó el push de \(reference): \(reason). Si otra ejecución subió cambios antes, descarga el remoto (fetch), vuelve a planificar y reintenta.",
                en: "The remote rejected the push to \(reference): \(reason). If another run pushed first, fetch, plan again and retry.")
        case .network(let url, let message):
            language.pick(
                es: "No se pudo comunicar con el remoto \(url): \(message). Comprueba la URL y la red, y vuelve a intentarlo.",
                en: "Could not talk to the remote \(url): \(message). Check the URL and the network, then retry.")
        case .authenticationFailed(let url):
            language.pick(
                es: "El remoto \(url) rechazó la autenticación. Para HTTPS define KEYSHIP_GIT_TOKEN (o KEYSHIP_GIT_USERNAME y KEYSHIP_GIT_PASSWORD); para SSH carga una clave en ssh-agent.",
                en: "The remote \(url) rejected the authentication. For HTTPS set KEYSHIP_GIT_TOKEN (or KEYSHIP_GIT_USERNAME and KEYSHIP_GIT_PASSWORD); for SSH load a key into ssh-agent.")
        case .identityNotConfigured(let key):
            language.pick(
                es: "git no tiene valor para \(key), así que no hay identidad para el commit. Ejecuta «git config \(key) …» en el repositorio de la tienda.",
                en: "git has no value for \(key), so there is no identity for the commit. Run `git config \(key) …` in the store repository.")
        case .localChanges(let paths):
            language.pick(
                es: "La copia de trabajo tiene cambios locales que la actualización sobrescribiría: \(paths.joined(separator: ", ")). No se ha cambiado nada; haz commit de esos cambios o guárdalos con «git stash» y vuelve a ejecutar.",
                en: "The work tree has local changes that the update would overwrite: \(paths.joined(separator: ", ")). Nothing was changed; commit or stash those changes and run again.")
        case .other(let code, let errorClass, let message):
            language.pick(
                es: "Falló una operación de git (libgit2, clase \(errorClass), código \(code)): \(message)",
                en: "A git operation failed (libgit2, class \(errorClass), code \(code)): \(message)")
        }
    }

    private static func describe(_ id: ObjectID?, _ language: Language) -> String {
        guard let id else { return language.pick(es: "ninguna", en: "no reference") }
        return id.shortHex
    }
}

extension GitError.Missing: LocalizedMessage {
    public func text(in language: Language) -> String {
        switch self {
        case .revision(let revision):
            language.pick(
                es: "La revisión \(revision) no existe en el repositorio. Comprueba el nombre de la rama o el identificador del commit, o descarga el remoto (fetch).",
                en: "Revision \(revision) was not found in the repository. Check the branch name or commit id, or fetch from the remote.")
        case .path(let path, let commit):
            language.pick(
                es: "La ruta \(path) no existe en \(commit.shortHex). Comprueba la ruta.",
                en: "Path \(path) was not found in \(commit.shortHex). Check the path.")
        case .object(let id):
            language.pick(
                es: "El objeto \(id.hex) no existe en el repositorio. Descarga el remoto (fetch) o comprueba el identificador.",
                en: "Object \(id.hex) was not found in the repository. Fetch from the remote, or check the id.")
        case .reference(let name):
            language.pick(
                es: "La referencia \(name) no existe. Comprueba el nombre de la rama.",
                en: "Reference \(name) was not found. Check the branch name.")
        case .remote(let name):
            language.pick(
                es: "El remoto \(name) no está configurado. Añádelo con «git remote add \(name) URL» o indica una URL.",
                en: "Remote \(name) is not configured. Add it with `git remote add \(name) URL`, or give a URL.")
        }
    }
}
