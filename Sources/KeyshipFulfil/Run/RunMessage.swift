public import KeyshipCore

/// Errors and notices of the fulfilment run that reach the operator.
public enum RunMessage: KeyshipError {
    case batchDamaged(String)
    case storeInvalid
    case unknownChannel(String, known: [String])
    case identityMissing
    case keyNotDecryptable(keyID: String, batch: String, reason: any LocalizedMessage)
    case outboxTracked(channel: String, path: String)
    case channelKindUnavailable(channel: String, kind: String)

    public var exitCode: ExitCode {
        switch self {
        case .unknownChannel: .usage
        default: .failure
        }
    }

    public func text(in language: Language) -> String {
        switch self {
        case .batchDamaged(let path):
            language.pick(
                es: "el fichero de claves \(path) está dañado; corrígelo (keyship check) antes de la próxima ejecución:",
                en: "the key batch file \(path) is damaged; fix it (keyship check) before the next run:")
        case .storeInvalid:
            language.pick(
                es: "la tienda tiene errores y no se ha procesado ningún pedido; corrígelos (keyship check):",
                en: "the store has errors and no order was processed; fix them (keyship check):")
        case .unknownChannel(let name, let known):
            language.pick(
                es: "canal de venta desconocido \"\(name)\"; los canales de keyship.yaml son \(known.joined(separator: ", "))",
                en: "unknown sales channel \"\(name)\"; the channels in keyship.yaml are \(known.joined(separator: ", "))")
        case .identityMissing:
            language.pick(
                es: "falta la identidad para descifrar las claves; pon su texto en KEYSHIP_IDENTITY o su ruta en KEYSHIP_IDENTITY_FILE",
                en: "the identity that decrypts the keys is missing; put its text in KEYSHIP_IDENTITY or its path in KEYSHIP_IDENTITY_FILE")
        case .keyNotDecryptable(let keyID, let batch, let reason):
            language.pick(
                es: "no se puede descifrar la clave \(keyID) (\(batch)), así que no se ha asignado ni enviado nada: \(reason.text(in: .es))",
                en: "cannot decrypt the key \(keyID) (\(batch)), so nothing was assigned or sent: \(reason.text(in: .en))")
        case .outboxTracked(let channel, let path):
            language.pick(
                es: "la carpeta outbox del canal \(channel) (\(path)) está dentro del repositorio y git no la ignora; contendría claves en claro: añádela a .gitignore o muévela fuera",
                en: "the outbox of channel \(channel) (\(path)) is inside the repository and git does not ignore it; it would hold plaintext keys: add it to .gitignore or move it outside")
        case .channelKindUnavailable(let channel, let kind):
            language.pick(
                es: "el canal \(channel) es de tipo \(kind), que esta versión de keyship no puede usar",
                en: "the channel \(channel) is of kind \(kind), which this version of keyship cannot use")
        }
    }
}
