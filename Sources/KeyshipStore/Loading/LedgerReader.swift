public import KeyshipCore
import KeyshipYAML

/// Reads ledger records and alert state from a snapshot.
public struct LedgerReader {
    public let snapshot: any StoreSnapshot

    public init(snapshot: any StoreSnapshot) {
        self.snapshot = snapshot
    }

    /// What the ledger holds for one order.
    public enum Lookup: Sendable {
        case absent
        case found(LedgerRecord, path: String)
        /// A record exists but cannot be read: the order must not be touched until it is fixed.
        case damaged(path: String, diagnostics: DiagnosticList)
    }

    /// Finds an order's record, open or closed, by path: the cost does not depend on history.
    public func record(channel: String, orderID: String, createdAt: Timestamp) throws -> Lookup {
        let open = StoreLayout.openRecordPath(channel: channel, orderID: orderID)
        let closed = StoreLayout.closedRecordPath(channel: channel, orderID: orderID, orderCreatedAt: createdAt)
        for path in [open, closed] {
            guard let bytes = try snapshot.read(path) else { continue }
            return decode(bytes, path: path)
        }
        return .absent
    }

    /// Returns the channel's open records (orders with work left), and the damaged ones.
    public func openRecords(channel: String) throws -> (records: [(path: String, record: LedgerRecord)], damaged: [Lookup]) {
        var records: [(String, LedgerRecord)] = []
        var damaged: [Lookup] = []
        let folder = StoreLayout.openLedgerFolder(channel: channel)
        for entry in try snapshot.entries(in: folder) where entry.kind == .file && entry.name.hasSuffix(".yaml") {
            let path = "\(folder)/\(entry.name)"
            guard let bytes = try snapshot.read(path) else { continue }
            switch decode(bytes, path: path) {
            case .found(let record, let path): records.append((path, record))
            case let other: damaged.append(other)
            }
        }
        return (records, damaged)
    }

    /// Reads every record under `ledger/` (not notifications or alert state), for checks and
    /// reports that need the whole history.
    public func allRecords() throws -> (records: [(path: String, record: LedgerRecord)], diagnostics: DiagnosticList) {
        var records: [(String, LedgerRecord)] = []
        var diagnostics = DiagnosticList()
        for channelFolder in try snapshot.entries(in: StoreLayout.ledgerFolder) where channelFolder.kind == .folder {
            guard !StoreLayout.reservedLedgerFolders.contains(channelFolder.name) else { continue }
            for path in try snapshot.files(under: "\(StoreLayout.ledgerFolder)/\(channelFolder.name)") where path.hasSuffix(".yaml") {
                guard let bytes = try snapshot.read(path) else { continue }
                switch decode(bytes, path: path) {
                case .found(let record, let path): records.append((path, record))
                case .damaged(_, let found): diagnostics.append(contentsOf: found)
                case .absent: break
                }
            }
        }
        return (records, diagnostics)
    }

    /// Returns the alert conditions in effect, or none when the file does not exist yet.
    public func activeAlerts() throws -> (alerts: [ActiveAlert], diagnostics: DiagnosticList) {
        guard let bytes = try snapshot.read(StoreLayout.alertStateFile) else { return ([], DiagnosticList()) }
        do {
            let node = try YAMLParser().parse(bytes, path: StoreLayout.alertStateFile)
            let result = AlertStateCodec.decode(node)
            return (result.value ?? [], result.diagnostics)
        } catch {
            var diagnostics = DiagnosticList()
            diagnostics.append(error.diagnostic)
            return ([], diagnostics)
        }
    }

    private func decode(_ bytes: [UInt8], path: String) -> Lookup {
        do {
            let node = try YAMLParser().parse(bytes, path: path)
            let result = LedgerRecordCodec.decode(node, path: path)
            if let record = result.value, !result.diagnostics.hasErrors { return .found(record, path: path) }
            return .damaged(path: path, diagnostics: result.diagnostics)
        } catch {
            var diagnostics = DiagnosticList()
            diagnostics.append(error.diagnostic)
            return .damaged(path: path, diagnostics: diagnostics)
        }
    }
}
