import Testing
@testable import KeyshipCore

@Suite struct CSVTests {
    private func read(_ text: String, separator: UInt8? = nil) throws -> [CSV.Record] {
        try CSV.read(Array(text.utf8), separator: separator)
    }

    @Test func semicolonsWithBOMAndCRLF() throws {
        let bytes = CSV.byteOrderMark + Array("a;b\r\n\"x;y\";z \r\n".utf8)
        let records = try CSV.read(bytes)
        #expect(records.map(\.fields) == [["a", "b"], ["x;y", "z "]])
        #expect(records.map(\.line) == [1, 2])
    }

    @Test func separatorDetection() {
        #expect(CSV.detectSeparator(Array("key,company,warehouse".utf8)) == UInt8(ascii: ","))
        #expect(CSV.detectSeparator(Array("Nº licencia;Empresa;Almacén".utf8)) == UInt8(ascii: ";"))
        #expect(CSV.detectSeparator(Array("\"a,b,c\";d;e\n".utf8)) == UInt8(ascii: ";"))
        #expect(CSV.detectSeparator(Array("one".utf8)) == UInt8(ascii: ";"))
    }

    @Test func quotedFieldsKeepDoubledQuotesAndLineBreaks() throws {
        let records = try read("k,v\n\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row\n", separator: UInt8(ascii: ","))
        #expect(records.map(\.fields) == [["k", "v"], ["say \"hi\"", "two\nlines"], ["next", "row"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func lastRecordWithoutLineEnd() throws {
        #expect(try read("a,b\nc,d", separator: UInt8(ascii: ",")).map(\.fields) == [["a", "b"], ["c", "d"]])
    }

    @Test func oldMacLineEnds() throws {
        #expect(try read("a;b\rc;d\r").map(\.line) == [1, 2])
    }

    @Test func emptyFieldsAndBlankRows() throws {
        let records = try read(";;\na;;\n")
        #expect(records.map(\.fields) == [["", "", ""], ["a", "", ""]])
        #expect(records[0].isBlank)
        #expect(!records[1].isBlank)
    }

    @Test func unterminatedQuoteNamesOpeningLine() {
        #expect(throws: CSV.ReadError.unterminatedQuote(line: 2)) {
            try read("a;b\n\"open;c\nd;e\n")
        }
    }

    @Test func textAfterClosingQuote() {
        #expect(throws: CSV.ReadError.textAfterQuote(line: 1)) {
            try read("\"a\"b;c\n")
        }
    }

    @Test func invalidUTF8NamesLine() {
        let bytes = Array("a;b\n".utf8) + [0x63, 0xE9, 0x3B, 0x64, 0x0A]  // "c\xE9;d" in Latin-1
        #expect(throws: CSV.ReadError.invalidUTF8(line: 2)) {
            try CSV.read(bytes)
        }
    }

    @Test func writeQuotesOnlyWhenNeeded() {
        let text = CSV.write([["plain", "with,comma", "quote\"d", " padded", "two\nlines", ""]])
        #expect(text == "plain,\"with,comma\",\"quote\"\"d\",\" padded\",\"two\nlines\",\n")
    }

    @Test(arguments: [
        ["simple"], ["a,b", "c\"d"], ["  spaces  ", "tab\tinside"], ["línea\r\nnueva", "ñ€"], ["", "", ""],
    ])
    func writeThenReadRoundTrips(_ row: [String]) throws {
        let records = try CSV.read(Array(CSV.write([row]).utf8), separator: UInt8(ascii: ","))
        #expect(records.map(\.fields) == [row])
    }

    @Test func trimmingWhitespaceIncludesNoBreakSpace() {
        #expect(" \u{00A0}AAAA-BBBB\t ".trimmingWhitespace == "AAAA-BBBB")
        #expect("  ".trimmingWhitespace == "")
        #expect("a b".trimmingWhitespace == "a b")
    }
}
