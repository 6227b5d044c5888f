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

    /// Returns the folder `../shared/testdata/<name>` when it exists.
    public static func folder(_ name: String) -> URL? {
        let url = packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/testdata/\(name)", isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return nil }
        return url
    }
}
