public import Foundation

/// Locates test data kept outside the project in `../shared/testdata`, next to the checkout.
///
/// Tests that need it skip when it is absent, so the project's own tests pass without it.
public enum SharedTestData {
    /// The package root, found from this source file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // KeyshipTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// Returns the folder `shared/testdata/<name>` beside the checkout, or beside one of its
    /// parent folders (a git worktree may sit one level deeper), when it exists.
    public static func folder(_ name: String) -> URL? {
        var parent = packageRoot.deletingLastPathComponent()
        while parent.path != "/" {
            let url = parent.appendingPathComponent("shared/testdata/\(name)", isDirectory: true)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return url
            }
            parent = parent.deletingLastPathComponent()
        }
        return nil
    }
}
