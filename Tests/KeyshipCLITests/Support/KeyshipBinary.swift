import Foundation
import KeyshipTestSupport
import Testing

/// The built `keyship` executable, for end-to-end runs.
enum KeyshipBinary {
    /// The executable beside the test bundle, where SwiftPM builds both, or in the package's
    /// `.build/debug`. It is nil when neither exists, so tests can skip with a reason.
    static let url: URL? = {
        let folders = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent(),
            SharedTestData.packageRoot.appendingPathComponent(".build/debug"),
        ]
        return folders
            .map { $0.appendingPathComponent("keyship") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static let missingReason: Comment = "the keyship executable was not found beside the test bundle; run swift build first"
}
