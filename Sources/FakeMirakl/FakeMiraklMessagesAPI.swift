import Foundation
import KeyshipCore
import LoopbackHTTP

extension FakeMirakl.Core {
    /// OR43 `POST /api/orders/{id}/threads`: a multipart body with a `thread_input` JSON part
    /// (`body`, `to`, `topic`) and one `files` part per attachment. Enforces 30 MB per message
    /// and 50 attachments per order across its threads. Every accepted post makes a new thread.
    func createThread(_ context: FakeMirakl.RequestContext, _ state: inout FakeMirakl.State) -> LoopbackResponse {
        let orderID = context.orderID
        guard state.orders[orderID] != nil else { return Self.error(404, "Order \(orderID) not found") }
        guard let boundary = MultipartReader.boundary(contentType: context.request.header("Content-Type")),
              let parts = MultipartReader.parts(of: context.request.body, boundary: boundary)
        else { return Self.error(400, "The body must be multipart/form-data") }

        guard let inputPart = parts.first(where: { $0.name == "thread_input" }),
              let input = FakeJSON.parse(inputPart.data), input.isObject
        else { return Self.error(400, "The thread_input part is missing or is not a JSON object") }
        guard let body = input["body"]?.string, !body.isEmpty else {
            return Self.error(400, "thread_input.body is required")
        }
        guard let recipients = input["to"]?.array?.compactMap(\.string), !recipients.isEmpty,
              recipients.allSatisfy({ ["CUSTOMER", "OPERATOR"].contains($0) })
        else { return Self.error(400, "thread_input.to must list CUSTOMER and/or OPERATOR") }
        guard let topicType = input["topic"]?["type"]?.string, ["FREE_TEXT", "REASON_CODE"].contains(topicType),
              let topic = input["topic"]?["value"]?.string, !topic.isEmpty
        else { return Self.error(400, "thread_input.topic needs a type (FREE_TEXT or REASON_CODE) and a value") }

        let files = parts.filter { $0.name == "files" }
        if let unnamed = files.firstIndex(where: { ($0.filename ?? "").isEmpty }) {
            return Self.error(400, "The files part number \(unnamed + 1) has no file name")
        }
        let size = body.utf8.count + files.reduce(0) { $0 + $1.data.count }
        guard size <= FakeMirakl.maxMessageBytes else {
            return Self.error(400, "The message is \(size) bytes; the limit is \(FakeMirakl.maxMessageBytes) bytes")
        }
        let existing = state.threads.filter { $0.orderID == orderID }.reduce(0) { $0 + $1.attachments.count }
        guard existing + files.count <= FakeMirakl.maxAttachmentsPerOrder else {
            return Self.error(
                400, "Order \(orderID) already has \(existing) attachments; \(files.count) more would pass the limit of "
                    + "\(FakeMirakl.maxAttachmentsPerOrder)")
        }

        let thread = state.addThread(
            orderID: orderID, author: .shop, topicType: topicType, topic: topic, body: body, recipients: recipients,
            files: files, now: context.now)
        return Self.json(.fields(["message_id": .string(thread.messageID), "thread_id": .string(thread.id)]), status: 201)
    }

