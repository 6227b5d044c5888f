import KeyshipCore
import KeyshipCrypto

/// `keyship keygen FILE`: creates an age identity for the fulfilment job.
enum KeygenCommand: Command {
    static let spec = CommandSpec(
        path: ["keygen"],
        summary: Text(
            es: "crea una identidad age nueva y muestra su destinatario",
            en: "create a new age identity and print its recipient"),
        discussion: Text(
            es: """
                La identidad descifra las claves de licencia: guárdala fuera del repositorio (por ejemplo
                como secreto de la CI, en KEYSHIP_IDENTITY) y añade el destinatario a recipients en keyship.yaml.
                """,
            en: """
                The identity decrypts the licence keys: keep it outside the repository (for example as a CI
                secret, in KEYSHIP_IDENTITY) and add the recipient to recipients in keyship.yaml.
                """),
        positionals: [PositionalSpec(name: "FILE", help: Text(
            es: "fichero nuevo para la identidad (se crea con permisos 0600)",
            en: "new file for the identity (created with mode 0600)"))])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = context.absolutePath(arguments.positionals[0])
        let identity = try AgeIdentity.generate()
        try PrivateFile.create(path, contents: IdentityFile.contents(for: identity, createdAt: context.now()))
        context.say(KeygenMessage.created(path: path, recipient: identity.recipient.encoded))
        return .success
    }
}

enum KeygenMessage: LocalizedMessage {
    case created(path: String, recipient: String)

    func text(in language: Language) -> String {
        switch self {
        case .created(let path, let recipient):
            language.pick(
                es: "Identidad creada en \(path) (permisos 0600).\nDestinatario: \(recipient)\n"
                    + "Añade el destinatario a recipients en keyship.yaml y guarda la identidad como secreto (KEYSHIP_IDENTITY_FILE o KEYSHIP_IDENTITY).",
                en: "Identity created in \(path) (mode 0600).\nRecipient: \(recipient)\n"
                    + "Add the recipient to recipients in keyship.yaml and keep the identity as a secret (KEYSHIP_IDENTITY_FILE or KEYSHIP_IDENTITY).")
        }
    }
}
