import Foundation
import KeyshipCore
import KeyshipCrypto
import KeyshipFulfil
import KeyshipStore

/// `keyship fulfil`: the main job, run by a scheduler every few minutes.
enum FulfilCommand: Command {
    static let spec = CommandSpec(
        path: ["fulfil"],
        summary: Text(
            es: "entrega las claves de los pedidos nuevos y registra todo en el repositorio",
            en: "deliver keys for new orders and record everything in the repository"),
        discussion: Text(
            es: """
                Sincroniza la tienda con su remoto, lee los pedidos de cada canal de venta, reserva las claves más
                antiguas con un commit, envía las claves, confirma el envío, registra el resultado con otro commit y
                sincroniza el stock. La identidad se lee de KEYSHIP_IDENTITY o KEYSHIP_IDENTITY_FILE.
                Código de salida: 0 todo correcto; 3 hay pedidos que requieren atención (en espera de stock, retenidos,
                con error); 4 un canal o el remoto no responde (vuelve a ejecutar); 1 error; 2 uso incorrecto.
                """,
            en: """
                Syncs the store with its remote, reads each sales channel's orders, reserves the oldest keys in a
                commit, sends the keys, confirms shipment, records the outcome in another commit and syncs stock. The
                identity is read from KEYSHIP_IDENTITY or KEYSHIP_IDENTITY_FILE.
                Exit code: 0 all done; 3 some orders need attention (waiting for stock, held, failed); 4 a channel or
                the remote did not answer (run again); 1 error; 2 usage error.
                """),
        options: [
            .flag("dry-run", Text(
                es: "muestra el plan sin reservar, enviar ni escribir nada",
                en: "print the plan without reserving, sending or writing anything")),
            .value("channel", "NAME", Text(
                es: "procesa solo este canal de venta (se puede repetir)",
                en: "process only this sales channel (may be repeated)"), repeatable: true),
            .flag("json", Text(es: "escribe el resumen en JSON", en: "write the summary as JSON")),
            .value("branch", "BRANCH", Text(
                es: "rama de la tienda (por defecto, la rama actual)",
                en: "the store's branch (default: the current branch)")),
            .value("remote", "REMOTE", Text(
                es: "remoto con el que sincronizar (por defecto origin si existe; sin remoto, solo local)",
                en: "remote to sync with (default: origin when it exists; without one, local only)")),
        ])

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> ExitCode {
        let location = StoreLocation(arguments: arguments, context: context)
        let store = try StoreRepository(
            path: location.root, branch: arguments.value("branch"), remote: arguments.value("remote"),
            environment: context.environment, logger: context.logger)
        let dryRun = arguments.flag("dry-run")
        let identities = try IdentityLoader.load(environment: context.environment) ?? []
        if identities.isEmpty && !dryRun { throw RunMessage.identityMissing }

        let channels = arguments.values("channel")
        let options = FulfilOptions(
            dryRun: dryRun, channels: channels.isEmpty ? nil : Set(channels),
            failpoint: Failpoint(environment: context.environment))
        let dependencies = FulfilmentRun.Dependencies(
            store: store,
            channels: StandardChannelFactory(environment: context.environment, now: context.now, logger: context.logger),
            identities: identities, environment: context.environment, now: context.now, logger: context.logger)
        let run = FulfilmentRun(dependencies: dependencies, options: options)
        let report = try await run.run()

        // The operator's language may come from the store's own setting.
        let language = report.storeLanguage.map { context.withStoreLanguage($0).language } ?? context.language

        if arguments.flag("json") {
            context.console.write(report.json(in: language))
        } else {
            if dryRun, let plan = run.plan {
                context.console.write(plan.formatted(in: language))
                context.console.line()
            }
            context.console.write(report.text(in: language))
        }
        if let summaryPath = context.environment["GITHUB_STEP_SUMMARY"], !summaryPath.isEmpty {
            appendSummary(report.markdown(in: language), to: summaryPath, context: context)
        }
        return report.exitCode
    }

    private static func appendSummary(_ text: String, to path: String, context: CommandContext) {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            context.logger.warning("cannot open the CI step summary", ["path": path])
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
