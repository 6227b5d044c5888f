import Glibc
import KeyshipCore
import KeyshipCrypto

/// Writes files that hold secrets: created new (never overwriting), readable by the owner only.
enum PrivateFile {
    /// Creates `path` with mode 0600 and writes `contents`; fails if the file exists.
    static func create(_ path: String, contents: SecretBytes) throws(PrivateFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            throw code == EEXIST ? .exists(path) : .cannotCreate(path, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        let failure: Int32? = contents.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        if let failure {
            unlink(path)
            throw .cannotCreate(path, reason: String(cString: strerror(failure)))
        }
    }
}

enum PrivateFileError: KeyshipError, Equatable {
    case exists(String)
    case cannotCreate(String, reason: String)

    func text(in language: Language) -> String {
        switch self {
        case .exists(let path):
            language.pick(
                es: "\(path) ya existe; keyship no sobrescribe identidades, elige otro nombre",
                en: "\(path) already exists; keyship never overwrites identities, choose another name")
        case .cannotCreate(let path, let reason):
            language.pick(
                es: "no se puede crear \(path) (\(reason))",
                en: "cannot create \(path) (\(reason))")
        }
    }
}
