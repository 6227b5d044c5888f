import Foundation
public import KeyshipCore
import KeyshipNet

extension MiraklChannel {
    /// File extensions OR74 accepts, as Mirakl's shop SDK (mirakl/sdk-php-shop) lists them.
    public static let documentExtensions: Set<String> = [
        "csv", "doc", "xls", "ppt", "pdf", "odt", "ods", "odp", "txt", "rtf", "png", "jpg", "gif",
    ]

    /// The document type of invoices for the buyer.
    static let invoiceType = "CUSTOMER_INVOICE"

    /// Uploads the invoice with OR74 as a CUSTOMER_INVOICE, unless OR72 already lists a
    /// customer invoice of that name on the order, so an invoice is never uploaded twice.
    ///
    /// OR74's 200 response lists only the documents that failed, and a failure of this file
    /// throws `.documentRejected` with Mirakl's reason. After a lost response OR72 is checked
    /// again.
    public func attachInvoice(_ invoice: InvoiceDocument, to order: Order) async throws {
        try checkDocumentName(invoice.fileName, order: order)
        if try await hasInvoice(named: invoice.fileName, on: order.id) {
            logger.info("Mirakl invoice already attached", ["api": "OR72", "order_id": order.id])
            return
        }

        struct Description: Encodable {
            struct Document: Encodable {
                var fileName: String
                var typeCode: String
            }

            var orderDocuments: [Document]
        }
        let description = Description(orderDocuments: [.init(fileName: invoice.fileName, typeCode: Self.invoiceType)])
        let form = MultipartFormData(parts: [
            .file("files", filename: invoice.fileName, contentType: Self.mediaType(of: invoice.fileName), data: invoice.data),
            MultipartFormData.Part(name: "order_documents", contentType: "application/json", data: try Self.jsonData(description)),
        ])
        let call = Call(
            api: .uploadDocuments, method: "POST", path: orderPath(order.id, "documents"), body: .form(form), retry: .never,
            orderID: order.id)

        let response: HTTPResponse
        do {
            response = try await perform(call)
        } catch let httpError as HTTPError where httpError.outcomeIsUnknown {
            logger.warning("Mirakl invoice upload outcome unknown; checking OR72", [
                "api": "OR74", "order_id": order.id, "error": Self.logSummary(httpError),
            ])
            if try await hasInvoice(named: invoice.fileName, on: order.id) { return }
            throw error(.documentNotConfirmed(fileName: invoice.fileName, httpError), .uploadDocuments, order: order.id)
        } catch {
            throw failure(error, of: call)
        }

        let json = try json(response, call)
        let failed = json["order_documents"]?.array ?? []
        let errorCount = json["errors_count"]?.int ?? failed.count
        guard errorCount > 0 else {
            logger.info("Mirakl invoice attached", ["api": "OR74", "order_id": order.id])
            return
        }
        let reason = failed.first { Self.fileName(ofFailed: $0) == invoice.fileName }.map(Self.reason(ofFailed:))
            ?? failed.first.map(Self.reason(ofFailed:))
            ?? "errors_count \(errorCount)"
        throw error(.documentRejected(fileName: invoice.fileName, reason: redacted(reason)), .uploadDocuments, order: order.id)
    }

    /// True when OR72 lists a customer invoice named `fileName` on the order.
    private func hasInvoice(named fileName: String, on orderID: String) async throws -> Bool {
        let call = Call(
            api: .listDocuments, method: "GET", path: "/api/orders/documents", query: [("order_ids", orderID)],
            retry: .idempotent, orderID: orderID)
        let response: HTTPResponse
        do {
            response = try await perform(call)
        } catch {
            throw failure(error, of: call)
        }
        guard let documents = try json(response, call)["order_documents"]?.array else {
            throw self.error(.invalidResponse("OR72 without order_documents"), .listDocuments, order: orderID)
        }
        return documents.contains { document in
            let type = document["type"]?.string ?? document["type_code"]?.string
            let owner = document["order_id"]?.string ?? orderID
            return owner == orderID && document["file_name"]?.string == fileName && type == Self.invoiceType
        }
    }

    private func checkDocumentName(_ name: String, order: Order) throws(MiraklError) {
        let isASCII = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }
        let parts = name.split(separator: ".")
        let fileExtension = parts.count > 1 ? parts.last!.lowercased() : ""
        guard isASCII, Self.documentExtensions.contains(fileExtension) else {
            throw error(.invalidDocumentName(name), .uploadDocuments, order: order.id)
        }
    }

    /// Returns the file name of a failed document in OR74's response: in `input`, as Mirakl's
    /// shop SDK reads it, or at the top level.
    // NOTE: the failed-entry shape comes from mirakl/sdk-php-shop (`InputWithErrors`: `input`
    // and `errors`); no documented example response was found, so both shapes are read.
    private static func fileName(ofFailed document: JSONValue) -> String? {
        document["input"]?["file_name"]?.string ?? document["file_name"]?.string
    }

    /// Joins the reasons given for a failed document.
    private static func reason(ofFailed document: JSONValue) -> String {
        let messages = (document["errors"]?.array ?? []).compactMap { $0["message"]?.string ?? $0["code"]?.string }
        if !messages.isEmpty { return messages.joined(separator: "; ") }
        return document["message"]?.string ?? "no reason given"
    }

    static func mediaType(of fileName: String) -> String {
        switch fileName.split(separator: ".").last?.lowercased() ?? "" {
        case "pdf": "application/pdf"
        case "txt": "text/plain"
        case "csv": "text/csv"
        case "png": "image/png"
        case "jpg": "image/jpeg"
        case "gif": "image/gif"
        default: "application/octet-stream"
        }
    }
}
