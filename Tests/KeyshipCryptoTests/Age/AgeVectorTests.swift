import Foundation
import KeyshipCrypto
import KeyshipTestSupport
import Testing

/// One file of the C2SP CCTV age test vectors: `key: value` lines, a blank line, the age file.
struct AgeVector: Sendable, CustomTestStringConvertible {
    var name: String
    var headers: [(key: String, value: String)]
    var file: [UInt8]

    var testDescription: String { name }

    func values(_ key: String) -> [String] { headers.filter { $0.key == key }.map(\.value) }
    func value(_ key: String) -> String? { values(key).first }

    static let knownKeys: Set<String> = ["expect", "payload", "file key", "identity", "passphrase", "armored", "comment"]

    /// Why this suite does not run the vector, or nil when it does.
    var skipReason: String? {
        if let unknown = headers.first(where: { !Self.knownKeys.contains($0.key) }) {
            return "unknown header \(unknown.key)"
        }
        if value("passphrase") != nil { return "scrypt passphrase" }
        let identities = values("identity")
        if identities.isEmpty { return "no identity" }
        if identities.contains(where: { !$0.hasPrefix("AGE-SECRET-KEY-1") }) { return "non-X25519 identity" }
        return nil
    }

    init(name: String, contents: [UInt8]) {
        self.name = name
        var headers: [(key: String, value: String)] = []
        var offset = 0
        while let newline = contents[offset...].firstIndex(of: 0x0A) {
            let line = String(decoding: contents[offset..<newline], as: UTF8.self)
            offset = newline + 1
            if line.isEmpty { break }
            let parts = line.split(separator: ":", maxSplits: 1)
            headers.append((String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""))
        }
        self.headers = headers
        self.file = Array(contents[offset...])
    }

    static let folder = SharedTestData.folder("age-cctv")

    static let all: [AgeVector] = {
        guard let folder else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0 != "README.md" }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
            return AgeVector(name: name, contents: Array(data))
        }
    }()

    static let runnable = all.filter { $0.skipReason == nil }
}

@Suite struct AgeVectorTests {
    /// Fewer runnable vectors than this means the folder or the skip rules changed; 93 X25519
    /// and armor vectors are runnable in the CCTV snapshot the folder holds.
    static let minimumRunnable = 90

    @Test(.enabled(if: AgeVector.folder != nil, "the age-cctv vectors are not present"))
    func vectorCoverage() {
        let skipped = AgeVector.all.filter { $0.skipReason != nil }
        #expect(AgeVector.runnable.count + skipped.count == AgeVector.all.count)
        #expect(AgeVector.runnable.count >= Self.minimumRunnable)
        #expect(AgeVector.runnable.contains { $0.value("armored") == "yes" })
        #expect(skipped.contains { $0.name == "stream_257_chunks" })
        #expect(skipped.contains { $0.name == "scrypt" })
        #expect(skipped.contains { $0.name == "hybrid" })
    }

    @Test(arguments: AgeVector.runnable)
    func vector(_ vector: AgeVector) throws {
        let expect = try #require(vector.value("expect"))
        let identities = try vector.values("identity").map { try AgeIdentity(parsing: $0) }

        var file = vector.file
        if vector.value("armored") == "yes" {
            do {
                file = try AgeArmor.decode(vector.file)
            } catch {
                #expect(error.kind.rawValue == expect, "armor decoding failed with \(error)")
                return
            }
        }

        let (released, error) = streamDecrypt(file, with: identities)
        if let error {
            #expect(error.kind.rawValue == expect, "decryption failed with \(error)")
            if error.kind == .payload, let payload = vector.value("payload") {
                #expect(sha256Hex(released) == payload, "plaintext released before the payload failure")
            }
            #expect(error.kind == .payload || released.isEmpty, "plaintext released before a non-payload failure")
        } else {
            #expect(expect == "success")
            #expect(sha256Hex(released) == vector.value("payload"))

            let whole = try Age.decrypt(file, with: identities)
            #expect(sha256Hex(whole.testBytes) == vector.value("payload"))
            try Age.validate(file)
        }
    }
}
