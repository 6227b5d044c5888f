import KeyshipCore
import KeyshipCrypto

/// Checks the batch files under `keys/` against the catalogue, the settings and the ledger.
///
/// Each row is checked for an unknown warehouse, a missing attachment and a key cell that is not a
/// well-formed age file. Across rows, a key id or cell used twice in stock is reported, and so is a
/// sold key back in stock, by id or by cell under a new id. Each file is checked for a product
/// folder with no catalogue product, or a product that is not a digital licence.
struct StockCheck {
    /// The settings and catalogue, or nil when `keyship.yaml` could not be read. The checks that
    /// need them are then skipped.
    var definition: StoreDefinition?
    /// Every visible file of the store, for attachment paths.
    var files: Set<String>

    /// Runs the checks and returns the locations of rows reported as sold keys back in stock, so
    /// the comparison with a base does not report them a second time.
    func run(
        stock: [StockKey], batchFiles: [String], ledger: SoldKeys, into diagnostics: inout DiagnosticList
    ) -> Set<SourceLocation> {
        checkProducts(batchFiles, into: &diagnostics)
        return checkRows(stock, ledger: ledger, into: &diagnostics)
    }

    private func checkProducts(_ paths: [String], into diagnostics: inout DiagnosticList) {
        guard let definition else { return }
        for path in paths {
            guard let productID = BatchFile.productID(fromBatchPath: path) else { continue }
            let location = SourceLocation(path: path)
            guard let product = definition.catalog.product(id: productID) else {
                diagnostics.error(at: location, CheckMessage.unknownProduct(product: productID))
                continue
            }
            if !product.digitalLicense {
                diagnostics.warning(at: location, CheckMessage.notALicence(product: productID))
            }
        }
    }

    private func checkRows(_ stock: [StockKey], ledger: SoldKeys, into diagnostics: inout DiagnosticList) -> Set<SourceLocation> {
        let warehouses = definition.map { Set($0.config.warehouses.map(\.code)) }
        let warehouseCodes = definition?.config.warehouses.map(\.code) ?? []
        var firstByID: [String: StockKey] = [:]
        var firstByCell: [String: StockKey] = [:]
        firstByID.reserveCapacity(stock.count)
        firstByCell.reserveCapacity(stock.count)
        var flagged: Set<SourceLocation> = []

        for key in stock {
            let row = key.row
            let location = SourceLocation(path: key.batch, line: key.line)
            if let warehouses, !warehouses.contains(row.warehouse) {
                diagnostics.error(at: location, CheckMessage.unknownWarehouse(
                    id: row.id, warehouse: row.warehouse, known: warehouseCodes))
            }
            if let attachment = row.attachment, !files.contains(attachment) {
                diagnostics.error(at: location, CheckMessage.attachmentNotFound(id: row.id, path: attachment))
            }
            do {
                try KeyCell.validate(row.cell)
            } catch {
                diagnostics.error(at: location, CheckMessage.invalidCell(id: row.id, error))
            }

            if let first = firstByID[row.id] {
                diagnostics.error(at: location, CheckMessage.duplicateID(id: row.id, first: Self.location(of: first)))
            } else {
                firstByID[row.id] = key
                if let first = firstByCell[row.cell] {
                    diagnostics.error(at: location, CheckMessage.duplicateCell(
                        id: row.id, firstID: first.row.id, first: Self.location(of: first)))
                } else {
                    firstByCell[row.cell] = key
                }
            }

            if let sold = ledger.byID[row.id] {
                diagnostics.error(at: location, CheckMessage.soldKeyInStock(sold))
                flagged.insert(location)
            } else if let sold = ledger.byCell[row.cell] {
                diagnostics.error(at: location, CheckMessage.soldCellInStock(id: row.id, sold: sold))
                flagged.insert(location)
            }
        }
        return flagged
    }

    static func location(of key: StockKey) -> SourceLocation {
        SourceLocation(path: key.batch, line: key.line)
    }
}
