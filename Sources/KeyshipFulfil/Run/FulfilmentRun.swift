import Foundation
public import KeyshipCore
public import KeyshipCrypto
public import KeyshipStore
import KeyshipGit

/// One run of `keyship fulfil`: sync, pull, plan, reserve, deliver, record, stock, report.
///
/// Nothing reaches a marketplace before the reservation commit is on the remote, and every
/// outcome is committed back, so git history is the audit trail. A step that fails is recorded
/// on its order and retried by a later run with the same keys.
public final class FulfilmentRun {
    public struct Dependencies {
        public var store: StoreRepository
        public var channels: any ChannelFactory
        /// Identities that decrypt key cells; may be empty only for a dry run.
        public var identities: [AgeIdentity]
        public var environment: [String: String]
        public var now: @Sendable () -> Timestamp
        public var logger: Logger

        public init(
            store: StoreRepository, channels: any ChannelFactory, identities: [AgeIdentity],
            environment: [String: String], now: @escaping @Sendable () -> Timestamp, logger: Logger
        ) {
            self.store = store
            self.channels = channels
            self.identities = identities
            self.environment = environment
            self.now = now
            self.logger = logger
        }
    }

    public let runID: String
    private let dependencies: Dependencies
    private let options: FulfilOptions
    private let cache = BatchCache()
    private var report: RunReport
    private let clock = ContinuousClock()
    private var logger: Logger { dependencies.logger }
    private var store: StoreRepository { dependencies.store }

    /// The plan the run carried out (or only printed, for a dry run).
    public private(set) var plan: Plan?

    public init(dependencies: Dependencies, options: FulfilOptions, runID: String? = nil) {
        self.dependencies = dependencies
        self.options = options
        let now = dependencies.now()
        self.runID = runID ?? Self.makeRunID(now)
        self.report = RunReport(run: self.runID, startedAt: now, dryRun: options.dryRun)
    }

    /// Returns a run id such as `20261204T101500Z-7f3a`, sortable and unique across runners.
    static func makeRunID(_ now: Timestamp) -> String {
        let compact = now.iso.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return compact + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix
    }

