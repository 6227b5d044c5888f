import Foundation
import KeyshipCore
import KeyshipStore
import KeyshipTestSupport
import Testing

@Suite struct StoreDefinitionTests {
    @Test func unknownTimeZoneIsReportedWithItsLine() throws {
        let fixture = try StoreFixture("definition")
        let config = try #require(fixture.read(StoreLayout.configFile))
        try fixture.write(StoreLayout.configFile, config.replacingOccurrences(of: "language: es\n", with: "language: es\ntimezone: Europe/Madird\n"))

        let (_, diagnostics) = try StoreDefinition.load(from: WorkTreeSnapshot(root: fixture.root.path))

        #expect(diagnostics.errors.map { $0.location?.description } == ["keyship.yaml:3:11"])
        #expect(diagnostics.errors.first?.message.text(in: .en).contains("Europe/Madird") == true)
    }

    @Test func knownTimeZonePasses() throws {
        let fixture = try StoreFixture("definition")
        let config = try #require(fixture.read(StoreLayout.configFile))
        try fixture.write(StoreLayout.configFile, config.replacingOccurrences(of: "language: es\n", with: "language: es\ntimezone: Atlantic/Canary\n"))

        let (definition, diagnostics) = try StoreDefinition.load(from: WorkTreeSnapshot(root: fixture.root.path))

        #expect(diagnostics.errors.isEmpty)
        #expect(definition?.config.timeZone == "Atlantic/Canary")
    }
}
