import Foundation
import KeyshipCore
import KeyshipStore

/// Runs one order's planned steps against its marketplace, in order, and records each outcome
/// on a copy of the ledger record. It stops at the first step that fails or cannot finish yet,
/// so a later step never runs before the one it depends on.
struct StepExecutor {
    var marketplace: any Marketplace
    var renderer: MessageRenderer
    var catalog: Catalog
    var channel: ChannelConfig
    /// Reads a store file (product instructions, key attachments) for message attachments.
    var readStoreFile: (String) throws -> [UInt8]?
    /// Returns the plaintext of a sold key; the caller decrypted every needed key beforehand.
    var plaintext: (SoldKey) throws -> String
    /// Finds the invoice the seller's invoicing system left for an order.
    var invoiceFinder: InvoiceFinder?
    var now: () -> Timestamp
    var logger: Logger

    /// The record after the steps, the order's line in the report, and the keys to put back in
    /// stock when the order was cancelled before delivery.
    struct Result {
        var record: LedgerRecord
        var outcome: OrderOutcome.Outcome
        var returns: [KeyReturn] = []
    }

    /// Runs `steps` (the planned steps, possibly cut short before an invoice that is not there
    /// yet, which `waitAfter` then names).
    func execute(_ work: RecordWork, steps: [RecordStep], waitAfter: RecordWait? = nil) async -> Result {
        var record = work.record
        var done: [String] = []
        var delivered: OrderOutcome.Outcome?
        var returns: [KeyReturn] = []
        let log = logger.with(["order": work.orderID, "channel": work.channel])

        for step in steps {
            do {
                switch step {
                case .accept:
                    guard let order = work.order else { break }
                    try await marketplace.accept(order)
                    record.acceptedAt = now()
                    done.append("accept")

                case .deliver(let attempt, let checkSentFirst):
                    guard let order = work.order else { break }
                    delivered = try await deliver(order: order, record: &record, attempt: attempt, checkSentFirst: checkSentFirst, log: log)

                case .confirmShipment:
                    guard let order = work.order else { break }
                    try await marketplace.confirmShipment(of: order)
                    record.shipment = ShipmentRecord(outcome: .confirmed, at: now())
                    done.append("ship")

                case .recordShipment(let outcome):
                    record.shipment = ShipmentRecord(outcome: outcome, at: now())
                    done.append(outcome == .leftToSeller ? "ship-by-seller" : "already-shipped")

                case .attachInvoice(let ifMissing):
                    guard let order = work.order, let invoice = try invoiceFinder?.invoice(for: order) else {
                        if ifMissing == .wait {
                            return Result(record: record, outcome: outcome(delivered, done, wait: .invoice), returns: returns)
                        }
                        record.invoice = InvoiceRecord(outcome: .notFound, at: now())
                        done.append("invoice")
                        continue
                    }
                    try await marketplace.attachInvoice(invoice, to: order)
                    record.invoice = InvoiceRecord(outcome: .attached, at: now(), document: invoice.fileName)
                    done.append("invoice")

                case .returnKeys(let keyReturns):
                    record.cancellation = CancellationRecord(
                        outcome: .returned, at: now(), marketplaceState: work.order?.marketplaceState ?? "")
                    returns += keyReturns
                    delivered = .cancelled(.returned)

                case .burnKeys:
                    record.cancellation = CancellationRecord(
                        outcome: .burned, at: now(), marketplaceState: work.order?.marketplaceState ?? "")
                    delivered = .cancelled(.burned)

                case .close:
                    record.closedAt = now()
                    done.append("close")
                }
            } catch {
                let reason = Self.englishReason(error)
                log.error("step failed", ["step": Self.name(of: step), "error": reason])
                if case .deliver = step {
                    record.delivery.status = .error
                    record.delivery.lastError = reason
                    record.delivery.lastAttemptAt = now()
                }
                return Result(record: record, outcome: .failed(step: Self.name(of: step), reason: reason), returns: returns)
            }
        }
        return Result(record: record, outcome: outcome(delivered, done, wait: waitAfter ?? work.wait), returns: returns)
    }

    private func outcome(_ delivered: OrderOutcome.Outcome?, _ done: [String], wait: RecordWait?) -> OrderOutcome.Outcome {
        guard let delivered else { return .progressed(steps: done, wait: wait) }
        if case .delivered(let language, let alreadySent, _, _) = delivered {
            return .delivered(language: language, alreadySent: alreadySent, then: done, wait: wait)
        }
        return delivered
    }

