import KeyshipCore
import KeyshipCrypto

/// Messages of the sold-key check that reach the operator.
enum SoldKeyGuardMessage: KeyshipError {
    case keyNotOpened(FingerprintKeyError)
    case identityNotRecipient
    case keyNotAssigned(keyID: String, reason: ExcludedKey.Reason)
    case orderNotReserved(order: String)

    func text(in language: Language) -> String {
        switch self {
        case .keyNotOpened(let error):
            language.pick(
                es: "\(FingerprintLayout.keyFile) no se puede abrir, así que no se ha asignado ni enviado nada: "
                    + "\(Self.detail(error, in: language)) El fichero está cifrado para los destinatarios que tenía keyship.yaml al crearse: "
                    + "si la identidad de la ejecución cambió, vuelve a cifrarlo para el nuevo destinatario como una celda de clave.",
                en: "\(FingerprintLayout.keyFile) cannot be opened, so nothing was assigned or sent: "
                    + "\(Self.detail(error, in: language)) The file is encrypted to the recipients keyship.yaml listed when it was created: "
                    + "if the job's identity changed, re-encrypt it to the new recipient like a key cell.")
        case .identityNotRecipient:
            language.pick(
                es: "la identidad de la ejecución no es ninguno de los destinatarios de keyship.yaml, así que no podría "
                    + "leer la clave de huellas que iba a crear y no se ha asignado ni enviado nada; añade su destinatario "
                    + "(age1...) a recipients",
                en: "the job's identity is none of the recipients in keyship.yaml, so it could not read the fingerprint "
                    + "key it was about to create, and nothing was assigned or sent; add its recipient (age1...) to recipients")
        case .keyNotAssigned(let keyID, let reason):
            language.pick(
                es: "clave \(keyID) no asignada: \(reason.text(in: .es))",
                en: "key \(keyID) not assigned: \(reason.text(in: .en))")
        case .orderNotReserved(let order):
            language.pick(
                es: "el pedido \(order) no recibe claves en esta ejecución, porque sus claves resultaron ser una y otra vez "
                    + "claves ya vendidas o repetidas; borra las filas indicadas de keys/ y la próxima ejecución lo atenderá",
                en: "the order \(order) gets no keys in this run, because its keys kept turning out to be keys already "
                    + "sold or in stock twice; delete the rows reported from keys/ and the next run serves it")
        }
    }

    /// Returns why the key did not open as a full sentence; an age error's text already is one.
    private static func detail(_ error: FingerprintKeyError, in language: Language) -> String {
        if case .notOpened(let ageError) = error { return ageError.text(in: language) }
        return error.text(in: language) + "."
    }
}
