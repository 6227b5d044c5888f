import FakeMirakl
import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing
@testable import KeyshipCLI

@Suite struct OffersCommandTests {
    /// A store whose only channel is a Mirakl account served by the fake on loopback.
    private func miraklStore(_ fake: FakeMirakl) throws -> StoreFixture {
        let fixture = try StoreFixture("offers")
        try fixture.write(StoreLayout.configFile, """
            seller: {name: "Licencias Prueba S.L."}
            recipients: ["\(fixture.recipient)"]
            warehouses: [{code: MAD, name: Madrid}]
            channels:
              - {name: pcc, kind: mirakl, warehouse: MAD, language: es, base_url: "\(fake.baseURL)", api_key_env: PCC_KEY}
            """)
        try fixture.write("catalog/office.yaml", "id: office\nname: Office\ndigital_license: true\noffers: {pcc: PCC-1}\n")
        try fixture.write("catalog/windows.yaml", "id: windows\nname: Windows\ndigital_license: true\noffers: {}\n")
        try fixture.write("catalog/antivirus.yaml", "id: antivirus\nname: Antivirus\ndigital_license: true\noffers: {}\n")
        try fixture.write("catalog/usb.yaml", "id: usb\nname: USB\ndigital_license: false\noffers: {pcc: PCC-USB}\n")
        return fixture
    }

    @Test func marksUnmappedOffers() async throws {
        let fake = try FakeMirakl(FakeMirakl.Configuration(apiKey: "k-123"))
        defer { fake.stop() }
        fake.addOffer(FakeMirakl.Offer(sku: "PCC-1", title: "Office 2021", quantity: 4))
        fake.addOffer(FakeMirakl.Offer(sku: "PCC-2", title: "Office Hogar", quantity: 1))
        fake.addOffer(FakeMirakl.Offer(sku: "PCC-USB", title: "USB", quantity: 9))
        let fixture = try miraklStore(fake)
        var environment = fixture.environment
        environment["PCC_KEY"] = "k-123"

        let result = await CLIHarness.run(["offers", "--channel", "pcc", "--lang", "en"], environment: environment, in: fixture.root)

        #expect(result.exitCode == .attention)
        #expect(result.output == """
            SKU      Title         Stock  Product
            -------  ------------  -----  ------------------
            PCC-1    Office 2021   4      office
            PCC-2    Office Hogar  1      — unmapped product
            PCC-USB  USB           9      usb (physical)

            3 offers on pcc; 1 unmapped: add their SKU to offers.pcc in catalog/<product>.yaml by pull request.

            """)
        #expect(!result.output.contains("k-123"))
        #expect(!result.errors.contains("k-123"))
    }

    @Test(arguments: [
        (1, 0, "1 oferta en pcc; todas tienen producto en el catálogo."),
        (2, 1, "2 ofertas en pcc; 1 sin relación: añade su SKU a offers.pcc en catalog/<producto>.yaml mediante una "
            + "pull request."),
    ])
    func summaryAgreesWithCount(total: Int, unmapped: Int, spanish: String) {
        #expect(OffersMessage.summary(total: total, unmapped: unmapped, channel: "pcc").text(in: .es) == spanish)
    }

    @Test func missingChannelOption() async throws {
        let fixture = try StoreFixture("offers")
        let result = await CLIHarness.run(["offers", "--lang", "es"], fixture: fixture)
        #expect(result.exitCode == .usage)
        #expect(result.errors == "error: falta la opción --channel; ejecuta keyship offers --help\n")
    }
}
