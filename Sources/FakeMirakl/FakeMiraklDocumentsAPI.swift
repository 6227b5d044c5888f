import KeyshipCore
import LoopbackHTTP

extension FakeMirakl.Core {
    /// Document types the fake accepts in OR74.
    static let documentTypes: Set<String> = ["CUSTOMER_INVOICE", "CUSTOMER_CREDIT_NOTE", "DELIVERY_SLIP", "SYSTEM_DELIVERY_BILL"]
    /// File extensions OR74 accepts, as Mirakl's shop SDK lists them.
    static let documentExtensions: Set<String> = [
        "csv", "doc", "xls", "ppt", "pdf", "odt", "ods", "odp", "txt", "rtf", "png", "jpg", "gif",
    ]

    /// OR72 `GET /api/orders/documents?order_ids=`: the documents of at most 100 orders.
    func listDocuments(_ context: FakeMirakl.RequestContext, _ state: FakeMirakl.State) -> LoopbackResponse {
        guard let ids = context.list("order_ids"), !ids.isEmpty else { return Self.error(400, "order_ids is required") }
        guard ids.count <= FakeMirakl.maxOrderIDsPerRequest else {
            return Self.error(400, "order_ids accepts at most \(FakeMirakl.maxOrderIDsPerRequest) values, got \(ids.count)")
        }
        let wanted = Set(ids)
        let documents = state.documents.filter { wanted.contains($0.orderID) }.map { document -> FakeJSON in
            .fields([
                "date_uploaded": .string(document.uploadedAt.iso),
                "file_name": .string(document.fileName),
                "file_size": .int(document.data.count),
                "id": .int(document.id),
                "order_id": .string(document.orderID),
                "type": .string(document.typeCode),
            ])
        }
        return Self.json(.fields(["order_documents": .array(documents), "total_count": .int(documents.count)]))
    }

    /// OR74 `POST /api/orders/{id}/documents`: `files` parts plus an `order_documents` JSON part
    /// naming each file's type. Documents are checked one by one; the 200 response lists only
    /// the failed ones, with `errors_count`.
    func uploadDocuments(_ context: FakeMirakl.RequestContext, _ state: inout FakeMirakl.State) -> LoopbackResponse {
        let orderID = context.orderID
        guard state.orders[orderID] != nil else { return Self.error(404, "Order \(orderID) not found") }
        guard let boundary = MultipartReader.boundary(contentType: context.request.header("Content-Type")),
              let parts = MultipartReader.parts(of: context.request.body, boundary: boundary)
        else { return Self.error(400, "The body must be multipart/form-data") }
        guard let descriptionPart = parts.first(where: { $0.name == "order_documents" }),
              let entries = FakeJSON.parse(descriptionPart.data)?["order_documents"]?.array
        else { return Self.error(400, "The order_documents part is missing or has no order_documents array") }

        let files = parts.filter { $0.name == "files" }
        var failures: [FakeJSON] = []
        var namesInRequest: Set<String> = []
        var stored = state.documents.filter { $0.orderID == orderID }.count

        func fail(_ fileName: String, _ typeCode: String, _ code: String, _ message: String) {
            failures.append(.fields([
                "errors": .array([.fields(["code": .string(code), "field": .string("file_name"), "message": .string(message)])]),
                "input": .fields(["file_name": .string(fileName), "type_code": .string(typeCode)]),
            ]))
        }

        for entry in entries {
            let fileName = entry["file_name"]?.string ?? ""
            let typeCode = entry["type_code"]?.string ?? ""
            let fileExtension = fileName.split(separator: ".").count > 1 ? fileName.split(separator: ".").last!.lowercased() : ""
            guard let file = files.first(where: { $0.filename == fileName }) else {
                fail(fileName, typeCode, "FILE_NOT_FOUND", "No file was uploaded with the name \(fileName)")
                continue
            }
            guard Self.documentTypes.contains(typeCode) else {
                fail(fileName, typeCode, "INVALID_TYPE", "Unknown document type \(typeCode)")
                continue
            }
            guard fileName.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) else {
                fail(fileName, typeCode, "INVALID_FILE_NAME", "The file name must be US-ASCII")
                continue
            }
            guard Self.documentExtensions.contains(fileExtension) else {
                fail(fileName, typeCode, "INVALID_EXTENSION", "Files of type .\(fileExtension) are not accepted")
                continue
            }
            let takenOnOrder = state.documents.contains { $0.orderID == orderID && $0.fileName == fileName }
            guard namesInRequest.insert(fileName).inserted, !takenOnOrder else {
                fail(fileName, typeCode, "DUPLICATE_FILE_NAME", "The order already has a document named \(fileName)")
                continue
            }
            guard stored < FakeMirakl.maxDocumentsPerOrder else {
                fail(fileName, typeCode, "TOO_MANY_DOCUMENTS", "An order can have at most \(FakeMirakl.maxDocumentsPerOrder) documents")
                continue
            }
            state.documents.append(FakeMirakl.Document(
                id: state.nextID(), orderID: orderID, fileName: fileName, typeCode: typeCode, data: file.data,
                uploadedAt: context.now))
            stored += 1
        }
        for file in files where !entries.contains(where: { $0["file_name"]?.string == file.filename }) {
            fail(file.filename ?? "", "", "MISSING_DOCUMENT_TYPE", "The file \(file.filename ?? "") is not listed in order_documents")
        }
        return Self.json(.fields(["errors_count": .int(failures.count), "order_documents": .array(failures)]))
    }
}
