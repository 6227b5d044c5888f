import KeyshipCore
import KeyshipYAML
import Testing

@Suite struct YAMLWriterTests {
    @Test func blockLayoutOfNestedValues() {
        let value = YAMLValue.mapping([
            .init("channel", .string("tienda")),
            .init("quantity", .int(2)),
            .init("digital_license", .bool(true)),
            .init("note", .null),
            .init("lines", .sequence([
                .mapping([
                    .init("line_id", .string("1")),
                    .init("keys", .sequence([.string("k-1"), .string("k-2")])),
                ]),
                .sequence([.string("a"), .string("b")]),
            ])),
            .init("delivery", .mapping([.init("status", .string("done"))])),
            .init("empty_list", .sequence([])),
            .init("empty_map", .mapping([])),
        ])
        #expect(YAMLWriter.document(value, comment: "Written by keyship.") == """
            # Written by keyship.
            channel: tienda
            quantity: 2
            digital_license: true
            note: null
            lines:
              - line_id: "1"
                keys:
                  - k-1
                  - k-2
              - - a
                - b
            delivery:
              status: done
            empty_list: []
            empty_map: {}

            """)
    }

    @Test func literalBlocksForMultiLineText() {
        let value = YAMLValue.mapping([
            .init("clip", .string("Hola {{buyer_name}}:\n\nGracias por su compra.\n")),
            .init("strip", .string("one\ntwo")),
            .init("keep", .string("one\n\n")),
            .init("items", .sequence([.string("a\nb")])),
        ])
        #expect(YAMLWriter.document(value) == """
            clip: |
              Hola {{buyer_name}}:

              Gracias por su compra.
            strip: |-
              one
              two
            keep: |+
              one

            items:
              - |-
                a
                b

            """)
    }

    struct InlineCase: Sendable, CustomStringConvertible {
        var text: String
        var written: String
        var description: String { written }
    }

    static let inlineCases: [InlineCase] = [
        InlineCase(text: "OFF-2021-PRO", written: "OFF-2021-PRO"),
        InlineCase(text: "Almacén Málaga", written: "Almacén Málaga"),
        InlineCase(text: "ops@example.com", written: "ops@example.com"),
        InlineCase(text: "https://example.mirakl.net/api", written: "https://example.mirakl.net/api"),
        InlineCase(text: "2026-12-04T10:15:00Z", written: "2026-12-04T10:15:00Z"),
        InlineCase(text: "2026-12-04", written: "\"2026-12-04\""),
        InlineCase(text: "12345", written: "\"12345\""),
        InlineCase(text: "1e3", written: "\"1e3\""),
        InlineCase(text: "0x1F", written: "\"0x1F\""),
        InlineCase(text: "1:30", written: "\"1:30\""),
        InlineCase(text: "+1", written: "\"+1\""),
        InlineCase(text: ".inf", written: "\".inf\""),
        InlineCase(text: "true", written: "\"true\""),
        InlineCase(text: "No", written: "\"No\""),
        InlineCase(text: "NULL", written: "\"NULL\""),
        InlineCase(text: "~", written: "\"~\""),
        InlineCase(text: "", written: "\"\""),
        InlineCase(text: " padded ", written: "\" padded \""),
        InlineCase(text: "a: b", written: "\"a: b\""),
        InlineCase(text: "key:", written: "\"key:\""),
        InlineCase(text: "- item", written: "\"- item\""),
        InlineCase(text: "#tag", written: "\"#tag\""),
        InlineCase(text: "say \"hi\"", written: "\"say \\\"hi\\\"\""),
        InlineCase(text: "C:\\keys", written: "\"C:\\\\keys\""),
        InlineCase(text: "tab\there", written: "\"tab\\there\""),
        InlineCase(text: "cr\r\n", written: "\"cr\\r\\n\""),
        InlineCase(text: "nul\u{0}bell\u{7}", written: "\"nul\\0bell\\x07\""),
        InlineCase(text: "\u{85}\u{2028}\u{2029}", written: "\"\\N\\L\\P\""),
        InlineCase(text: "\u{FEFF}bom", written: "\"\\uFEFFbom\""),
        InlineCase(text: "emoji 😀", written: "\"emoji 😀\""),
        InlineCase(text: "available=0 waiting_orders=3", written: "available=0 waiting_orders=3"),
        InlineCase(text: "=", written: "\"=\""),
    ]

    @Test(arguments: inlineCases)
    func inlineScalarForm(testCase: InlineCase) {
        #expect(YAMLWriter.inlineScalar(testCase.text) == testCase.written)
    }

    @Test func keysAreQuotedWhenNeeded() {
        let value = YAMLValue.mapping([.init("12345", .string("x")), .init("a b", .string("y"))])
        #expect(YAMLWriter.document(value) == "\"12345\": x\na b: \"y\"\n")
    }

    @Test func rootScalarAndEmptyCollections() {
        #expect(YAMLWriter.document(.string("hola")) == "hola\n")
        #expect(YAMLWriter.document(.mapping([])) == "{}\n")
        #expect(YAMLWriter.document(.sequence([]), comment: "a\n\nb") == "# a\n#\n# b\n[]\n")
    }

    @Test func mappingOmittingNilDropsAbsentFields() {
        let value = YAMLValue.mapping(omittingNil: [
            ("a", .string("x")), ("b", YAMLValue.string(nil)), ("c", .int(1)),
        ])
        #expect(value == .mapping([.init("a", .string("x")), .init("c", .int(1))]))
    }
}

/// Writes strings in every position and parses them back with libyaml.
@Suite struct YAMLWriterRoundTripTests {
    static let tricky: [String] = [
        "", "a", "Z", "0", "9", " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\"", "'", "\\", ":", ": ", "#",
        " #", "-", "- ", "?", "|", ">", "&", "*", "!", "%", "@", "`", "{", "}", "[", "]", ",", "é", "ñ",
        "€", "😀", "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{80}", "\u{85}", "\u{A0}", "\u{2028}",
        "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}", "true", "null", "~", "yes", "Off", "12", "0x1F",
        "1e5", ".inf", "---", "...", "<<", "=", "{{order_id}}",
    ]

    static let fixed: [String] = [
        "", " ", "\n", "\n\n", "a\n", "a\n\n", "\na", "\n\na\n", " leading", "trailing ", "line \nnext",
        "a\n b\n  c", "\ta\nb", "a\n\tb", "x\n---\ny", "x\n...\n", "# not a comment\nsecond",
        "12345", "007", "-1", "true", "~", "null", "Hola {{buyer_name}}:\n\nSus claves:\n",
        "tabs\tinside\nlines\there\n", "ends with tab\t\nnext",
    ]

    private static func roundTrip(_ text: String) throws -> [String] {
        let value = YAMLValue.mapping([
            .init("value", .string(text)),
            .init(text, .string("as key")),
            .init("list", .sequence([.string(text), .mapping([.init("nested", .string(text))])])),
        ])
        let written = YAMLWriter.document(value, comment: "comment")
        let root = try YAMLParser().parse(written, path: "roundtrip.yaml")
        let pairs = try #require(root.mapping)
        let list = try #require(root["list"]?.sequence)
        return [
            try #require(root["value"]?.scalar?.value),
            try #require(pairs.count == 3 ? pairs[1].key.scalar?.value : nil),
            try #require(list.first?.scalar?.value),
            try #require(list.last?["nested"]?.scalar?.value),
        ]
    }

    /// Checks one string, naming it in the failure, so a random case can be copied into `fixed`.
    private static func expectRoundTrip(_ text: String) throws {
        do {
            for value in try roundTrip(text) {
                #expect(Array(value.unicodeScalars) == Array(text.unicodeScalars), "\(text.debugDescription)")
            }
        } catch let error as YAMLParseError {
            Issue.record("\(text.debugDescription): \(error)")
        }
    }

    @Test(arguments: fixed)
    func fixedStringsRoundTrip(text: String) throws {
        let values = try Self.roundTrip(text)
        for value in values {
            #expect(Array(value.unicodeScalars) == Array(text.unicodeScalars))
        }
    }

    @Test func randomStringsRoundTrip() throws {
        var generator = SplitMix64(seed: 20_261_204)
        for _ in 0..<3_000 {
            let pieces = Int.random(in: 0...10, using: &generator)
            var text = ""
            for _ in 0..<pieces {
                text += Self.tricky.randomElement(using: &generator)!
            }
            try Self.expectRoundTrip(text)
        }
    }

    @Test func randomScalarsRoundTrip() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<1_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                // Any scalar except surrogates, which a Swift string cannot contain.
                var code = UInt32.random(in: 0...0x10FFFF, using: &generator)
                if (0xD800...0xDFFF).contains(code) { code = 0x41 }
                text.unicodeScalars.append(Unicode.Scalar(code)!)
            }
            try Self.expectRoundTrip(text)
        }
    }
}

/// A small seeded generator, so a failing random case can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
