import KeyshipCore
import LoopbackHTTP

extension FakeMirakl.Core {
    /// The header a stock import file must start with, column for column.
    static let stockColumns = ["offer-sku", "quantity", "warehouse-code", "update-delete"]

    /// OF21 `GET /api/offers`: the shop's offers by SKU, paged with `max` (default 10, at most
    /// 100) and `offset`.
    func listOffers(_ context: FakeMirakl.RequestContext, _ state: FakeMirakl.State) -> LoopbackResponse {
        let page: Page
        switch Page.read(context.request, defaultSize: 10) {
        case .success(let read): page = read
        case .failure(let refusal): return refusal.response
        }
        let offers = state.offers.keys.sorted().compactMap { state.offers[$0] }
        let json = page.slice(offers).map { offer -> FakeJSON in
            let total = offer.quantity + offer.warehouseQuantities.values.reduce(0, +)
            return .fields([
                "offer_id": .int(state.offerIDs[offer.sku] ?? 0),
                "shop_sku": .string(offer.sku),
                "product_sku": .string(offer.productSKU),
                "product_title": .string(offer.title),
                "quantity": .int(total),
                "active": .bool(offer.active),
                "price": .double(offer.price),
                "state_code": .string("11"),
                "currency_iso_code": .string("EUR"),
                "all_prices": .array([]),
                "fulfillment": .fields(["center": .fields(["code": .string("DEFAULT")])]),
            ])
        }
        return Self.json(.fields(["offers": .array(Array(json)), "total_count": .int(offers.count)]))
    }

    /// STO01 `POST /api/offers/stock/imports`: a `file` part holding a `;`-separated CSV with
    /// the header `offer-sku;quantity;warehouse-code;update-delete`. A missing file or a wrong
    /// header rejects the whole import with 400; bad lines (unknown SKU, a quantity that is not
    /// a non-negative integer, an unknown action, a wrong column count) are reported through
    /// STO02's `lines_in_error` and STO03. Good lines are applied at once.
    func importStock(_ context: FakeMirakl.RequestContext, _ state: inout FakeMirakl.State) -> LoopbackResponse {
        guard let boundary = MultipartReader.boundary(contentType: context.request.header("Content-Type")),
              let parts = MultipartReader.parts(of: context.request.body, boundary: boundary)
        else { return Self.error(400, "The body must be multipart/form-data") }
        guard let file = parts.first(where: { $0.name == "file" }) else {
            return Self.error(400, "The file part is missing")
        }
        let records: [CSV.Record]
        do {
            records = try CSV.read(file.data, separator: UInt8(ascii: ";")).filter { !$0.isBlank }
        } catch {
            return Self.error(400, "The file is not a readable CSV: \(error)")
        }
        guard let header = records.first, header.fields == Self.stockColumns else {
            let found = records.first?.fields.joined(separator: ";") ?? ""
            return Self.error(400, "The header must be \(Self.stockColumns.joined(separator: ";")), separated by ';'; found \"\(found)\"")
        }

        var errors: [FakeMirakl.StockLineError] = []
        var updates: [(sku: String, warehouse: String, quantity: Int?)] = []
        for record in records.dropFirst() {
            if let problem = Self.stockLineProblem(record.fields, offers: state.offers) {
                errors.append(FakeMirakl.StockLineError(line: record.line, message: problem, fields: record.fields))
                continue
            }
            let quantity = record.fields[3] == "delete" ? nil : Int(record.fields[1])
            updates.append((record.fields[0], record.fields[2], quantity))
        }

        let fails = state.stockImportsFail
        if !fails {
            for update in updates {
                guard var offer = state.offers[update.sku] else { continue }
                switch (update.warehouse.isEmpty, update.quantity) {
                case (true, let quantity): offer.quantity = quantity ?? 0
                case (false, let quantity?): offer.warehouseQuantities[update.warehouse] = quantity
                case (false, nil): offer.warehouseQuantities[update.warehouse] = nil
                }
                state.offers[update.sku] = offer
            }
        }
        let stockImport = FakeMirakl.StockImport(
            id: String(state.nextID()), csv: file.data, createdAt: context.now, linesInSuccess: fails ? 0 : updates.count,
            errors: errors, polls: 0, finalStatus: fails ? .failed : .complete)
        state.stockImports.append(stockImport)
        return Self.json(.fields(["import_id": .string(stockImport.id)]), status: 201)
    }

    /// Returns why a data line of a stock import is rejected, or nil when it is valid.
    private static func stockLineProblem(_ fields: [String], offers: [String: FakeMirakl.Offer]) -> String? {
        guard fields.count == stockColumns.count else {
            return "The line has \(fields.count) columns; \(stockColumns.count) are expected"
        }
        guard offers[fields[0]] != nil else { return "The offer with SKU \(fields[0]) is unknown" }
        guard ["update", "delete", ""].contains(fields[3]) else {
            return "update-delete must be update, delete or empty, got \(fields[3])"
        }
        if fields[3] != "delete" {
            let digitsOnly = !fields[1].isEmpty && fields[1].allSatisfy { $0.isASCII && $0.isNumber }
            guard digitsOnly, Int(fields[1]) != nil else {
                return "The quantity must be a non-negative integer, got \(fields[1])"
            }
        }
        return nil
    }

    /// STO02 `GET /api/offers/stock/imports/{id}/status`: WAITING, then RUNNING, then COMPLETE
    /// (or FAILED) after the configured number of polls; line counts appear once it is over.
    func stockImportStatus(_ context: FakeMirakl.RequestContext, _ state: inout FakeMirakl.State) -> LoopbackResponse {
        let importID = context.route.importID ?? ""
        guard let index = state.stockImports.firstIndex(where: { $0.id == importID }) else {
            return Self.error(404, "Stock import \(importID) not found")
        }
        state.stockImports[index].polls += 1
        let stockImport = state.stockImports[index]
        let status = stockImport.status(pollsUntilComplete: configuration.stockImportPollsUntilComplete)
        var members: [FakeJSON.Member] = [
            .init("date_created", .string(stockImport.createdAt.iso)),
            .init("has_error_report", .bool(status == .complete && !stockImport.errors.isEmpty)),
            .init("import_id", .string(stockImport.id)),
            .init("shop_id", .int(configuration.shopID)),
            .init("status", .string(status.rawValue)),
        ]
        if status == .complete || status == .failed {
            members.append(.init("lines_in_error", .int(stockImport.errors.count)))
            members.append(.init("lines_in_success", .int(stockImport.linesInSuccess)))
        }
        return Self.json(.object(members))
    }

    /// STO03 `GET /api/offers/stock/imports/{id}/error_report`: the rejected lines as CSV, the
    /// line number and the reason first, then the line's own columns; 404 when there is none.
    func stockImportErrors(_ context: FakeMirakl.RequestContext, _ state: FakeMirakl.State) -> LoopbackResponse {
        let importID = context.route.importID ?? ""
        guard let stockImport = state.stockImports.first(where: { $0.id == importID }) else {
            return Self.error(404, "Stock import \(importID) not found")
        }
        guard !stockImport.errors.isEmpty else { return Self.error(404, "Stock import \(importID) has no error report") }
        let rows = [["line-number", "error-message"] + Self.stockColumns]
            + stockImport.errors.map { [String($0.line), $0.message] + $0.fields }
        return LoopbackResponse(
            status: 200, headers: [LoopbackHeader("Content-Type", "text/csv; charset=utf-8")],
            body: Array(CSV.write(rows, separator: ";").utf8))
    }
}
