import Foundation
public import KeyshipCore

/// Applies `StoreChanges` to the files of a work tree, for commands run without `--commit`.
public enum WorkTreeWriter {
    /// Writes and deletes the changed files under `root`. Each file is replaced atomically
    /// (written beside it, then renamed), so a reader never sees half a batch file.
    public static func apply(_ changes: StoreChanges, root: String) throws(WorkTreeWriteError) {
        let rootURL = URL(fileURLWithPath: root, isDirectory: true)
        for path in changes.paths {
            let url = rootURL.appendingPathComponent(path)
            do {
                if let bytes = changes.writes[path] {
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(bytes).write(to: url, options: .atomic)
                } else if FileManager.default.fileExists(atPath: url.path) {
                    try FileManager.default.removeItem(at: url)
                }
            } catch {
                throw .failed(path: path, reason: error.localizedDescription)
            }
        }
    }
}

public enum WorkTreeWriteError: KeyshipError, Equatable {
    case failed(path: String, reason: String)

    public func text(in language: Language) -> String {
        switch self {
        case .failed(let path, let reason):
            language.pick(
                es: "no se puede escribir \(path) (\(reason)); revisa los permisos de la carpeta",
                en: "cannot write \(path) (\(reason)); check the folder's permissions")
        }
    }
}
