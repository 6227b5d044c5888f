import Foundation
import KeyshipCore
import KeyshipStore

/// Formats key listings as the operator's table, or as JSON for scripts.
struct KeyTable {
    var listings: [KeyListing]
    var zone: StoreTimeZone
    /// Adds a product column, for listings of every product.
    var showsProduct: Bool

    /// Returns the table with headings in `language`, dates in that language's form, a count
    /// line and the time zone of the times.
    func text(in language: Language) -> String {
        var rows: [[String]] = [headings.map { $0.text(in: language) }]
        for listing in listings {
            rows.append(cells(of: listing, in: language))
        }
        var text = Self.aligned(rows)
        let available = listings.filter { $0.availability == .available }.count
        let sold = listings.count - available
        text += KeyTableMessage.totals(keys: listings.count, available: available, sold: sold, zone: zone.identifier)
            .text(in: language) + "\n"
        return text
    }

    /// `{"keys": [...]}` with ISO 8601 dates (instants in UTC) and null for missing values.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(["keys": listings.map(JSONKey.init)])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private var headings: [Text] {
        (showsProduct ? [Text(es: "Producto", en: "Product")] : []) + [
            Text(es: "ID", en: "ID"),
            Text(es: "Fecha de creación", en: "Created"),
            Text(es: "Empresa", en: "Company"),
            Text(es: "Almacén", en: "Warehouse"),
            Text(es: "Fecha de expiración", en: "Expiry date"),
            Text(es: "Disponibilidad", en: "Availability"),
            Text(es: "Fecha de venta", en: "Sale date"),
            Text(es: "Enviada al cliente", en: "Sent to buyer"),
            Text(es: "Fecha de envío", en: "Send date"),
            Text(es: "Pedido", en: "Order"),
        ]
    }

    private func cells(of listing: KeyListing, in language: Language) -> [String] {
        let none = "-"
        let sale = listing.sale
        let availability = sale == nil
            ? Text(es: "disponible", en: "available") : Text(es: "vendida", en: "sold")
        return (showsProduct ? [listing.product] : []) + [
            listing.id,
            zone.format(listing.createdAt, in: language),
            listing.company,
            listing.warehouse,
            listing.expiresOn?.formatted(in: language) ?? none,
            availability.text(in: language),
            sale.map { zone.format($0.soldAt, in: language) } ?? none,
            sale.map { Self.deliveryStatus($0.delivery).text(in: language) } ?? none,
            sale?.sentAt.map { zone.format($0, in: language) } ?? none,
            sale.map { "\($0.orderID) (\($0.channel))" } ?? none,
        ]
    }

    private static func deliveryStatus(_ status: DeliveryRecord.Status) -> Text {
        switch status {
        case .inProgress: Text(es: "en proceso", en: "in progress")
        case .error: Text(es: "error", en: "error")
        case .done: Text(es: "finalizado", en: "done")
        }
    }

    /// Pads every column to its widest cell, two spaces apart, without trailing spaces.
    private static func aligned(_ rows: [[String]]) -> String {
        let columnCount = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columnCount)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            return line.trimmingSuffix(while: { $0 == " " }) + "\n"
        }.joined()
    }
}

/// One key in `keys list --json`. Every field is always present, null when it has no value,
/// so scripts can rely on the shape.
private struct JSONKey: Encodable {
    var listing: KeyListing

    enum CodingKeys: String, CodingKey {
        case product, id, createdAt = "created_at", company, warehouse, expiresOn = "expires_on", attachment
        case availability, soldAt = "sold_at", delivery, sentAt = "sent_at", channel, orderID = "order_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let sale = listing.sale
        try container.encode(listing.product, forKey: .product)
        try container.encode(listing.id, forKey: .id)
        try container.encode(listing.createdAt.iso, forKey: .createdAt)
        try container.encode(listing.company, forKey: .company)
        try container.encode(listing.warehouse, forKey: .warehouse)
        try container.encode(listing.expiresOn?.iso, forKey: .expiresOn)
        try container.encode(listing.attachment, forKey: .attachment)
        try container.encode(listing.availability.rawValue, forKey: .availability)
        try container.encode(sale?.soldAt.iso, forKey: .soldAt)
        try container.encode(sale?.delivery.rawValue, forKey: .delivery)
        try container.encode(sale?.sentAt?.iso, forKey: .sentAt)
        try container.encode(sale?.channel, forKey: .channel)
        try container.encode(sale?.orderID, forKey: .orderID)
    }
}

enum KeyTableMessage: LocalizedMessage {
    case totals(keys: Int, available: Int, sold: Int, zone: String)
    case empty(product: String?)

    func text(in language: Language) -> String {
        switch self {
        case .totals(let keys, let available, let sold, let zone):
            language.pick(
                es: "\(keys) \(keys == 1 ? "clave" : "claves"): \(available) \(available == 1 ? "disponible" : "disponibles"), "
                    + "\(sold) \(sold == 1 ? "vendida" : "vendidas"). Horas en \(zone).",
                en: "\(keys) \(keys == 1 ? "key" : "keys"): \(available) available, \(sold) sold. Times in \(zone).")
        case .empty(let product):
            language.pick(
                es: product.map { "No hay claves de licencia de \($0)".withFinalPeriod } ?? "No hay claves de licencia.",
                en: product.map { "There are no licence keys of \($0)".withFinalPeriod } ?? "There are no licence keys.")
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, predicate(last) { text.removeLast() }
        return text
    }
}
