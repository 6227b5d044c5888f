import FakeMirakl
import KeyshipChannels
import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Testing

@Suite struct MiraklMessagesTests {
    static let subject = "Tus claves de licencia del pedido O-1"
    static let binary = Array(0...255).map(UInt8.init) + Array("--keyship-form-\r\n".utf8)

    static func message(attachments: [MessageAttachment] = []) -> BuyerMessage {
        BuyerMessage(subject: subject, body: "Hola Ana,\nclave: AAAAA-BBBBB-CCCCC\n", attachments: attachments, language: "es")
    }

    static let attachments = [
        MessageAttachment(fileName: "instrucciones ñ.pdf", contentType: "application/pdf", data: binary),
        MessageAttachment(fileName: "licencia.txt", contentType: "text/plain", data: Array("línea 1\r\nlínea 2".utf8)),
    ]

    @Test func sendCreatesOneThreadWithExactAttachments() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))

        let sent = try await harness.channel.send(Self.message(attachments: Self.attachments), for: order)

        let threads = harness.fake.threads(for: "O-1")
        #expect(threads.count == 1)
        let thread = try #require(threads.first)
        #expect(sent == SentMessage(id: thread.id, sentAt: MiraklHarness.start))
        #expect(thread.author == .shop)
        #expect(thread.topicType == "FREE_TEXT")
        #expect(thread.topic == Self.subject)
        #expect(thread.body == "Hola Ana,\nclave: AAAAA-BBBBB-CCCCC\n")
        #expect(thread.recipients == ["CUSTOMER"])
        #expect(thread.attachments.map(\.fileName) == ["instrucciones ñ.pdf", "licencia.txt"])
        #expect(thread.attachments.map(\.contentType) == ["application/pdf", "text/plain"])
        #expect(thread.attachments.map(\.data) == Self.attachments.map(\.data))
    }

    @Test func lostAnswerIsFoundWithM11() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.applyThenDropConnection, on: .createThread)

        let sent = try await harness.channel.send(Self.message(), for: order)

        let threads = harness.fake.threads(for: "O-1")
        #expect(threads.count == 1)
        #expect(sent == SentMessage(id: threads[0].id, sentAt: MiraklHarness.start))
        #expect(harness.fake.callCount(.createThread) == 1)
        #expect(harness.fake.requests(to: .listThreads).first?.queryPairs == [
            "entity_type=MMP_ORDER", "entity_id=O-1", "with_messages=true",
        ])
    }

    @Test func slowAnswerPastTheTimeoutIsFoundWithM11() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")], requestTimeout: .milliseconds(250))
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.slowResponse(delay: .milliseconds(700)), on: .createThread)

        let sent = try await harness.channel.send(Self.message(), for: order)

        #expect(harness.fake.threads(for: "O-1").map(\.id) == [sent.id])
        #expect(harness.fake.callCount(.createThread) == 1)
    }

    @Test func serverErrorLeavesTheNextRunToSendOnce() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))
        harness.fake.inject(.serverError(status: 502), on: .createThread)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.send(Self.message(), for: order)
        }

        guard case .messageNotConfirmed? = error?.problem else {
            Issue.record("expected messageNotConfirmed, got \(String(describing: error?.problem))")
            return
        }
        #expect(error?.exitCode == .unavailable)
        #expect(error?.text(in: .en).hasSuffix("M11 does not show the thread yet. The next run checks M11 again before sending it again.") == true)
        #expect(harness.fake.threads(for: "O-1").isEmpty)
        #expect(harness.fake.callCount(.createThread) == 1)

        // The next run checks first, finds nothing and sends once.
        #expect(try await harness.channel.findSentMessage(for: order, subject: Self.subject) == nil)
        _ = try await harness.channel.send(Self.message(), for: order)
        #expect(harness.fake.threads(for: "O-1").count == 1)
    }

    @Test func findSentMessageMatchesOnlyTheShopThreadWithTheSubject() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING"), makeOrder("O-2", state: "SHIPPING")], threadPageLimit: 2)
        let order = try #require(try await harness.listed("O-1"))
        let other = try #require(try await harness.listed("O-2"))

        let sent = try await harness.channel.send(Self.message(), for: order)
        harness.clock.advance(seconds: 60)
        _ = try await harness.channel.send(Self.message(), for: other)
        _ = try await harness.channel.send(
            BuyerMessage(subject: "Otro asunto", body: "x", attachments: [], language: "es"), for: order)
        try harness.fake.addCustomerThread(orderID: "O-1", topic: Self.subject, body: "No me llega la clave")
        try harness.fake.addCustomerThread(orderID: "O-1", topic: "Factura", body: "¿Y la factura?")

        let found = try await harness.channel.findSentMessage(for: order, subject: Self.subject)

        #expect(found == SentMessage(id: sent.id, sentAt: MiraklHarness.start))
        let pages = harness.fake.requests(to: .listThreads)
        #expect(pages.count == 2)
        #expect(pages[0].queryValue("page_token") == nil)
        #expect(pages[1].queryValue("page_token") != nil)
        #expect(try await harness.channel.findSentMessage(for: order, subject: "Tus claves") == nil)
    }

    @Test func tooManyAttachmentsAreRefusedBeforeSending() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))
        let attachments = (1...51).map { MessageAttachment(fileName: "k\($0).txt", contentType: "text/plain", data: [1]) }

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.send(Self.message(attachments: attachments), for: order)
        }

        #expect(error?.text(in: .en) ==
            "Sales channel \"pcc\" (Mirakl), order O-1, OR43 (send the message to the buyer): the message carries 51 attached "
                + "documents and Mirakl accepts 50 per order. Reduce the documents attached to the product or to the licence keys.")
        #expect(harness.fake.callCount(.createThread) == 0)
    }

    @Test func messageLargerThan30MBIsRefusedBeforeSending() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))
        let body = Self.message().body
        let filler = [UInt8](repeating: 7, count: MiraklChannel.maxMessageBytes - body.utf8.count + 1)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.send(
                Self.message(attachments: [MessageAttachment(fileName: "big.pdf", contentType: "application/pdf", data: filler)]),
                for: order)
        }

        #expect(error?.text(in: .es) ==
            "Canal de venta «pcc» (Mirakl), pedido O-1, OR43 (enviar el mensaje al cliente): el mensaje ocupa 30000001 bytes "
                + "con sus documentos adjuntos y Mirakl admite 30000000 bytes por mensaje. Reduce los documentos adjuntos.")
        #expect(harness.fake.callCount(.createThread) == 0)
    }

    @Test func attachmentsPastTheOrderLimitAreRefusedByMirakl() async throws {
        let harness = try MiraklHarness(orders: [makeOrder("O-1", state: "SHIPPING")])
        let order = try #require(try await harness.listed("O-1"))
        func attachments(_ count: Int) -> [MessageAttachment] {
            (1...count).map { MessageAttachment(fileName: "k\($0).txt", contentType: "text/plain", data: [UInt8($0)]) }
        }
        _ = try await harness.channel.send(Self.message(attachments: attachments(30)), for: order)

        let error = await #expect(throws: MiraklError.self) {
            try await harness.channel.send(
                BuyerMessage(subject: "Segundo", body: "y", attachments: attachments(25), language: "es"), for: order)
        }

        guard case .rejected(let status, let detail)? = error?.problem else {
            Issue.record("expected rejected, got \(String(describing: error?.problem))")
            return
        }
        #expect(status == 400)
        #expect(detail == "Order O-1 already has 30 attachments; 25 more would pass the limit of 50")
        #expect(harness.fake.threads(for: "O-1").count == 1)
    }
}