    public func run() async throws -> RunReport {
        let started = clock.now
        let runLog = logger.with(["run": runID])
        runLog.info("run started", ["dry_run": String(options.dryRun)])

        // Sync: work from the remote tip.
        let base = try timed("sync") { try store.sync() }
        let baseSnapshot = store.snapshot(base)
        let (loaded, diagnostics) = try StoreDefinition.load(from: baseSnapshot)
        guard let definition = loaded, !diagnostics.hasErrors else {
            throw DiagnosticsError(summary: RunMessage.storeInvalid, diagnostics: diagnostics.sorted)
        }
        report.storeLanguage = definition.config.language

        // Pull: every selected channel; one unreachable channel does not stop the others.
        let marketplaces = try makeMarketplaces(definition.config)
        let (orders, pulled) = await timedAsync("pull") { await pull(marketplaces, snapshot: baseSnapshot) }

        var planner = RunPlanner(
            run: runID, now: dependencies.now(), pulledChannels: pulled, orders: orders, cache: cache,
            invoiceFolder: { [store] config in Self.invoiceFolder(config, store: store) }, logger: runLog)
        if options.dryRun {
            // NOTE: A dry run decrypts nothing, so its plan may reserve a copy of a sold key that
            // the real run's sold-key check (`SoldKeyGuard`) would block.
            var problems: [Diagnostic] = []
            let planned = try timed("plan") { try planner.plan(baseSnapshot, problems: &problems) }
            report.problems += problems
            plan = planned.plan
            report.orders = Self.outcomes(planned.plan, results: [], invoiceWaits: planned.invoiceWaits)
            return finish(started)
        }
        guard !dependencies.identities.isEmpty else { throw RunMessage.identityMissing }

        // Plan and reserve: the reservation commit is the lock; on rejection, plan again. No key
        // sold before, or in the plan twice, is reserved (see `SoldKeyGuard`).
        let decryptor = KeyDecryptor(identities: dependencies.identities)
        let soldKeys = SoldKeyGuard(identities: dependencies.identities, logger: runLog)
        var planned: PlannedRun?
        var problems: [Diagnostic] = []
        let reserveStart = clock.now
        let reservation = try store.transact(author: botSignature(definition.config), maxAttempts: options.maxPublishAttempts) {
            _, snapshot in
            planner.now = dependencies.now()
            let current = try timed("plan") { try soldKeys.plan(with: planner, snapshot: snapshot, decryptor: decryptor) }
            planned = current.planned
            problems = current.problems
            return try ProposalBuilder(run: runID, now: planner.now).reservation(
                plan: current.planned.plan, actionable: current.planned.actionable.map(\.work), snapshot: snapshot,
                index: current.index)
        }
        report.timings.append(PhaseTiming(phase: "reserve", seconds: seconds(since: reserveStart)))
        guard let planned else {
            report.problems += problems
            return finish(started)
        }
        report.problems += planned.plan.excludedKeys.map(SoldKeyGuard.diagnostic) + problems
        plan = planned.plan
        if let commit = reservation.commit {
            report.commits.append(PublishedCommit(
                phase: "reserve", commit: commit.hex, subject: try store.repository.commit(commit).subject,
                attempts: reservation.attempts))
            runLog.info("reservation published", ["commit": commit.shortHex, "attempts": String(reservation.attempts)])
        }
        stop(at: .afterReserve)

        // Deliver: run each order's steps against its marketplace.
        let builder = ProposalBuilder(run: runID, now: planner.now)
        let snapshot = store.snapshot(reservation.commit ?? reservation.base)
        let results = await timedAsync("steps") {
            await execute(planned, builder: builder, marketplaces: marketplaces, snapshot: snapshot, decryptor: decryptor)
        }
        stop(at: .afterSteps)

        // Record: outcomes, returned keys and alerts, committed on the latest tip.
        let findings = Self.currentFindings(planned.plan, results: results)
        let alertUpdate = await notify(
            findings, figures: Self.currentFigures(planned.plan, results: results),
            activeBefore: try LedgerReader(snapshot: snapshot).activeAlerts().alerts, definition: definition)
        let recordStart = clock.now
        let recorded = try store.transact(author: botSignature(definition.config), maxAttempts: options.maxPublishAttempts) {
            _, snapshot in
            let active = try LedgerReader(snapshot: snapshot).activeAlerts().alerts
            // When the alert e-mail failed, the state stays as it was, so the next run finds the
            // same changes and sends the e-mail again. Each attempt leaves a notification record.
            let emailFailed = alertUpdate.notification?.emailStatus == .failed
            let next = emailFailed ? active : AlertEvaluation.nextActive(active: active, current: findings, now: planner.now)
            let stateChanged = Set(next.map(\.condition)) != Set(active.map(\.condition))
            let update = stateChanged || alertUpdate.notification != nil
                ? AlertUpdate(active: next, notification: alertUpdate.notification) : nil
            return try builder.record(results: results, alerts: update, snapshot: snapshot, logger: runLog, soldKeys: soldKeys)
        }
        report.timings.append(PhaseTiming(phase: "record", seconds: seconds(since: recordStart)))
        if let commit = recorded.commit {
            report.commits.append(PublishedCommit(
                phase: "record", commit: commit.hex, subject: try store.repository.commit(commit).subject,
                attempts: recorded.attempts))
        }

        // Stock: publish what each pulled channel may sell.
        await timedAsync("stock") { await syncStock(planned.plan, marketplaces: marketplaces, pulled: pulled) }

        report.orders = Self.outcomes(planned.plan, results: results, invoiceWaits: planned.invoiceWaits)
        return finish(started)
    }

    // MARK: - Phases

