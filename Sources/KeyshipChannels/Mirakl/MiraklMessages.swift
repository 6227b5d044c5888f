import Foundation
public import KeyshipCore
import KeyshipNet

extension MiraklChannel {
    /// The largest message OR43 accepts, body and attachments together, in bytes. Mirakl
    /// documents "30 Megabyte" without saying decimal or binary, so the smaller reading is used.
    public static let maxMessageBytes = 30_000_000
    /// The maximum number of attachments on one order, across its threads. The channel checks
    /// each message against it, and Mirakl rejects (400) a message that passes the limit
    /// together with the order's earlier threads.
    public static let maxAttachmentsPerOrder = 50

    /// Looks for the thread keyship opened on the order with this subject, with M11 (following
    /// `next_page_token`): a free-text topic equal to `subject` and a message from the shop.
    /// Threads the buyer opened never match, whatever their topic.
    public func findSentMessage(for order: Order, subject: String) async throws -> SentMessage? {
        var pageToken: String?
        var seenTokens: Set<String> = []
        repeat {
            var query = [("entity_type", "MMP_ORDER"), ("entity_id", order.id), ("with_messages", "true")]
            if let pageToken { query.append(("page_token", pageToken)) }
            let call = Call(
                api: .listThreads, method: "GET", path: "/api/inbox/threads", query: query, retry: .idempotent,
                orderID: order.id)
            let response: HTTPResponse
            do {
                response = try await perform(call)
            } catch {
                throw failure(error, of: call)
            }
            let json = try json(response, call)
            guard let threads = json["data"]?.array else {
                throw self.error(.invalidResponse("M11 without data"), .listThreads, order: order.id)
            }
            for thread in threads {
                if let found = sentMessage(in: thread, subject: subject) { return found }
            }
            pageToken = json["next_page_token"]?.string.flatMap { $0.isEmpty ? nil : $0 }
            if let pageToken, !seenTokens.insert(pageToken).inserted {
                throw self.error(.invalidResponse("M11 repeated the page token"), .listThreads, order: order.id)
            }
        } while pageToken != nil
        return nil
    }

    /// Returns the thread as a sent message when its topic is `subject` and the shop wrote in
    /// it: a message from a shop user (or, without messages, a last sender) whose organisation
    /// is a shop, and this shop when the channel names one.
    private func sentMessage(in thread: JSONValue, subject: String) -> SentMessage? {
        guard let id = thread["id"]?.string, !id.isEmpty,
              thread["topic"]?["type"]?.string == "FREE_TEXT", thread["topic"]?["value"]?.string == subject
        else { return nil }
        let senders: [(sender: JSONValue, date: String?)]
        if let messages = thread["messages"]?.array {
            senders = messages.compactMap { message in message["from"].map { ($0, message["date_created"]?.string) } }
        } else if let lastSender = thread["metadata"]?["last_sender"] {
            senders = [(lastSender, thread["date_created"]?.string)]
        } else {
            senders = []
        }
        let shopDates = senders.filter { isThisShop($0.sender) }.map(\.date)
        guard !shopDates.isEmpty else { return nil }
        let sentAt = shopDates.compactMap { $0.flatMap { Timestamp(iso: $0) } }.min()
            ?? thread["date_created"]?.string.flatMap { Timestamp(iso: $0) }
        return SentMessage(id: id, sentAt: sentAt)
    }

    private func isThisShop(_ sender: JSONValue) -> Bool {
        let organisation = sender["organization_details"]
        let isShop = sender["type"]?.string == "SHOP_USER" || sender["type"]?.string == "SHOP"
            || organisation?["type"]?.string == "SHOP"
        guard isShop else { return false }
        guard let shopID = settings.shopID, let senderShop = organisation?["id"]?.scalarText else { return true }
        return senderShop == shopID
    }

    /// Sends the message with OR43 as a new thread to the buyer, attachments as `files` parts.
    ///
    /// The post is sent once: Mirakl has no idempotency key and a repeated post makes a second
    /// thread. After a lost response (timeout, dropped connection, 5xx) M11 is checked. The
    /// thread is returned when it is there, and otherwise `.messageNotConfirmed` is thrown so
    /// the next run checks M11 again before sending.
    public func send(_ message: BuyerMessage, for order: Order) async throws -> SentMessage {
        try checkLimits(message, order: order)

        struct ThreadInput: Encodable {
            struct Topic: Encodable {
                var type: String
                var value: String
            }

            var body: String
            var to: [String]
            var topic: Topic
        }
        let input = ThreadInput(body: message.body, to: ["CUSTOMER"], topic: .init(type: "FREE_TEXT", value: message.subject))
        var parts = [MultipartFormData.Part(name: "thread_input", contentType: "application/json", data: try Self.jsonData(input))]
        for attachment in message.attachments {
            parts.append(.file("files", filename: attachment.fileName, contentType: attachment.contentType, data: attachment.data))
        }
        let call = Call(
            api: .createThread, method: "POST", path: orderPath(order.id, "threads"), body: .form(MultipartFormData(parts: parts)),
            retry: .never, orderID: order.id)

        let response: HTTPResponse
        do {
            response = try await perform(call)
        } catch let httpError as HTTPError where httpError.outcomeIsUnknown {
            logger.warning("Mirakl message outcome unknown; checking M11", [
                "api": "OR43", "order_id": order.id, "error": Self.logSummary(httpError),
            ])
            if let sent = try await findSentMessage(for: order, subject: message.subject) { return sent }
            throw error(.messageNotConfirmed(httpError), .createThread, order: order.id)
        } catch {
            throw failure(error, of: call)
        }

        guard let threadID = JSONValue.parse(Data(response.body))?["thread_id"]?.scalarText, !threadID.isEmpty else {
            // The thread exists but the response does not name it, so M11 is asked.
            if let sent = try await findSentMessage(for: order, subject: message.subject) { return sent }
            throw error(.invalidResponse("OR43 returned HTTP \(response.status) without thread_id"), .createThread, order: order.id)
        }
        logger.info("Mirakl message sent", ["api": "OR43", "order_id": order.id, "thread_id": threadID])
        return SentMessage(id: threadID, sentAt: options.now())
    }

    private func checkLimits(_ message: BuyerMessage, order: Order) throws(MiraklError) {
        guard message.attachments.count <= Self.maxAttachmentsPerOrder else {
            throw error(
                .tooManyAttachments(count: message.attachments.count, limit: Self.maxAttachmentsPerOrder), .createThread,
                order: order.id)
        }
        let size = message.body.utf8.count + message.attachments.reduce(0) { $0 + $1.data.count }
        guard size <= Self.maxMessageBytes else {
            throw error(.messageTooLarge(bytes: size, limit: Self.maxMessageBytes), .createThread, order: order.id)
        }
    }
}
