import KeyshipCore

/// A read-only view of a store's files at one point: a git commit, or a folder on disk.
///
/// Paths are relative to the store root and use `/`. Implementations read lazily, so a run
/// touches only the files it needs.
public protocol StoreSnapshot {
    /// Returns the file's bytes, or nil when there is no file at `path`.
    func read(_ path: String) throws -> [UInt8]?

    /// Returns the direct children of `folder` (`""` for the root), sorted by name; empty when
    /// the folder does not exist.
    func entries(in folder: String) throws -> [SnapshotEntry]

    /// A short human-readable name of the snapshot, such as a commit id or a folder.
    var label: String { get }
}

public struct SnapshotEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case file
        case folder
    }

    public var name: String
    public var kind: Kind
    /// The git blob id of a file, when the snapshot is a commit; it lets readers cache what
    /// they parsed from identical content.
    public var contentID: String?

    public init(name: String, kind: Kind, contentID: String? = nil) {
        self.name = name
        self.kind = kind
        self.contentID = contentID
    }
}

extension StoreSnapshot {
    /// Returns every file path under `folder`, depth first, sorted.
    public func files(under folder: String) throws -> [String] {
        var result: [String] = []
        for entry in try entries(in: folder) {
            let path = folder.isEmpty ? entry.name : "\(folder)/\(entry.name)"
            switch entry.kind {
            case .file: result.append(path)
            case .folder: result += try files(under: path)
            }
        }
        return result
    }

    /// Returns true when a file exists at `path`.
    public func fileExists(_ path: String) throws -> Bool {
        let parent = path.split(separator: "/").dropLast().joined(separator: "/")
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return try entries(in: parent).contains { $0.name == name && $0.kind == .file }
    }
}
