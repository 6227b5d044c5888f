import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing

/// Plaintext keys must never reach git objects, files in the store, standard output or
/// standard error, whatever the key commands do.
@Suite struct NoPlaintextTests {
    @Test func keysNeverLeakAfterImportAndList() async throws {
        let fixture = try StoreFixture("plaintext")
        let imported = (1...5).map { "PLAINTEXT-IMPORTED-\($0)-Q7XZ" }
        try fixture.addBatch(product: "windows", batch: "w1", keys: [.init(id: "w-0001", plaintext: "PLAINTEXT-STOCK-Q7XZ")])
        try fixture.addSale(
            orderID: "T-1001", product: "office", keys: [.init(id: "s-0001", plaintext: "PLAINTEXT-SOLD-Q7XZ")],
            soldAt: "2026-12-02T08:30:00Z", delivery: DeliveryRecord(status: .error, attempts: 1, lastError: "HTTP 500"))
        try fixture.commitAll()
        try fixture.scratch.write("claves.csv", "key;company;warehouse\n" + imported.map { "\($0);Acme;MAD" }.joined(separator: "\n"))
        try fixture.scratch.write("repetidas.csv", "key;company;warehouse\nPLAINTEXT-STOCK-Q7XZ;Acme;MAD\nPLAINTEXT-SOLD-Q7XZ;Acme;MAD\n")
        let scratch = fixture.scratch.url

        let runs = [
            await CLIHarness.run(["keys", "import", "--product", "office", "--commit", "claves.csv"], environment: fixture.environment, in: scratch),
            await CLIHarness.run(["keys", "import", "--product", "office", "--dry-run", "claves.csv"], environment: fixture.environment, in: scratch),
            await CLIHarness.run(["keys", "import", "--product", "office", "repetidas.csv"], environment: fixture.environment, in: scratch),
            await CLIHarness.run(["keys", "list"], fixture: fixture),
            await CLIHarness.run(["keys", "list", "--json"], fixture: fixture),
            await CLIHarness.run(["keys", "list", "--lang", "es", "--verbose"], fixture: fixture),
        ]
        #expect(runs.map(\.exitCode) == [.success, .failure, .failure, .success, .success, .success])

        let objects = try ProcessRunner.run(
            "git", ["cat-file", "--batch-all-objects", "--batch"], environment: fixture.environment,
            currentDirectory: fixture.root.path)
        #expect(objects.status == 0)
        #expect(objects.stdoutData.count > 1000)
        var places: [(String, Data)] = [("git objects", objects.stdoutData)]
        for (index, run) in runs.enumerated() {
            places.append(("stdout of run \(index + 1)", Data(run.output.utf8)))
            places.append(("stderr of run \(index + 1)", Data(run.errors.utf8)))
        }
        for (path, data) in try fixture.allFiles() {
            places.append((path, data))
        }

        for key in imported + ["PLAINTEXT-STOCK-Q7XZ", "PLAINTEXT-SOLD-Q7XZ"] {
            for (place, data) in places {
                #expect(data.range(of: Data(key.utf8)) == nil, "\(key) found in \(place)")
            }
        }
        #expect(fixture.decryptCells(in: fixture.read(fixture.batchPaths(product: "office")[0]) ?? "") == imported)
    }
}
