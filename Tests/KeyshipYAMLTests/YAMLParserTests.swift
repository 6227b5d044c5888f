import KeyshipCore
import KeyshipYAML
import Testing

@Suite struct YAMLParserTests {
    let parser = YAMLParser()

    private func parse(_ text: String) throws -> YAMLNode {
        try parser.parse(text, path: "catalog/office.yaml")
    }

    private func parseError(_ bytes: [UInt8], parser: YAMLParser = YAMLParser()) -> YAMLParseError? {
        do {
            _ = try parser.parse(bytes, path: "catalog/office.yaml")
            return nil
        } catch {
            return error
        }
    }

    private func parseError(_ text: String, parser: YAMLParser = YAMLParser()) -> YAMLParseError? {
        parseError(Array(text.utf8), parser: parser)
    }

    @Test func mappingMarksAreOneBased() throws {
        let root = try parse("id: office\nname: \"Office 2021\"\noffers:\n  tienda: OFF-1\n")
        #expect(root.line == 1)
        #expect(root.column == 1)
        let pairs = try #require(root.mapping)
        #expect(pairs.map { $0.key.scalar?.value } == ["id", "name", "offers"])
        #expect(pairs[1].value.line == 2)
        #expect(pairs[1].value.column == 7)
        let offers = try #require(root["offers"])
        #expect(offers.line == 4)
        #expect(offers.column == 3)
        let sku = try #require(offers["tienda"])
        #expect(sku.scalar == YAMLScalar("OFF-1"))
        #expect(sku.line == 4)
        #expect(sku.column == 11)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try parse("almacén: Málaga\nb: x\n")
        let value = try #require(root["almacén"])
        #expect(value.column == 10)
    }

    @Test func scalarStyles() throws {
        let text = """
            plain: abc
            single: 'it''s'
            double: "a\\tb\\n"
            literal: |
              line 1
              line 2
            folded: >
              one
              two
            """
        let root = try parse(text)
        #expect(root["plain"]?.scalar == YAMLScalar("abc", style: .plain))
        #expect(root["single"]?.scalar == YAMLScalar("it's", style: .singleQuoted))
        #expect(root["double"]?.scalar == YAMLScalar("a\tb\n", style: .doubleQuoted))
        #expect(root["literal"]?.scalar == YAMLScalar("line 1\nline 2\n", style: .literal))
        #expect(root["folded"]?.scalar == YAMLScalar("one two", style: .folded))
    }

    @Test func sequencesAndFlowCollections() throws {
        let root = try parse("recipients: [age1abc, age1def]\nwarehouses:\n  - {code: MAD, name: Madrid}\n")
        let recipients = try #require(root["recipients"]?.sequence)
        #expect(recipients.map { $0.scalar?.value } == ["age1abc", "age1def"])
        #expect(recipients[1].column == 23)
        let warehouse = try #require(root["warehouses"]?.sequence?.first)
        #expect(warehouse.line == 3)
        #expect(warehouse.column == 5)
        #expect(warehouse["code"]?.scalar?.value == "MAD")
    }

    @Test func emptyValueIsNullScalar() throws {
        let root = try parse("tax_id:\nemail: ~\n")
        #expect(root["tax_id"]?.isNull == true)
        #expect(root["email"]?.isNull == true)
    }

    @Test(arguments: ["", "# only a comment\n", "\u{FEFF}"])
    func emptyDocumentIsNull(text: String) throws {
        let root = try parse(text)
        #expect(root.isNull)
        #expect(root.line == 1)
        #expect(root.column == 1)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let root = try parser.parse([0xEF, 0xBB, 0xBF] + Array("a: b\n".utf8), path: "keyship.yaml")
        #expect(root.mapping?.first?.key.scalar?.value == "a")
        #expect(root["a"]?.column == 4)
    }

    @Test func emptyExplicitDocumentIsNullAfterMarker() throws {
        let root = try parse("---\n")
        #expect(root.isNull)
        #expect(root.line == 2)
    }

    @Test func explicitDocumentStartIsAccepted() throws {
        let root = try parse("---\na: 1\n...\n")
        #expect(root["a"]?.scalar?.int == 1)
        #expect(root.line == 2)
    }

    @Test func anchorsAndAliasesResolve() throws {
        let root = try parse("base: &mad {code: MAD, name: Madrid}\ncopy: *mad\n")
        let copy = try #require(root["copy"])
        #expect(copy == root["base"])
    }

