import KeyshipCore
import Testing

@Suite struct FingerprintIndexTests {
    static let fingerprintA = "ab12" + String(repeating: "0", count: 60)
    static let fingerprintB = "ab12" + String(repeating: "f", count: 60)
    static let fingerprintC = "0c0d" + String(repeating: "9", count: 60)

    @Test func shardPathUsesFirstFourDigits() {
        #expect(FingerprintLayout.shardPath(for: Self.fingerprintA) == "ledger/fingerprints/ab/12.txt")
        #expect(FingerprintLayout.shardPath(for: Self.fingerprintC) == "ledger/fingerprints/0c/0d.txt")
    }

    struct PathCase: CustomTestStringConvertible, Sendable {
        var path: String
        var isShard: Bool
        var testDescription: String { path }
    }

    static let pathCases: [PathCase] = [
        PathCase(path: "ledger/fingerprints/ab/12.txt", isShard: true),
        PathCase(path: "ledger/fingerprints/00/ff.txt", isShard: true),
        PathCase(path: "ledger/fingerprints/AB/12.txt", isShard: false),
        PathCase(path: "ledger/fingerprints/ab/123.txt", isShard: false),
        PathCase(path: "ledger/fingerprints/ab/12.yaml", isShard: false),
        PathCase(path: "ledger/fingerprints/open/T-1.yaml", isShard: false),
        PathCase(path: "ledger/fingerprints/2026-12/T-1.yaml", isShard: false),
        PathCase(path: "ledger/fingerprints/ab/cd/12.txt", isShard: false),
        PathCase(path: "ledger/tienda/ab/12.txt", isShard: false),
    ]

    /// Only `ledger/fingerprints/<hh>/<hh>.txt` is a shard, so a channel named `fingerprints`
    /// keeps its records.
    @Test(arguments: pathCases) func shardPathForm(_ pathCase: PathCase) {
        #expect(FingerprintLayout.isShardPath(pathCase.path) == pathCase.isShard)
    }

    @Test func entryLineRoundTrips() throws {
        let entry = FingerprintEntry(fingerprint: Self.fingerprintA, channel: "tienda", orderID: "T-1", keyID: "b1-office-0001")

        #expect(entry.line == "\(Self.fingerprintA) tienda/T-1 b1-office-0001")
        #expect(FingerprintEntry(line: entry.line) == entry)
    }

    /// Ids with spaces or slashes are escaped, so every line keeps three fields.
    @Test func entryEscapesSpacesAndSlashes() throws {
        let entry = FingerprintEntry(fingerprint: Self.fingerprintA, channel: "pcc", orderID: "A 1/2", keyID: "id with space")

        #expect(entry.line == "\(Self.fingerprintA) pcc/A%201%2F2 id%20with%20space")
        #expect(FingerprintEntry(line: entry.line) == entry)
    }

    static let invalidLines = [
        "",
        "\(fingerprintA) tienda/T-1",
        "\(fingerprintA) tienda-T-1 k1",
        "\(fingerprintA.uppercased()) tienda/T-1 k1",
        "\(fingerprintA.dropLast()) tienda/T-1 k1",
        "\(fingerprintA) /T-1 k1",
        "\(fingerprintA) tienda/ k1",
        "\(fingerprintA)  tienda/T-1 k1",
        "\(fingerprintA) tienda/T-1 k1 extra",
    ]

    @Test(arguments: invalidLines) func invalidLineIsRejected(_ line: String) {
        #expect(FingerprintEntry(line: line) == nil)
    }

    @Test func shardDecodesAndReportsDamagedLines() {
        let good = FingerprintEntry(fingerprint: Self.fingerprintA, channel: "tienda", orderID: "T-1", keyID: "k1")
        let otherShard = FingerprintEntry(fingerprint: Self.fingerprintC, channel: "tienda", orderID: "T-2", keyID: "k2")
        let text = good.line + "\nnot a line\n" + otherShard.line + "\n"

        let decoded = FingerprintShard.decode(Array(text.utf8), path: "ledger/fingerprints/ab/12.txt")

        #expect(decoded.entries == [good])
        #expect(decoded.diagnostics.items.map { $0.formatted(in: .en) } == [
            "ledger/fingerprints/ab/12.txt:2: invalid line in the fingerprint index of sold keys, which only keyship "
                + "writes; restore the file from git history",
            "ledger/fingerprints/ab/12.txt:3: invalid line in the fingerprint index of sold keys, which only keyship "
                + "writes; restore the file from git history",
        ])
        #expect(decoded.diagnostics.items[0].formatted(in: .es)
            == "ledger/fingerprints/ab/12.txt:2: línea no válida en el índice de huellas de claves vendidas, que solo "
            + "escribe keyship; recupera el fichero del historial de git")
    }

    @Test func shardEncodesSortedWithoutRepeats() {
        let first = FingerprintEntry(fingerprint: Self.fingerprintA, channel: "tienda", orderID: "T-2", keyID: "k2")
        let second = FingerprintEntry(fingerprint: Self.fingerprintA, channel: "tienda", orderID: "T-1", keyID: "k1")
        let third = FingerprintEntry(fingerprint: Self.fingerprintB, channel: "outlet", orderID: "O-1", keyID: "k3")

        let text = FingerprintShard.encode([third, first, second, first])

        #expect(text == second.line + "\n" + first.line + "\n" + third.line + "\n")
    }

    /// A removal takes out only the line of that key and order; the same licence key sold in
    /// another order keeps its line.
    @Test func editRemovesExactLineAndAdds() {
        let returned = FingerprintEntry(fingerprint: Self.fingerprintA, channel: "tienda", orderID: "T-1", keyID: "k1")
        let soldElsewhere = FingerprintEntry(fingerprint: Self.fingerprintA, channel: "tienda", orderID: "T-0", keyID: "k0")
        let added = FingerprintEntry(fingerprint: Self.fingerprintB, channel: "tienda", orderID: "T-3", keyID: "k3")
        let elsewhere = FingerprintEntry(fingerprint: Self.fingerprintC, channel: "tienda", orderID: "T-4", keyID: "k4")
        var edit = FingerprintIndexEdit()
        edit.remove(returned)
        edit.add(added)
        edit.add(elsewhere)

        #expect(edit.shardPaths == ["ledger/fingerprints/0c/0d.txt", "ledger/fingerprints/ab/12.txt"])
        #expect(edit.applied(to: [returned, soldElsewhere], shard: "ledger/fingerprints/ab/12.txt") == [soldElsewhere, added])
        #expect(edit.applied(to: [], shard: "ledger/fingerprints/0c/0d.txt") == [elsewhere])
    }
}
