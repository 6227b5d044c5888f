/// Paths inside a store repository, in one place so every reader and writer agrees.
public enum StoreLayout {
    public static let configFile = "keyship.yaml"
    public static let catalogFolder = "catalog"
    public static let templatesFolder = "templates"
    public static let keysFolder = "keys"
    public static let attachmentsFolder = "attachments"
    public static let ledgerFolder = "ledger"

    /// `catalog/<product>.yaml`.
    public static func catalogFile(product: String) -> String {
        "\(catalogFolder)/\(product).yaml"
    }

    /// `keys/<product>`, the folder of a product's batch files.
    public static func keysFolder(product: String) -> String {
        "\(keysFolder)/\(product)"
    }

    /// `keys/<product>/<batch>.csv`.
    public static func batchFile(product: String, batch: String) -> String {
        "\(keysFolder)/\(product)/\(batch).csv"
    }

    /// Folder of a channel's records for orders that still need work.
    public static func openLedgerFolder(channel: String) -> String {
        "\(ledgerFolder)/\(channel)/open"
    }

    /// Returns the path of an order's record while work remains.
    public static func openRecordPath(channel: String, orderID: String) -> String {
        "\(openLedgerFolder(channel: channel))/\(fileName(forOrderID: orderID)).yaml"
    }

    /// Returns the path of an order's record once closed: under the UTC month the order was
    /// created in.
    public static func closedRecordPath(channel: String, orderID: String, orderCreatedAt: Timestamp) -> String {
        let date = orderCreatedAt.utcDate
        let month = "\(CivilDate.pad(date.year, 4))-\(CivilDate.pad(date.month, 2))"
        return "\(ledgerFolder)/\(channel)/\(month)/\(fileName(forOrderID: orderID)).yaml"
    }

    /// Folders under `ledger/` that belong to keyship itself, so no channel may take their name.
    public static let reservedLedgerFolders: Set<String> = ["notifications", "fingerprints"]

    /// The active alert conditions, so each alert is sent when it starts and when it clears.
    public static let alertStateFile = "\(ledgerFolder)/alerts.yaml"

    /// Folder of notification records, one file per alert sent.
    public static let notificationsFolder = "\(ledgerFolder)/notifications"

    /// Returns a file-system-safe name for an order id. Letters, digits, `.`, `_` and `-` stay,
    /// and every other byte becomes `%XX`, so distinct ids never share a file.
    public static func fileName(forOrderID orderID: String) -> String {
        var name = ""
        for byte in orderID.utf8 {
            let character = Character(Unicode.Scalar(byte))
            let safe = byte < 0x80 && (character.isLetter || character.isNumber || "._-".contains(character))
            if safe && !(name.isEmpty && character == ".") {
                name.append(character)
            } else {
                name += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return name
    }

    /// Reverses `fileName(forOrderID:)`.
    public static func orderID(fromFileName name: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(name.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
