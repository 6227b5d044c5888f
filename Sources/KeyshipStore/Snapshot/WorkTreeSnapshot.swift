import Foundation
public import KeyshipCore

/// The store as files on disk, for commands people run in their checkout (`check`, `keys
/// import`), where uncommitted changes count.
public struct WorkTreeSnapshot: StoreSnapshot {
    let root: URL

    public init(root: String) {
        self.root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
    }

    public var label: String { root.path }

    public func read(_ path: String) throws -> [UInt8]? {
        let url = root.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw StoreReadError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    public func entries(in folder: String) throws -> [SnapshotEntry] {
        let url = folder.isEmpty ? root : root.appendingPathComponent(folder, isDirectory: true)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        var entries: [SnapshotEntry] = []
        for name in names.sorted() where name != ".git" {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            else { continue }
            entries.append(SnapshotEntry(name: name, kind: isDirectory.boolValue ? .folder : .file))
        }
        return entries
    }
}

/// A store file that exists but cannot be read.
public enum StoreReadError: KeyshipError, Equatable {
    case unreadable(path: String, reason: String)

    public func text(in language: Language) -> String {
        switch self {
        case .unreadable(let path, let reason):
            language.pick(
                es: "no se puede leer \(path) (\(reason)); revisa los permisos del fichero",
                en: "cannot read \(path) (\(reason)); check the file's permissions")
        }
    }
}
