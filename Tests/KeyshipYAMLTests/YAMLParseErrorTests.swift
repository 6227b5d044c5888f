import KeyshipCore
import KeyshipYAML
import Testing

@Suite struct YAMLParseErrorTests {
    private func message(_ text: String, _ language: Language) throws -> String {
        let error = try #require(throws: YAMLParseError.self) {
            try YAMLParser().parse(text, path: "keyship.yaml")
        }
        return error.text(in: language)
    }

    @Test func syntaxMessageInEnglish() throws {
        #expect(try message("a: [1, 2\n", .en) == "keyship.yaml:2:1: invalid YAML: did not find expected ',' or ']' "
            + "(while parsing a flow sequence). Fix the syntax at that line and column (check the indentation, "
            + "the quotes and the space after `:`).")
    }

    @Test func syntaxMessageInSpanish() throws {
        #expect(try message("a: b: c\n", .es) == "keyship.yaml:1:5: YAML no válido: mapping values are not "
            + "allowed in this context. Corrige la sintaxis en esa línea y columna (revisa la sangría, las "
            + "comillas y el espacio después de `:`).")
    }

    @Test func duplicateKeyMessages() throws {
        let text = "seller: {name: A}\nseller: {name: B}\n"
        #expect(try message(text, .en)
            == "keyship.yaml:2:1: duplicate key `seller` (first written on line 1). Keep only one of them.")
        #expect(try message(text, .es)
            == "keyship.yaml:2:1: el campo `seller` está repetido (aparece antes en la línea 1). Deja solo uno.")
    }

    @Test func notUTF8Messages() throws {
        let error = try #require(throws: YAMLParseError.self) {
            try YAMLParser().parse([0x61, 0x3A, 0x20, 0xC3, 0x28], path: "catalog/x.yaml")
        }
        #expect(error.text(in: .en)
            == "catalog/x.yaml:1:4: the file is not valid UTF-8 text (byte 0xC3). Save it with the UTF-8 "
            + "encoding and try again.")
        #expect(error.text(in: .es)
            == "catalog/x.yaml:1:4: el fichero no es texto UTF-8 válido (byte 0xC3). Guárdalo con la "
            + "codificación UTF-8 y vuelve a intentarlo.")
    }

    @Test func severalDocumentsMessage() throws {
        #expect(try message("a: 1\n--- \nb: 2\n", .en)
            == "keyship.yaml:2:1: the file contains more than one YAML document and the second one starts "
            + "here. Keep one document: delete this `---` line and what follows, or move it to another file.")
    }

    @Test func aliasMessages() throws {
        #expect(try message("a: *x\n", .es)
            == "keyship.yaml:1:4: el alias `*x` no corresponde a ningún ancla `&x` definida antes. Define el "
            + "ancla antes de usarla o escribe el valor completo.")
        let error = YAMLParseError(location: SourceLocation(path: "keyship.yaml", line: 3, column: 9),
                                   reason: .aliasExpansionLimit(10_000))
        #expect(error.text(in: .en) == "keyship.yaml:3:9: the aliases expand to more than 10000 values. Write "
            + "the values out or use fewer nested aliases.")
    }

    @Test func tagMessage() throws {
        #expect(try message("a: !!int 3\n", .en) == "keyship.yaml:1:4: keyship does not support YAML tags such "
            + "as `!!str`. Remove the tag and, if the value must be text, put it in quotes.")
    }

    @Test func diagnosticPrintsLocationOnce() throws {
        let error = try #require(throws: YAMLParseError.self) {
            try YAMLParser().parse("seller: {name: A}\nseller: {name: B}\n", path: "keyship.yaml")
        }
        #expect(error.reason.text(in: .en) == "duplicate key `seller` (first written on line 1). Keep only one of them.")
        #expect(error.diagnostic.location == SourceLocation(path: "keyship.yaml", line: 2, column: 1))
        #expect(error.diagnostic.formatted(in: .es)
            == "keyship.yaml:2:1: el campo `seller` está repetido (aparece antes en la línea 1). Deja solo uno.")
    }

    @Test func errorsExitWithFailure() {
        let error = YAMLParseError(location: SourceLocation(path: "a.yaml"), reason: .tag)
        #expect(error.exitCode == .failure)
    }
}