    @Test func aliasExpansionIsCapped() {
        // Each level contains ten aliases of the previous one. Levels 1 and 2 copy 110 and 1110 nodes;
        // on level 3 each alias copies 1111 more, so the fourth alias passes 5000.
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...4 {
            let aliases = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(aliases)]")
        }
        let error = parseError(lines.joined(separator: "\n") + "\n", parser: YAMLParser(aliasExpansionLimit: 5_000))
        #expect(error == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 4, column: 25),
            reason: .aliasExpansionLimit(5_000)))
    }

    @Test func aliasExpansionWithinLimitSucceeds() throws {
        let text = "a: &a [x, y]\nb: [*a, *a, *a]\n"
        let root = try YAMLParser(aliasExpansionLimit: 9).parse(text, path: "x.yaml")
        #expect(root["b"]?.sequence?.count == 3)
    }

    @Test func undefinedAliasIsAnError() {
        #expect(parseError("a: *nowhere\n") == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 1, column: 4),
            reason: .undefinedAlias("nowhere")))
    }

    @Test func duplicateKeyIsAnError() {
        #expect(parseError("id: a\nname: b\nid: c\n") == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 3, column: 1),
            reason: .duplicateKey("id", firstLine: 1)))
    }

    @Test func duplicateKeyIgnoresQuoting() {
        #expect(parseError("offers:\n  tienda: A\n  \"tienda\": B\n") == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 3, column: 3),
            reason: .duplicateKey("tienda", firstLine: 2)))
    }

    @Test func duplicateListKeyIsAnError() {
        #expect(parseError("? [a, b]\n: 1\n? ['a', b]\n: 2\n") == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 3, column: 3),
            reason: .duplicateKey("sequence", firstLine: 1)))
    }

    @Test func largeSequenceKeepsOrder() throws {
        let text = (0..<5_000).map { "- k-\($0)" }.joined(separator: "\n")
        let items = try #require(try parse(text).sequence)
        #expect(items.count == 5_000)
        #expect(items[4_999].scalar?.value == "k-4999")
        #expect(items[4_999].line == 5_000)
    }

    @Test func sameKeyInSeparateMappingsIsAllowed() throws {
        let root = try parse("- code: MAD\n- code: BCN\n")
        #expect(root.sequence?.count == 2)
    }

    @Test func severalDocumentsAreAnError() {
        #expect(parseError("a: 1\n---\nb: 2\n") == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 2, column: 1),
            reason: .severalDocuments))
    }

    @Test func tagsAreRejected() {
        #expect(parseError("sku: !!str 123\n") == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 1, column: 6),
            reason: .tag))
    }

    @Test func nestingIsCapped() {
        let text = String(repeating: "[", count: 5) + String(repeating: "]", count: 5)
        #expect(parseError(text, parser: YAMLParser(nestingLimit: 4)) == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 1, column: 5),
            reason: .nestingLimit(4)))
    }

    @Test func deepNestingWithinDefaultLimitParses() throws {
        let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        var node = try parse(text)
        var depth = 1
        while let first = node.sequence?.first {
            node = first
            depth += 1
        }
        #expect(depth == 200)
    }

    @Test func invalidUTF8NamesFileAndPosition() {
        // "name: Almac\xE9n" as Latin-1 on line 2.
        let bytes = Array("id: x\nname: Almac".utf8) + [0xE9] + Array("n\n".utf8)
        #expect(parseError(bytes) == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 2, column: 12),
            reason: .notUTF8(byte: 0xE9)))
    }

    @Test func utf16IsNotUTF8() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00]
        #expect(parseError(bytes) == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: 1, column: 1),
            reason: .notUTF8(byte: 0xFF)))
    }

    struct SyntaxCase: Sendable, CustomStringConvertible {
        var description: String
        var text: String
        var line: Int
        var column: Int
        var problem: String
        var context: String?
    }

    static let syntaxCases: [SyntaxCase] = [
        SyntaxCase(
            description: "colon inside plain value", text: "a: b: c\n", line: 1, column: 5,
            problem: "mapping values are not allowed in this context", context: nil),
        SyntaxCase(
            description: "unclosed flow sequence", text: "a: [1, 2\n", line: 2, column: 1,
            problem: "did not find expected ',' or ']'", context: "while parsing a flow sequence"),
        SyntaxCase(
            description: "bad indentation", text: "a:\n  - b\n c: d\n", line: 3, column: 2,
            problem: "did not find expected key", context: "while parsing a block mapping"),
        SyntaxCase(
            description: "unterminated quote", text: "key: \"open\n", line: 2, column: 1,
            problem: "found unexpected end of stream", context: "while scanning a quoted scalar"),
        SyntaxCase(
            description: "tab indentation", text: "\ta: b\n", line: 1, column: 1,
            problem: "found character that cannot start any token", context: "while scanning for the next token"),
        SyntaxCase(
            description: "control character", text: "id: x\na: \u{01}\n", line: 2, column: 4,
            problem: "control characters are not allowed", context: nil),
    ]

    @Test(arguments: syntaxCases)
    func syntaxErrorsCarryLibYAMLText(testCase: SyntaxCase) {
        #expect(parseError(testCase.text) == YAMLParseError(
            location: SourceLocation(path: "catalog/office.yaml", line: testCase.line, column: testCase.column),
            reason: .syntax(problem: testCase.problem, context: testCase.context)))
    }

    @Test func scalarWithNULIsKept() throws {
        let root = try parse("a: \"x\\0y\"\n")
        #expect(root["a"]?.scalar?.value == "x\u{0}y")
    }
}