    /// M11 `GET /api/inbox/threads`: filters by `entity_type` and `entity_id` (entity_id
    /// without entity_type is 400), newest first, with seek paging (`limit`, `page_token`,
    /// `next_page_token`); `with_messages=true` adds the messages.
    func listThreads(_ context: FakeMirakl.RequestContext, _ state: FakeMirakl.State) -> LoopbackResponse {
        let request = context.request
        var threads = state.threads.reversed() as [FakeMirakl.Thread]
        let entityType = request.queryValue("entity_type")
        if let ids = context.list("entity_id") {
            guard entityType != nil else { return Self.error(400, "entity_id needs entity_type") }
            let wanted = Set(ids)
            threads = threads.filter { wanted.contains($0.orderID) }
        }
        if let entityType, entityType != "MMP_ORDER" { threads = [] }

        var limit = configuration.threadPageLimit
        if let text = request.queryValue("limit") {
            guard let value = Int(text), value > 0 else { return Self.error(400, "limit must be a positive integer") }
            limit = min(value, configuration.threadPageLimit)
        }
        var offset = 0
        if let token = request.queryValue("page_token") {
            guard let decoded = Self.decodePageToken(token) else { return Self.error(400, "Invalid page_token") }
            offset = decoded
        }
        let withMessages = request.queryValue("with_messages") == "true"

        let page = threads[min(offset, threads.count)..<min(offset + limit, threads.count)]
        var members: [FakeJSON.Member] = [
            .init("data", .array(page.map { threadJSON($0, state, withMessages: withMessages) })),
        ]
        if offset + limit < threads.count {
            members.append(.init("next_page_token", .string(Self.encodePageToken(offset + limit))))
        }
        if offset > 0 {
            members.append(.init("previous_page_token", .string(Self.encodePageToken(max(0, offset - limit)))))
        }
        return Self.json(.object(members))
    }

    private func threadJSON(_ thread: FakeMirakl.Thread, _ state: FakeMirakl.State, withMessages: Bool) -> FakeJSON {
        let order = state.orders[thread.orderID]
        let customerID = order?.customer?.customerID ?? "customer-\(thread.orderID)"
        let customerName = [order?.customer?.firstname, order?.customer?.lastname].compactMap { $0 }.joined(separator: " ")
        let shopID = String(configuration.shopID)
        let shop = FakeJSON.fields(["display_name": .string(configuration.shopName), "id": .string(shopID), "type": .string("SHOP")])
        let customer = FakeJSON.fields(["display_name": .string(customerName), "id": .string(customerID), "type": .string("CUSTOMER")])
        let sender: FakeJSON = switch thread.author {
        case .shop:
            .fields([
                "display_name": .string("keyship"),
                "organization_details": shop,
                "type": .string("SHOP_USER"),
            ])
        case .customer:
            .fields(["display_name": .string(customerName), "type": .string("CUSTOMER_USER")])
        }
        let date = FakeJSON.string(thread.createdAt.iso)

        var members: [FakeJSON.Member] = [
            .init("authorized_participants", .array([shop, customer, .fields(["display_name": .string("Operator"), "type": .string("OPERATOR")])])),
            .init("current_participants", .array([shop, customer])),
            .init("date_created", date),
            .init("date_updated", date),
            .init("entities", .array([.fields([
                "id": .string(thread.orderID), "label": .string(order?.commercialID ?? thread.orderID), "type": .string("MMP_ORDER"),
            ])])),
            .init("id", .string(thread.id)),
            .init("metadata", .fields([
                "last_message_date": date, "last_sender": sender, "shop_reply_needed_since": .null, "total_count": .int(1),
            ])),
            .init("no_store_reply_needed", .array([])),
            .init("topic", .fields(["type": .string(thread.topicType), "value": .string(thread.topic)])),
        ]
        if withMessages {
            let recipients = thread.recipients.map { recipient -> FakeJSON in
                switch recipient {
                case "CUSTOMER": customer
                case "SHOP": shop
                default: .fields(["display_name": .string("Operator"), "type": .string(recipient)])
                }
            }
            let attachments = thread.attachments.map { attachment -> FakeJSON in
                .fields(["id": .string(attachment.id), "name": .string(attachment.fileName), "size": .int(attachment.data.count)])
            }
            members.append(.init("messages", .array([.fields([
                "attachments": .array(attachments),
                "body": .string(thread.body),
                "date_created": date,
                "from": sender,
                "id": .string(thread.messageID),
                "to": .array(recipients),
            ])])))
        }
        return .object(members)
    }

    private static func encodePageToken(_ offset: Int) -> String {
        Data("offset=\(offset)".utf8).base64EncodedString()
    }

    private static func decodePageToken(_ token: String) -> Int? {
        guard let data = Data(base64Encoded: token),
              let text = String(data: data, encoding: .utf8), text.hasPrefix("offset="),
              let offset = Int(text.dropFirst("offset=".count)), offset >= 0
        else { return nil }
        return offset
    }
}
