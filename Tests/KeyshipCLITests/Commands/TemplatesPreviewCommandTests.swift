import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing
@testable import KeyshipCLI

@Suite struct TemplatesPreviewCommandTests {
    @Test func yamlSyntaxErrorIsLocatedOnce() async throws {
        let fixture = try StoreFixture("preview-cli")
        try fixture.write(StoreLayout.configFile, "seller: b: c\n")
        let result = await CLIHarness.run(["templates", "preview", "office"], fixture: fixture)
        #expect(result.exitCode == .failure)
        #expect(result.output == "")
        #expect(result.errors == """
            error: the store in \(fixture.root.path) has errors; fix them and try again (keyship check lists them all):
            keyship.yaml:1:10: invalid YAML: mapping values are not allowed in this context. Fix the syntax at that \
            line and column (check the indentation, the quotes and the space after `:`).

            """)
    }
}
