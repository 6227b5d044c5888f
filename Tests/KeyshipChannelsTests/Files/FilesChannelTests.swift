import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing
@testable import KeyshipChannels

@Suite struct FilesChannelTests {
    private let now = Timestamp(iso: "2026-12-04T12:00:00Z")!

    private func channel(_ folder: ScratchDirectory) -> FilesChannel {
        let config = ChannelConfig(
            name: "tienda", warehouse: "MAD", language: "es",
            settings: .files(FilesChannelSettings(inbox: "inbox", outbox: "outbox")))
        return FilesChannel(
            channel: config, settings: FilesChannelSettings(inbox: "inbox", outbox: "outbox"),
            seller: Seller(name: "Licencias S.L.", email: "ventas@example.com"), storeRoot: folder.path,
            now: { [now] in now }, logger: .disabled)
    }

    private func order(email: String?) -> Order {
        Order(
            channel: "tienda", id: "T-1", createdAt: now, state: .paid, marketplaceState: "paid",
            buyer: Buyer(locale: "es_ES", name: "Ana", email: email), lines: [OrderLine(id: "1", sku: "A", quantity: 1)])
    }

    private let message = BuyerMessage(subject: "Tu clave", body: "KEY-1", attachments: [], language: "es")

    @Test func messageIsPrivateToTheOwner() async throws {
        let folder = try ScratchDirectory("files-channel")
        let sent = try await channel(folder).send(message, for: order(email: "ana@example.com"))

        #expect(sent.id == "T-1.eml")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.url("outbox/T-1.eml").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try await channel(folder).findSentMessage(for: order(email: "ana@example.com"), subject: "x") == SentMessage(id: "T-1.eml"))
    }

    @Test(arguments: [nil, "not-an-address", "ana@example.com\r\nBcc: x@example.com"])
    func invalidBuyerEmailFailsDelivery(_ email: String?) async throws {
        let folder = try ScratchDirectory("files-channel")
        let error = await #expect(throws: FilesChannelError.self) {
            _ = try await channel(folder).send(message, for: order(email: email))
        }
        let text = error?.text(in: .en) ?? ""
        #expect(text.hasPrefix("order T-1 has"))
        #expect(!text.contains("ana@"))
        #expect(!FileManager.default.fileExists(atPath: folder.url("outbox/T-1.eml").path))
    }

    @Test func existingMessageIsNeverOverwritten() async throws {
        let folder = try ScratchDirectory("files-channel")
        _ = try await channel(folder).send(message, for: order(email: "ana@example.com"))
        let first = try Data(contentsOf: folder.url("outbox/T-1.eml"))

        let error = await #expect(throws: FilesChannelError.self) {
            _ = try await channel(folder).send(message, for: order(email: "ana@example.com"))
        }

        #expect(error == .messageAlreadyInOutbox(orderID: "T-1", file: "T-1.eml"))
        #expect(try Data(contentsOf: folder.url("outbox/T-1.eml")) == first)
    }
}
