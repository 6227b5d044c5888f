public import KeyshipCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the age identities that open key cells from the environment, never from the store.
///
/// `KEYSHIP_IDENTITY` contains the identity text itself (one or more lines as `age-keygen` writes
/// them); `KEYSHIP_IDENTITY_FILE` names a file with that text. Setting both is an error, so
/// that a job never opens cells with a different identity than the operator meant.
public enum IdentityLoader {
    public static let identityVariable = "KEYSHIP_IDENTITY"
    public static let identityFileVariable = "KEYSHIP_IDENTITY_FILE"
    /// Identity files above this size are rejected; one identity line takes 74 bytes.
    public static let maximumFileSize = 64 * 1024

    /// Returns the identities configured in `environment`, or nil when neither variable is set.
    ///
    /// An empty variable counts as unset, because CI systems expand a missing secret to an
    /// empty string. A set variable without any identity is an error.
    public static func load(environment: [String: String]) throws(IdentityLoadError) -> [AgeIdentity]? {
        let inline = environment[identityVariable].flatMap { $0.isEmpty ? nil : $0 }
        let path = environment[identityFileVariable].flatMap { $0.isEmpty ? nil : $0 }

        switch (inline, path) {
        case (.some, .some):
            throw .bothVariablesSet
        case (.some(let text), nil):
            var utf8 = Array(text.utf8)
            defer { Sodium.wipe(&utf8) }
            return try unsafe utf8.withUnsafeBytesTyped { bytes throws(IdentityLoadError) in
                try unsafe parse(bytes, source: .environment)
            }
        case (nil, .some(let path)):
            let contents = try readFile(path)
            return try unsafe contents.withUnsafeBytes { bytes throws(IdentityLoadError) in
                try unsafe parse(bytes, source: .file(path: path))
            }
        case (nil, nil):
            return nil
        }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, source: IdentitySource) throws(IdentityLoadError) -> [AgeIdentity] {
        let identities: [AgeIdentity]
        do {
            identities = try unsafe AgeIdentity.parseIdentities(bytes: bytes)
        } catch .invalidIdentity(let line, let problem) {
            throw .invalidIdentity(source: source, line: line ?? 1, problem: problem)
        } catch {
            throw .cryptoLibraryUnavailable
        }
        guard !identities.isEmpty else { throw .noIdentity(source: source) }
        return identities
    }

    /// Reads a whole identity file into wiped-on-release memory, without Foundation buffers.
    private static func readFile(_ path: String) throws(IdentityLoadError) -> SecretBytes {
        let descriptor = unsafe open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadableFile(path: path, problem: FileProblem(errno: errno)) }
        defer { close(descriptor) }

        // Reading one byte more than the limit separates an over-long file from one exactly at it.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: maximumFileSize + 1, alignment: 1)
        defer {
            unsafe Sodium.wipe(buffer)
            unsafe buffer.deallocate()
        }
        var total = 0
        while total < buffer.count {
            let count = unsafe read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, problem: FileProblem(errno: errno))
            }
            total += count
        }
        guard total <= maximumFileSize else {
            throw .unreadableFile(path: path, problem: .tooLarge(limit: maximumFileSize))
        }
        return unsafe SecretBytes(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<total]))
    }
}

/// The origin of identity text, named in error messages.
public enum IdentitySource: Sendable, Equatable {
    /// The `KEYSHIP_IDENTITY` variable.
    case environment
    /// The file named by `KEYSHIP_IDENTITY_FILE`.
    case file(path: String)

    func text(in language: Language) -> String {
        switch self {
        case .environment:
            language.pick(es: "la variable KEYSHIP_IDENTITY", en: "the variable KEYSHIP_IDENTITY")
        case .file(let path):
            language.pick(
                es: "el fichero \(path) (indicado por KEYSHIP_IDENTITY_FILE)",
                en: "the file \(path) (named by KEYSHIP_IDENTITY_FILE)")
        }
    }
}