    private func makeMarketplaces(_ config: StoreConfig) throws -> [String: any Marketplace] {
        if let wanted = options.channels {
            for name in wanted.sorted() where config.channel(named: name) == nil {
                throw RunMessage.unknownChannel(name, known: config.channels.map(\.name))
            }
        }
        var marketplaces: [String: any Marketplace] = [:]
        for channel in config.channels where options.channels?.contains(channel.name) ?? true {
            do {
                let marketplace = try dependencies.channels.makeMarketplace(
                    for: channel, config: config, storeRoot: Self.storeRoot(store))
                try checkOutbox(marketplace)
                marketplaces[channel.name] = marketplace
            } catch {
                report.channelFailures.append(ChannelFailure(
                    channel: channel.name, phase: .setup, message: Self.message(error),
                    exitCode: (error as? any KeyshipError)?.exitCode ?? .failure))
            }
        }
        return marketplaces
    }

    /// Refuses a files-channel outbox that git would track, because it contains plaintext keys.
    private func checkOutbox(_ marketplace: any Marketplace) throws {
        guard let outbox = (marketplace as? any OutboxChannel)?.outboxPath, let workTree = store.workTree else { return }
        let root = URL(fileURLWithPath: workTree).standardizedFileURL.resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: outbox).standardizedFileURL.resolvingSymlinksInPath().path
        guard target == root || target.hasPrefix(root + "/") else { return }
        let relative = String(target.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let ignored = try relative.isEmpty ? false : store.isIgnored(relative + "/")
        if !ignored {
            throw RunMessage.outboxTracked(channel: marketplace.channel.name, path: outbox)
        }
    }

    private func pull(_ marketplaces: [String: any Marketplace], snapshot: any StoreSnapshot) async -> ([Order], Set<String>) {
        var orders: [Order] = []
        var pulled: Set<String> = []
        let ledger = LedgerReader(snapshot: snapshot)
        for (name, marketplace) in marketplaces.sorted(by: { $0.key < $1.key }) {
            do {
                let open = try ledger.openRecords(channel: name).records.map {
                    OpenOrderReference(id: $0.record.orderID, createdAt: $0.record.orderCreatedAt)
                }
                let batch = try await marketplace.pullOrders(openOrders: open)
                orders += batch.orders
                report.problems += batch.problems
                pulled.insert(name)
                logger.info("pulled orders", ["channel": name, "orders": String(batch.orders.count)])
            } catch {
                logger.error("pull failed", ["channel": name, "error": StepExecutor.englishReason(error)])
                report.channelFailures.append(ChannelFailure(
                    channel: name, phase: .pull, message: Self.message(error),
                    exitCode: (error as? any KeyshipError)?.exitCode == .failure ? .failure : .unavailable))
            }
        }
        return (orders, pulled)
    }

    private func execute(
        _ planned: PlannedRun, builder: ProposalBuilder, marketplaces: [String: any Marketplace],
        snapshot: any StoreSnapshot, decryptor: KeyDecryptor
    ) async -> [StepExecutor.Result] {
        let config = planned.definition.config
        let renderer = MessageRenderer(templates: TemplateLibrary(planned.definition.templates), seller: config.seller)
        let invoices = Self.invoiceFolder(config, store: store)
        var results: [StepExecutor.Result] = []
        for (work, steps) in planned.actionable {
            guard let marketplace = marketplaces[work.channel], let channel = config.channel(named: work.channel) else { continue }
            var claimedWork = work
            claimedWork.record = builder.claimed(work.record, steps: steps)
            let executor = StepExecutor(
                marketplace: marketplace, renderer: renderer, catalog: planned.definition.catalog, channel: channel,
                readStoreFile: { try snapshot.read($0) }, plaintext: { try decryptor.plaintext($0) },
                invoiceFinder: invoices.map { InvoiceFinder(folder: $0, channel: work.channel) },
                now: dependencies.now, logger: logger.with(["run": runID]))
            let waitAfter: RecordWait? = planned.invoiceWaits.contains(OrderKey(work.record)) ? .invoice : nil
            results.append(await executor.execute(claimedWork, steps: steps, waitAfter: waitAfter))
        }
        return results
    }

