public import Foundation

/// A fresh directory under the system's temporary folder, removed when the value is released.
///
/// Tests create one per test, so parallel tests never share files.
public final class ScratchDirectory: Sendable {
    public let url: URL

    public init(_ label: String = "test") throws {
        let name = "keyship-\(label)-\(UUID().uuidString.prefix(8))"
        url = FileManager.default.temporaryDirectory.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    /// Returns the URL of `relative` inside the directory.
    public func url(_ relative: String) -> URL {
        url.appendingPathComponent(relative)
    }

    /// Writes `text` as UTF-8 to `relative`, creating parent folders.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> URL {
        try write(relative, Data(text.utf8))
    }

    /// Writes `data` to `relative`, creating parent folders.
    @discardableResult
    public func write(_ relative: String, _ data: Data) throws -> URL {
        let target = url(relative)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
        return target
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