/// The reason an identity file could not be read.
public enum FileProblem: Sendable, Equatable {
    case notFound
    case permissionDenied
    case isDirectory
    case tooLarge(limit: Int)
    /// Another system error, with its errno value and the C library's English description.
    case other(code: Int32, description: String)

    init(errno code: Int32) {
        switch code {
        case ENOENT: self = .notFound
        case EACCES, EPERM: self = .permissionDenied
        case EISDIR: self = .isDirectory
        default: self = .other(code: code, description: unsafe String(cString: strerror(code)))
        }
    }

    func text(in language: Language) -> String {
        switch self {
        case .notFound: language.pick(es: "no existe", en: "it does not exist")
        case .permissionDenied: language.pick(es: "permiso denegado", en: "permission denied")
        case .isDirectory: language.pick(es: "es una carpeta", en: "it is a directory")
        case .tooLarge(let limit):
            language.pick(
                es: "ocupa más de \(limit) bytes, demasiado para un fichero de identidades",
                en: "it is larger than \(limit) bytes, too large for an identity file")
        case .other(let code, let description):
            language.pick(es: "error del sistema \(code) (\(description))", en: "system error \(code) (\(description))")
        }
    }
}

/// A failure to load identities from the environment, with texts for the operator.
public enum IdentityLoadError: KeyshipError, Equatable {
    /// Both `KEYSHIP_IDENTITY` and `KEYSHIP_IDENTITY_FILE` are set.
    case bothVariablesSet
    /// The file named by `KEYSHIP_IDENTITY_FILE` could not be read.
    case unreadableFile(path: String, problem: FileProblem)
    /// The source contains only comments and blank lines.
    case noIdentity(source: IdentitySource)
    /// A line of the source is not an X25519 identity; the line itself is never repeated.
    case invalidIdentity(source: IdentitySource, line: Int, problem: AgeError.IdentityProblem)
    /// libsodium could not initialise, which happens only without a secure random source.
    case cryptoLibraryUnavailable

    public func text(in language: Language) -> String {
        switch self {
        case .bothVariablesSet:
            language.pick(
                es: "KEYSHIP_IDENTITY y KEYSHIP_IDENTITY_FILE están definidas a la vez. Define solo una de las dos.",
                en: "Both KEYSHIP_IDENTITY and KEYSHIP_IDENTITY_FILE are set. Set only one of them.")
        case .unreadableFile(let path, let problem):
            language.pick(
                es: "No se puede leer el fichero de identidades \(path) (indicado por KEYSHIP_IDENTITY_FILE): "
                    + "\(problem.text(in: language)). Comprueba la ruta y los permisos del fichero.",
                en: "Cannot read the identity file \(path) (named by KEYSHIP_IDENTITY_FILE): "
                    + "\(problem.text(in: language)). Check the path and the file's permissions.")
        case .noIdentity(let source):
            language.pick(
                es: "\(Self.capitalized(source.text(in: language))) no contiene ninguna identidad age, solo comentarios "
                    + "o líneas vacías. Añade la línea AGE-SECRET-KEY-1... que escribió keyship keygen o age-keygen.",
                en: "\(Self.capitalized(source.text(in: language))) contains no age identity, only comments or blank "
                    + "lines. Add the AGE-SECRET-KEY-1... line written by keyship keygen or age-keygen.")
        case .invalidIdentity(let source, let line, let problem):
            language.pick(
                es: "La línea \(line) de \(source.text(in: language)) no es una identidad age válida: "
                    + "\(problem.text(in: language)). Usa la línea AGE-SECRET-KEY-1... que escribió keyship keygen o age-keygen.",
                en: "Line \(line) of \(source.text(in: language)) is not a valid age identity: "
                    + "\(problem.text(in: language)). Use the AGE-SECRET-KEY-1... line written by keyship keygen or age-keygen.")
        case .cryptoLibraryUnavailable:
            AgeError.cryptoLibraryUnavailable.text(in: language)
        }
    }

    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