    /// Sends the alert e-mail for conditions that start or clear, and returns the record of it.
    private func notify(
        _ findings: [AlertFinding], figures: [AlertCondition: String], activeBefore: [ActiveAlert], definition: StoreDefinition
    ) async -> AlertUpdate {
        let changes = AlertEvaluation.changes(active: activeBefore, current: findings, currentFigures: figures)
        let next = AlertEvaluation.nextActive(active: activeBefore, current: findings, now: dependencies.now())
        report.alertChanges = changes
        guard !changes.isEmpty else { return AlertUpdate(active: next, notification: nil) }

        let config = definition.config
        var status = NotificationRecord.EmailStatus.notConfigured
        var failure: String?
        let recipients = config.alerts?.email ?? []
        if let smtp = config.alerts?.smtp, !recipients.isEmpty {
            let sender = SMTPAlertSender(
                settings: smtp, recipients: recipients, seller: config.seller, language: config.language,
                environment: dependencies.environment, logger: logger)
            do {
                try await sender.send(changes, at: dependencies.now())
                status = .sent
            } catch {
                status = .failed
                failure = StepExecutor.englishReason(error)
                report.notificationFailure = Self.message(error)
                logger.error("alert e-mail failed", ["error": failure ?? ""])
            }
        }
        report.notification = status
        let notification = NotificationRecord(
            at: dependencies.now(), run: runID, changes: changes, recipients: recipients, emailStatus: status,
            emailError: failure)
        return AlertUpdate(active: next, notification: notification)
    }

    private func syncStock(_ plan: Plan, marketplaces: [String: any Marketplace], pulled: Set<String>) async {
        for (name, marketplace) in marketplaces.sorted(by: { $0.key < $1.key }) where pulled.contains(name) {
            let levels = plan.stockLevels[name] ?? []
            guard !levels.isEmpty else { continue }
            do {
                let result = try await marketplace.pushStock(levels)
                report.stockSync.append(StockSyncOutcome(
                    channel: name, offers: levels.count, reference: result.reference, rejected: result.rejected))
            } catch {
                logger.error("stock sync failed", ["channel": name, "error": StepExecutor.englishReason(error)])
                report.stockSync.append(StockSyncOutcome(channel: name, offers: levels.count, error: Self.message(error)))
            }
        }
    }

    // MARK: - Helpers

    private func stop(at point: Failpoint) {
        guard options.failpoint == point else { return }
        logger.notice("failpoint reached; killing the process", ["failpoint": point.rawValue])
        kill(getpid(), SIGKILL)
    }

    private func botSignature(_ config: StoreConfig) -> Signature {
        Signature(name: config.bot.name, email: config.bot.email, time: dependencies.now())
    }

    private func finish(_ started: ContinuousClock.Instant) -> RunReport {
        report.finishedAt = dependencies.now()
        report.timings.append(PhaseTiming(phase: "total", seconds: seconds(since: started)))
        logger.info("run finished", ["run": runID, "exit": String(report.exitCode.rawValue)])
        return report
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func timed<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        defer { report.timings.append(PhaseTiming(phase: phase, seconds: seconds(since: start))) }
        return try body()
    }

    private func timedAsync<T>(_ phase: String, _ body: () async -> T) async -> T {
        let start = clock.now
        let value = await body()
        report.timings.append(PhaseTiming(phase: phase, seconds: seconds(since: start)))
        return value
    }

    static func message(_ error: any Error) -> any LocalizedMessage {
        (error as? any LocalizedMessage) ?? UnexpectedFailure(type: String(describing: type(of: error)))
    }

    /// Returns the folder that relative paths in the settings resolve against.
    static func storeRoot(_ store: StoreRepository) -> String {
        store.workTree ?? store.repository.gitDirectory
    }

    static func invoiceFolder(_ config: StoreConfig, store: StoreRepository) -> URL? {
        guard let folder = config.invoices?.folder else { return nil }
        if folder.hasPrefix("/") { return URL(fileURLWithPath: folder, isDirectory: true) }
        return URL(fileURLWithPath: storeRoot(store), isDirectory: true).appendingPathComponent(folder).standardizedFileURL
    }
}

/// An error no adapter translated; named by its type only, so no value can leak.
struct UnexpectedFailure: LocalizedMessage {
    var type: String

    func text(in language: Language) -> String {
        language.pick(
            es: "fallo inesperado (\(type)); vuelve a ejecutar con --verbose",
            en: "unexpected failure (\(type)); run again with --verbose")
    }
}
