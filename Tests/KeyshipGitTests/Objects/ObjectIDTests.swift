import KeyshipGit
import Testing

@Suite struct ObjectIDTests {
    @Test func hexRoundTrip() throws {
        let hex = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex)
        #expect(id.shortHex == "4b825dc")
        #expect(id.bytes.count == 20)
        #expect(id.bytes.first == 0x4b)
        #expect(id.bytes.last == 0x04)
        #expect(ObjectID(bytes: id.bytes) == id)
    }

    @Test func upperCaseHexIsAccepted() throws {
        let id = try #require(ObjectID(hex: "4B825DC642CB6EB9A060E54BF8D69288FBEE4904"))
        #expect(id.hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
    }

    static let invalidHex: [String] = [
        "",
        "4b825dc",
        "4b825dc642cb6eb9a060e54bf8d69288fbee490",
        "4b825dc642cb6eb9a060e54bf8d69288fbee49040",
        "4b825dc642cb6eb9a060e54bf8d69288fbee490g",
    ]

    @Test(arguments: invalidHex)
    func invalidHexIsRejected(_ text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test func wrongByteCountIsRejected() {
        #expect(ObjectID(bytes: [UInt8](repeating: 1, count: 19)) == nil)
        #expect(ObjectID(bytes: [UInt8](repeating: 1, count: 21)) == nil)
    }

    @Test func orderMatchesHexOrder() throws {
        let hexes = [
            "ff00000000000000000000000000000000000000",
            "0000000000000000000000000000000000000001",
            "00000000000000000000000000000000000000ff",
            "0000000000000000ff0000000000000000000000",
            "00000000000000000000000000000000ff000000",
            "0000000000000000000000000000000000000000",
        ]
        let ids = try hexes.map { try #require(ObjectID(hex: $0)) }
        #expect(ids.sorted().map(\.hex) == hexes.sorted())
    }
}
