import Foundation
public import KeyshipCore
public import KeyshipCrypto
import KeyshipYAML

/// Validates a whole store as it is in its work tree: the checks behind `keyship check`, the gate
/// on every pull request.
///
/// Each file is read once. Problems in the store are collected as findings. The run throws when
/// `root` has no `keyship.yaml`, when a file cannot be read, when git fails, or when the work tree
/// cannot be compared with `base`. The missing `keyship.yaml` is found before any file is listed,
/// so a check started in the wrong folder fails at once instead of walking a large tree.
public enum StoreCheck {
    public struct Options: Sendable {
        /// A revision to compare the work tree with, such as `origin/main` (see `BaseComparison`).
        public var base: String?
        /// Identities to open every key cell with and to check the fingerprint index of sold keys
        /// against the ledger. Cells stay encrypted when this is nil.
        public var identities: [AgeIdentity]?

        public init(base: String? = nil, identities: [AgeIdentity]? = nil) {
            self.base = base
            self.identities = identities
        }
    }

    /// The phase a check is in, for a progress line.
    public enum Phase: Sendable, Equatable {
        case listingFiles
        case readingDefinition
        case readingStock
        case readingLedger
        case checkingKeys(count: Int)
        case checkingTemplates
        case comparingBase(revision: String)
        /// Cells opened so far out of `total`.
        case decrypting(done: Int, total: Int)
    }

    /// Runs every check on the store whose work tree is `root`.
    public static func run(
        root: String, options: Options = Options(), progress: (Phase) -> Void = { _ in }
    ) throws -> StoreCheckReport {
        var diagnostics = DiagnosticList()
        let tree = VisibleWorkTree(root: root)
        guard FileManager.default.fileExists(atPath: root + "/" + StoreLayout.configFile) else {
            throw CheckError.missingConfig(place: tree.label)
        }

        progress(.listingFiles)
        let files = try tree.allFiles()
        let fileSet = Set(files)

        progress(.readingDefinition)
        let (definition, definitionDiagnostics) = try StoreDefinition.load(from: tree, files: fileSet)
        diagnostics.append(contentsOf: definitionDiagnostics)

        progress(.readingStock)
        let (stock, stockDiagnostics) = try StockLoader.load(from: tree)
        diagnostics.append(contentsOf: stockDiagnostics)

        progress(.readingLedger)
        let reader = LedgerReader(snapshot: tree)
        let (records, ledgerDiagnostics) = try reader.allRecords()
        diagnostics.append(contentsOf: ledgerDiagnostics)
        diagnostics.append(contentsOf: try reader.activeAlerts().diagnostics)
        diagnostics.append(contentsOf: try decodeNotifications(in: tree))
        let ledger = SoldKeys(records: records)

        progress(.checkingKeys(count: stock.count))
        let stockCheck = StockCheck(definition: definition, files: fileSet)
        let flagged = stockCheck.run(stock: stock, batchFiles: files, ledger: ledger, into: &diagnostics)
        var ledgerLines = LedgerLines(tree: tree)
        LedgerCheck.run(records: records, ledger: ledger, lines: &ledgerLines, into: &diagnostics)

        if let definition {
            progress(.checkingTemplates)
            TemplateCheck.run(definition: definition, into: &diagnostics)
            try ChannelFolderCheck.run(config: definition.config, tree: tree, into: &diagnostics)
        }

        var baseSummary: BaseSummary?
        if let revision = options.base {
            progress(.comparingBase(revision: revision))
            baseSummary = try BaseComparison.run(
                revision: revision, root: root, tree: tree, stock: stock, records: records,
                alreadyFlagged: flagged, into: &diagnostics)
        }

        var decrypted: Int?
        if let identities = options.identities {
            let fingerprintKey = try FingerprintIndexCheck.openKey(in: tree, identities: identities, into: &diagnostics)
            let decryption = CellDecryption(
                identities: identities, recipients: definition?.config.recipients, tree: tree, fingerprintKey: fingerprintKey)
            var fingerprints: [String: String] = [:]
            decrypted = decryption.run(
                stock: stock, ledger: ledger, progress: { progress(.decrypting(done: $0, total: $1)) },
                into: &diagnostics, fingerprinted: { fingerprints[$0] = $1 })
            if fingerprintKey != nil {
                try FingerprintIndexCheck(tree: tree).run(ledger: ledger, fingerprints: fingerprints, into: &diagnostics)
            }
        }

        return StoreCheckReport(
            diagnostics: diagnostics.sorted, fileCount: files.count,
            stockCount: stock.count, soldCount: ledger.sold.count, decryptedCount: decrypted, base: baseSummary,
            storeLanguage: definition?.config.language)
    }

    /// Decodes every notification record under `ledger/notifications/`.
    private static func decodeNotifications(in tree: VisibleWorkTree) throws -> DiagnosticList {
        var diagnostics = DiagnosticList()
        let parser = YAMLParser()
        for path in try tree.files(under: StoreLayout.notificationsFolder) where path.hasSuffix(".yaml") {
            guard let bytes = try tree.read(path) else { continue }
            do {
                let node = try parser.parse(bytes, path: path)
                diagnostics.append(contentsOf: NotificationRecordCodec.decode(node, path: path).diagnostics)
            } catch {
                diagnostics.append(error.diagnostic)
            }
        }
        return diagnostics
    }
}

/// The findings of a check, and the counts for its summary line.
public struct StoreCheckReport: Sendable {
    /// Every finding, sorted by file and line.
    public var diagnostics: [Diagnostic]
    /// Files in the store, without `.git` and ignored files.
    public var fileCount: Int
    /// Rows under `keys/`.
    public var stockCount: Int
    /// Keys in ledger records, except those a cancellation returned to stock.
    public var soldCount: Int
    /// Distinct key cells opened with the identity, or nil when cells were not decrypted.
    public var decryptedCount: Int?
    /// The comparison with a base revision, when one was asked for.
    public var base: BaseSummary?
    /// The language set in `keyship.yaml`, when it could be read.
    public var storeLanguage: Language?

    public init(
        diagnostics: [Diagnostic], fileCount: Int, stockCount: Int, soldCount: Int, decryptedCount: Int?,
        base: BaseSummary?, storeLanguage: Language?
    ) {
        self.diagnostics = diagnostics
        self.fileCount = fileCount
        self.stockCount = stockCount
        self.soldCount = soldCount
        self.decryptedCount = decryptedCount
        self.base = base
        self.storeLanguage = storeLanguage
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var passed: Bool { errorCount == 0 }
}

/// The scope of the comparison with a base revision.
public struct BaseSummary: Sendable, Hashable {
    /// The revision as given, such as `origin/main`.
    public var revision: String
    /// The commit the revision named.
    public var commit: String
    /// The common ancestor of the base and `HEAD` that the work tree's changes are measured from.
    public var forkPoint: String
    /// Files whose content differs between the fork point and the work tree.
    public var changedFiles: Int

    public init(revision: String, commit: String, forkPoint: String, changedFiles: Int) {
        self.revision = revision
        self.commit = commit
        self.forkPoint = forkPoint
        self.changedFiles = changedFiles
    }
}
