import Foundation
public import KeyshipCore
import KeyshipNet

extension MiraklChannel {
    /// The columns of a STO01 stock file.
    static let stockColumns = ["offer-sku", "quantity", "warehouse-code", "update-delete"]

    /// Publishes stock with STO01 (a `;`-separated CSV, one `update` line per offer, in the
    /// channel's stock warehouse when it names one), then polls STO02 with the configured
    /// waits until the import is COMPLETE and reads rejected lines from STO03.
    ///
    /// OF24 is never used: it resets the fields an update leaves out.
    ///
    /// - Throws: `.stockImportFailed` when Mirakl marks the import FAILED, and
    ///   `.stockImportUnfinished` when it is still running after the last poll.
    public func pushStock(_ levels: [StockLevel]) async throws -> StockSyncResult {
        guard !levels.isEmpty else { return StockSyncResult() }
        let warehouse = settings.stockWarehouseCode ?? ""
        let rows = [Self.stockColumns] + levels.map { [$0.sku, String(max(0, $0.quantity)), warehouse, "update"] }
        let csv = CSV.write(rows, separator: ";")
        let form = MultipartFormData(parts: [.file("file", filename: "keyship-stock.csv", contentType: "text/csv", data: Array(csv.utf8))])
        // A repeated import sets the same quantities again, so it is safe to retry.
        let call = Call(api: .importStock, method: "POST", path: "/api/offers/stock/imports", body: .form(form), retry: .idempotent)
        let response: HTTPResponse
        do {
            response = try await perform(call)
        } catch {
            throw failure(error, of: call)
        }
        guard let importID = try json(response, call)["import_id"]?.scalarText, !importID.isEmpty else {
            throw self.error(.invalidResponse("STO01 without import_id"), .importStock, order: nil)
        }
        logger.info("Mirakl stock import sent", ["api": "STO01", "import_id": importID, "offers": String(levels.count)])

        let status = try await waitForStockImport(importID)
        let rejectedCount = status["lines_in_error"]?.int ?? 0
        guard rejectedCount > 0 || status["has_error_report"]?.bool == true else {
            return StockSyncResult(reference: importID)
        }
        let rejected = try await rejectedStockLines(importID, sent: levels.map(\.sku))
        logger.warning("Mirakl stock import rejected lines", ["api": "STO03", "import_id": importID, "lines": String(rejected.count)])
        return StockSyncResult(reference: importID, rejected: rejected)
    }

    /// Polls STO02 after each configured wait and returns the status body once COMPLETE.
    private func waitForStockImport(_ importID: String) async throws -> JSONValue {
        let path = "/api/offers/stock/imports/\(Self.percentEncoded(importID, keepingComma: false))/status"
        for delay in options.stockPollDelays {
            try await options.sleep(delay)
            let call = Call(api: .stockImportStatus, method: "GET", path: path, retry: .idempotent)
            let response: HTTPResponse
            do {
                response = try await perform(call)
            } catch {
                throw failure(error, of: call)
            }
            let json = try json(response, call)
            switch json["status"]?.string {
            case "COMPLETE":
                return json
            case "FAILED":
                throw self.error(.stockImportFailed(importID: importID), .stockImportStatus, order: nil)
            case let status:
                logger.debug("Mirakl stock import not finished", ["api": "STO02", "import_id": importID, "status": status ?? "none"])
            }
        }
        throw error(.stockImportUnfinished(importID: importID, polls: options.stockPollDelays.count), .stockImportStatus, order: nil)
    }

    /// Reads STO03's error report: the line number, the reason, then the line's columns. The
    /// SKU comes from the `offer-sku` column, or from the line number when that is missing.
    private func rejectedStockLines(_ importID: String, sent skus: [String]) async throws -> [String: String] {
        let path = "/api/offers/stock/imports/\(Self.percentEncoded(importID, keepingComma: false))/error_report"
        let call = Call(api: .stockImportErrors, method: "GET", path: path, retry: .idempotent)
        let response: HTTPResponse
        do {
            response = try await perform(call)
        } catch {
            throw failure(error, of: call)
        }
        let records: [CSV.Record]
        do {
            records = try CSV.read(response.body).filter { !$0.isBlank }
        } catch {
            throw self.error(.invalidResponse("STO03 is not a readable CSV"), .stockImportErrors, order: nil)
        }
        guard let header = records.first else { return [:] }
        let skuColumn = header.fields.firstIndex(of: "offer-sku")
        var rejected: [String: String] = [:]
        for record in records.dropFirst() where record.fields.count >= 2 {
            // Line 1 of the uploaded file is the header, so data line n is skus[n - 2].
            let fromLine = Int(record.fields[0]).flatMap { $0 >= 2 && $0 - 2 < skus.count ? skus[$0 - 2] : nil }
            let fromColumn = skuColumn.flatMap { $0 < record.fields.count ? record.fields[$0] : nil }
            guard let sku = fromColumn ?? fromLine else { continue }
            rejected[sku] = redacted(record.fields[1])
        }
        return rejected
    }

    /// Lists the shop's offers with OF21, page by page, by the seller's SKU (`shop_sku`).
    public func listOffers() async throws -> [Offer] {
        var offers: [Offer] = []
        var offset = 0
        while true {
            let call = Call(
                api: .listOffers, method: "GET", path: "/api/offers",
                query: [("max", String(options.pageSize)), ("offset", String(offset))], retry: .idempotent)
            let response: HTTPResponse
            do {
                response = try await perform(call)
            } catch {
                throw failure(error, of: call)
            }
            let json = try json(response, call)
            guard let page = json["offers"]?.array, let total = json["total_count"]?.int else {
                throw self.error(.invalidResponse("OF21 without offers and total_count"), .listOffers, order: nil)
            }
            for value in page {
                guard let sku = value["shop_sku"]?.scalarText, !sku.isEmpty else {
                    logger.warning("Mirakl offer without shop_sku skipped", ["api": "OF21", "offer_id": value["offer_id"]?.scalarText ?? "none"])
                    continue
                }
                offers.append(Offer(
                    sku: sku, title: value["product_title"]?.string, quantity: value["quantity"]?.int,
                    active: value["active"]?.bool ?? true))
            }
            offset += page.count
            if page.isEmpty || offset >= total { return offers }
        }
    }
}
