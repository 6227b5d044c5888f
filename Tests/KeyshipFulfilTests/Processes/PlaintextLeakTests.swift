import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing

/// After a full run of the binary with `--verbose`, no plaintext key is anywhere but in the
/// outbox: not in any git object, output, log line, ledger file or temporary file.
@Suite struct PlaintextLeakTests {
    @Test func fullRunLeavesNoPlaintext() throws {
        // Keys with a random part, so no other text contains them by chance.
        let officeKeys = (1...4).map { index in
            StoreFixture.Key(id: "leak-office-\(index)", plaintext: "OFF\(index)-" + UUID().uuidString)
        }
        let windowsKeys = (1...2).map { index in
            StoreFixture.Key(id: "leak-windows-\(index)", plaintext: "WIN\(index)-" + UUID().uuidString)
        }
        let store = try ProcessStore("leak") { fixture, book in
            try book.add(officeKeys, product: "office", batch: "b1", to: fixture)
            try book.add(windowsKeys, product: "windows", batch: "b1", to: fixture)
            try fixture.addOrder("L-1", createdAt: "2026-12-04T10:01:00Z", lines: [("OFFICE", 2)])
            try fixture.addOrder("L-2", createdAt: "2026-12-04T10:02:00Z", lines: [("WIN11", 1)])
            try fixture.addOrder("L-3", createdAt: "2026-12-04T10:03:00Z", lines: [("OFFICE", 1), ("WIN11", 1)])
        }
        let plaintexts = (officeKeys + windowsKeys).map(\.plaintext)
        let temporary = store.fixture.scratch.url("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)

        let result = try store.fulfil(["--verbose"], label: "leak", extra: ["TMPDIR": temporary.path])
        #expect(result.exitStatus == 0, "\(result.transcript)")

        // Controls: the run sent five of the six keys and logged its steps, and the scans see
        // decompressed git objects and the ledger.
        let sent = try ProcessStore.plaintextBodies(in: store.fixture.outbox)
        #expect(sent.keys.sorted() == ["L-1.eml", "L-2.eml", "L-3.eml"])
        let sentKeys = plaintexts.filter { key in sent.values.contains { $0.contains(key) } }
        #expect(sentKeys == [officeKeys[0], officeKeys[1], officeKeys[2], windowsKeys[0], windowsKeys[1]].map(\.plaintext))
        #expect(result.stderr.contains("message sent"))
        let remoteObjects = try Self.gitObjects(gitDirectory: store.fixture.remote)
        let localObjects = try Self.gitObjects(gitDirectory: store.fixture.root.appendingPathComponent(".git"))
        #expect(remoteObjects.contains("Office 2021 Pro"))
        #expect(remoteObjects.contains("order_id: L-3"))
        let notifications = try Self.files(under: store.fixture.root.appendingPathComponent("ledger/notifications"))
        #expect(notifications.count == 1)

        let places: [(String, String)] = [
            ("remote git objects", remoteObjects),
            ("work tree git objects", localObjects),
            ("standard output", result.stdout),
            ("standard error", result.stderr),
            ("notification records", notifications.values.joined(separator: "\n")),
            ("temporary files", try Self.files(under: temporary).values.joined(separator: "\n")),
            ("store work tree and .git files", try Self.files(under: store.fixture.root).values.joined(separator: "\n")),
            ("remote files", try Self.files(under: store.fixture.remote).values.joined(separator: "\n")),
        ]
        for (place, text) in places {
            for (index, plaintext) in plaintexts.enumerated() {
                // A plain Bool keeps the failure message short: it names the key and the place.
                let found = text.contains(plaintext)
                #expect(!found, "key \(index + 1) of \(plaintexts.count) found in \(place)")
            }
        }
    }

    /// Returns every object of a repository, decompressed, as `git cat-file --batch` prints it.
    static func gitObjects(gitDirectory: URL) throws -> String {
        let result = try ProcessRunner.run(
            "git", ["--git-dir", gitDirectory.path, "cat-file", "--batch-all-objects", "--batch"], timeout: 60)
        guard result.status == 0 else { throw ScanFailure(description: "git cat-file failed: \(result.stderr)") }
        return String(decoding: result.stdoutData, as: UTF8.self)
    }

    /// Returns the bytes of every file under `folder`, as text, by path.
    static func files(under folder: URL) throws -> [String: String] {
        var contents: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return contents
        }
        for case let url as URL in enumerator where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            contents[url.path] = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        }
        return contents
    }
}

/// A scan that could not read what it should search.
struct ScanFailure: Error, CustomStringConvertible {
    var description: String
}

extension ProcessStore {
    /// Returns the decoded text body of each `.eml` message of `outbox`, by file name.
    static func plaintextBodies(in outbox: URL) throws -> [String: String] {
        var bodies: [String: String] = [:]
        for name in messageNames(in: outbox) {
            let parsed = try PythonEmail.parse(Array(try Data(contentsOf: outbox.appendingPathComponent(name))))
            bodies[name] = parsed.body ?? ""
        }
        return bodies
    }
}