    /// Sends the record's keys once: after an earlier attempt that may have reached the buyer,
    /// the marketplace is asked first whether keyship's message is already there.
    private func deliver(
        order: Order, record: inout LedgerRecord, attempt: Int, checkSentFirst: Bool, log: Logger
    ) async throws -> OrderOutcome.Outcome {
        // The planner plans delivery only for paid orders; this guard keeps that promise even if
        // a caller gets it wrong.
        guard order.state.isPaid else { throw StepError.notPaid(orderID: order.id, state: order.marketplaceState) }
        let parts = try ProductKeys.parts(of: record, catalog: catalog, plaintext: plaintext)
        let rendered = try renderer.render(order: order, channel: channel, parts: parts)
        for choice in rendered.choices {
            log.info("template chosen", ["choice": choice.description])
        }
        record.delivery.attempts = max(record.delivery.attempts, attempt)
        record.delivery.lastAttemptAt = now()

        if checkSentFirst, let sent = try await marketplace.findSentMessage(for: order, subject: rendered.subject) {
            log.notice("message already sent by an earlier attempt; not sending again", ["message": sent.id])
            markDelivered(&record, sent: sent, language: rendered.language)
            return .delivered(language: rendered.language, alreadySent: true, then: [], wait: nil)
        }
        let message = try rendered.buyerMessage { path in
            guard let bytes = try readStoreFile(path) else { throw StepError.missingAttachment(path) }
            return bytes
        }
        let sent = try await marketplace.send(message, for: order)
        log.info("message sent", ["message": sent.id, "keys": String(record.keys.count), "language": rendered.language ?? "none"])
        markDelivered(&record, sent: sent, language: rendered.language)
        return .delivered(language: rendered.language, alreadySent: false, then: [], wait: nil)
    }

    private func markDelivered(_ record: inout LedgerRecord, sent: SentMessage, language: String?) {
        record.delivery.status = .done
        record.delivery.lastError = nil
        record.delivery.sentAt = sent.sentAt ?? now()
        record.delivery.messageID = sent.id
        record.delivery.language = language
    }

    static func name(of step: RecordStep) -> String {
        switch step {
        case .accept: "accept"
        case .deliver: "deliver"
        case .confirmShipment, .recordShipment: "ship"
        case .attachInvoice: "invoice"
        case .returnKeys: "return"
        case .burnKeys: "burn"
        case .close: "close"
        }
    }

    /// The failure in English for the ledger and the log: operator-facing errors carry their own
    /// English text; anything else is described by its type only, so no value leaks.
    static func englishReason(_ error: any Error) -> String {
        if let message = error as? any LocalizedMessage { return message.text(in: .en) }
        return "unexpected \(type(of: error))"
    }
}

enum StepError: KeyshipError, Equatable {
    case missingAttachment(String)
    case notPaid(orderID: String, state: String)

    func text(in language: Language) -> String {
        switch self {
        case .missingAttachment(let path):
            language.pick(
                es: "falta el documento adjunto \(path) en la tienda; añádelo o corrige la ruta en el catálogo",
                en: "the attached document \(path) is missing from the store; add it or fix the path in the catalogue")
        case .notPaid(let orderID, let state):
            language.pick(
                es: "el pedido \(orderID) no está pagado (estado \(state)); las claves solo se envían a pedidos pagados",
                en: "the order \(orderID) is not paid (state \(state)); keys are sent only for paid orders")
        }
    }
}

/// Finds invoices at `<folder>/<channel>/<order>.pdf`.
struct InvoiceFinder {
    var folder: URL
    var channel: String

    func invoice(for order: Order) throws -> InvoiceDocument? {
        let name = StoreLayout.fileName(forOrderID: order.id) + ".pdf"
        let url = folder.appendingPathComponent(channel).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return InvoiceDocument(fileName: name, data: Array(try Data(contentsOf: url)))
    }

    /// Returns true when the invoice file is there, without reading it.
    func exists(for orderID: String) -> Bool {
        let name = StoreLayout.fileName(forOrderID: orderID) + ".pdf"
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent(channel).appendingPathComponent(name).path)
    }
}
