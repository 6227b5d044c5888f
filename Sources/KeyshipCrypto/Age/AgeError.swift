public import KeyshipCore

/// A failure to encrypt, decrypt or parse age data, with texts for the operator.
///
/// The cases follow the failure kinds of the age test vectors (header, armor, payload, no
/// match, header MAC) plus keyship's own: bad recipient and identity encodings, bad key cells
/// and a missing recipient list. No case carries plaintext or secret key text.
public enum AgeError: KeyshipError, Equatable {
    /// The header does not follow the age v1 grammar, or a stanza addressed to a known
    /// recipient type is malformed.
    case invalidHeader(HeaderProblem)
    /// The ASCII armor (PEM) around the file is not strictly valid.
    case invalidArmor(ArmorProblem)
    /// The encrypted payload failed authentication or breaks the STREAM rules.
    case invalidPayload(PayloadProblem)
    /// None of the identities unwraps any stanza of the file.
    case noMatchingIdentity
    /// A stanza unwrapped a file key, but the header MAC does not verify with it.
    case headerMACMismatch
    /// A recipient string is not an X25519 age recipient. `value` is the text as given, unless
    /// it looks like a secret key, which is withheld.
    case invalidRecipient(value: String, problem: RecipientProblem)
    /// An identity string is not an X25519 age identity; `line` is set when it came from a
    /// multi-line identity text. The identity text itself is never kept.
    case invalidIdentity(line: Int?, problem: IdentityProblem)
    /// Encryption was asked for with an empty recipient list.
    case noRecipients
    /// A key cell is not single-line standard base64.
    case invalidCell(CellProblem)
    /// libsodium could not initialise, which happens only without a secure random source.
    case cryptoLibraryUnavailable

    /// The failure kinds named by the age test vectors, and keyship's own.
    public enum Kind: String, Sendable, CaseIterable {
        case header = "header failure"
        case armor = "armor failure"
        case payload = "payload failure"
        case noMatch = "no match"
        case headerMAC = "HMAC failure"
        case recipient = "recipient failure"
        case identity = "identity failure"
        case noRecipients = "no recipients"
        case cell = "cell failure"
        case library = "library failure"
    }

    /// The failure kind of this error.
    public var kind: Kind {
        switch self {
        case .invalidHeader: .header
        case .invalidArmor: .armor
        case .invalidPayload: .payload
        case .noMatchingIdentity: .noMatch
        case .headerMACMismatch: .headerMAC
        case .invalidRecipient: .recipient
        case .invalidIdentity: .identity
        case .noRecipients: .noRecipients
        case .invalidCell: .cell
        case .cryptoLibraryUnavailable: .library
        }
    }

    public func text(in language: Language) -> String {
        switch self {
        case .invalidHeader(let problem):
            language.pick(
                es: "La cabecera del fichero age no es válida: \(problem.text(in: language)). "
                    + "La celda está dañada o no la escribió age: recupérala del historial de git o vuelve a importar la clave.",
                en: "The age file header is invalid: \(problem.text(in: language)). "
                    + "The cell is damaged or was not written by age: restore it from git history or import the key again.")
        case .invalidArmor(let problem):
            language.pick(
                es: "La armadura ASCII del fichero age no es válida: \(problem.text(in: language)). "
                    + "Usa el fichero tal como lo escribió age -a, sin editarlo.",
                en: "The age file's ASCII armor is invalid: \(problem.text(in: language)). "
                    + "Use the file exactly as age -a wrote it, without editing it.")
        case .invalidPayload(let problem):
            language.pick(
                es: "El contenido cifrado del fichero age no es válido: \(problem.text(in: language)). "
                    + "Recupera la celda del historial de git o vuelve a importar la clave.",
                en: "The age file's encrypted payload is invalid: \(problem.text(in: language)). "
                    + "Restore the cell from git history or import the key again.")
        case .noMatchingIdentity:
            language.pick(
                es: "Ninguna identidad descifra este fichero age: la celda no se cifró para esta identidad. "
                    + "Comprueba KEYSHIP_IDENTITY (o KEYSHIP_IDENTITY_FILE): debe contener la identidad de uno de los "
                    + "destinatarios de keyship.yaml.",
                en: "No identity decrypts this age file: the cell was not encrypted to this identity. "
                    + "Check KEYSHIP_IDENTITY (or KEYSHIP_IDENTITY_FILE): it must contain the identity of one of the "
                    + "recipients in keyship.yaml.")
        case .headerMACMismatch:
            language.pick(
                es: "El MAC de la cabecera del fichero age no coincide: la cabecera se modificó después de cifrar. "
                    + "Recupera la celda del historial de git o vuelve a importar la clave.",
                en: "The age file's header MAC does not match: the header was changed after encryption. "
                    + "Restore the cell from git history or import the key again.")
        case .invalidRecipient(let value, let problem):
            language.pick(
                es: "El destinatario age \"\(value)\" no es válido: \(problem.text(in: language)). "
                    + "Copia la línea \"public key: age1...\" que escriben age-keygen o keyship keygen.",
                en: "The age recipient \"\(value)\" is invalid: \(problem.text(in: language)). "
                    + "Copy the \"public key: age1...\" line written by age-keygen or keyship keygen.")
        case .invalidIdentity(let line, let problem):
            language.pick(
                es: (line.map { "La identidad age de la línea \($0) no es válida" } ?? "La identidad age no es válida")
                    + ": \(problem.text(in: language)). "
                    + "Usa la línea AGE-SECRET-KEY-1... que escriben age-keygen o keyship keygen.",
                en: (line.map { "The age identity on line \($0) is invalid" } ?? "The age identity is invalid")
                    + ": \(problem.text(in: language)). "
                    + "Use the AGE-SECRET-KEY-1... line written by age-keygen or keyship keygen.")
        case .noRecipients:
            language.pick(
                es: "No hay destinatarios age, así que nadie podría descifrar la clave. "
                    + "Añade destinatarios (age1...) en recipients de keyship.yaml.",
                en: "There are no age recipients, so nobody could decrypt the key. "
                    + "Add recipients (age1...) under recipients in keyship.yaml.")
        case .invalidCell(let problem):
            language.pick(
                es: "La celda cifrada no es válida: \(problem.text(in: language)). "
                    + "Recupérala del historial de git o vuelve a importar la clave con keyship keys import.",
                en: "The encrypted cell is invalid: \(problem.text(in: language)). "
                    + "Restore it from git history or import the key again with keyship keys import.")
        case .cryptoLibraryUnavailable:
            language.pick(
                es: "No se pudo inicializar libsodium porque el sistema no ofrece una fuente aleatoria segura. "
                    + "Comprueba que /dev/urandom existe y se puede leer.",
                en: "libsodium could not be initialised because the system offers no secure random source. "
                    + "Check that /dev/urandom exists and is readable.")
        }
    }
}

extension AgeError {
    /// The reason a header was rejected. Lines count from 1 at the version line.
    public enum HeaderProblem: Sendable, Equatable, LocalizedMessage {
        /// The file is empty.
        case empty
        /// The first line is not an age version line.
        case notAgeFile
        /// The version line names a version other than v1.
        case unsupportedVersion
        /// The header ends without its MAC line.
        case truncated(line: Int)
        /// The line starts neither a stanza (`-> `) nor the MAC line (`---`).
        case unexpectedLine(line: Int)
        /// The stanza's argument line has no arguments, an empty argument or a byte outside
        /// printable ASCII.
        case invalidStanzaArguments(line: Int)
        /// A stanza body line is longer than 64 columns, not base64, or the body is not
        /// canonical unpadded base64.
        case invalidStanzaBody(line: Int)
        /// The MAC line is not `--- ` followed by 43 canonical base64 characters.
        case invalidMACLine(line: Int)
        /// The header has no stanza.
        case noStanzas
        /// An X25519 stanza (stanzas count from 1) lacks one 32-byte share argument or a 32-byte
        /// body.
        case invalidX25519Stanza(stanza: Int)
        /// An X25519 stanza's share gives the all-zero shared secret (a low-order point).
        case lowOrderX25519Share(stanza: Int)
        /// A passphrase (scrypt) stanza is mixed with other stanzas.
        case scryptNotAlone
        /// The 16-byte payload nonce after the header is missing or short.
        case missingNonce
        /// The header has no X25519 stanza, so no keyship identity could open it.
        case noX25519Stanza

        public func text(in language: Language) -> String {
            switch self {
            case .empty:
                language.pick(es: "el fichero está vacío", en: "the file is empty")
            case .notAgeFile:
                language.pick(
                    es: "la primera línea no es age-encryption.org/v1",
                    en: "the first line is not age-encryption.org/v1")
            case .unsupportedVersion:
                language.pick(
                    es: "usa una versión del formato age distinta de v1",
                    en: "it uses an age format version other than v1")
            case .truncated(let line):
                language.pick(
                    es: "termina en la línea \(line) sin la línea del MAC (---)",
                    en: "it ends at line \(line) without the MAC line (---)")
            case .unexpectedLine(let line):
                language.pick(
                    es: "la línea \(line) no empieza un bloque de destinatario (->) ni es la línea del MAC (---)",
                    en: "line \(line) neither starts a recipient stanza (->) nor is the MAC line (---)")
            case .invalidStanzaArguments(let line):
                language.pick(
                    es: "los argumentos del bloque de la línea \(line) están vacíos o contienen caracteres no imprimibles",
                    en: "the stanza arguments on line \(line) are empty or contain non-printable characters")
            case .invalidStanzaBody(let line):
                language.pick(
                    es: "el cuerpo del bloque de la línea \(line) no es base64 canónico sin relleno en líneas de 64 columnas",
                    en: "the stanza body at line \(line) is not canonical unpadded base64 in 64-column lines")
            case .invalidMACLine(let line):
                language.pick(
                    es: "la línea \(line) del MAC no es \"--- \" seguido de 43 caracteres base64 canónicos",
                    en: "the MAC line \(line) is not \"--- \" followed by 43 canonical base64 characters")
            case .noStanzas:
                language.pick(es: "no tiene ningún bloque de destinatario", en: "it has no recipient stanza")
            case .invalidX25519Stanza(let stanza):
                language.pick(
                    es: "el bloque \(stanza) (X25519) no tiene exactamente una clave efímera de 32 bytes y un cuerpo de 32 bytes",
                    en: "stanza \(stanza) (X25519) does not have exactly one 32-byte ephemeral share and a 32-byte body")
            case .lowOrderX25519Share(let stanza):
                language.pick(
                    es: "el bloque \(stanza) (X25519) usa un punto de orden bajo, que da un secreto compartido nulo",
                    en: "stanza \(stanza) (X25519) uses a low-order point, which gives an all-zero shared secret")
            case .scryptNotAlone:
                language.pick(
                    es: "un bloque de contraseña (scrypt) aparece junto a otros bloques",
                    en: "a passphrase (scrypt) stanza appears together with other stanzas")
            case .missingNonce:
                language.pick(
                    es: "falta el nonce de 16 bytes que sigue a la cabecera",
                    en: "the 16-byte nonce after the header is missing")
            case .noX25519Stanza:
                language.pick(
                    es: "no tiene ningún bloque X25519, así que ninguna identidad de keyship puede abrirlo",
                    en: "it has no X25519 stanza, so no keyship identity can open it")
            }
        }
    }

    /// The reason ASCII armor was rejected. Lines count from 1 at the BEGIN line.
    public enum ArmorProblem: Sendable, Equatable, LocalizedMessage {
        /// The text does not start with the BEGIN line (after optional whitespace).
        case missingBeginLine
        /// The END line is missing.
        case missingEndLine
        /// A base64 line is empty, longer than 64 columns, shorter than 64 columns before the
        /// last line, or contains characters outside base64.
        case invalidLine(line: Int)
        /// The base64 text is not canonical padded base64.
        case invalidBase64
        /// Something other than whitespace follows the END line.
        case trailingData

        public func text(in language: Language) -> String {
            switch self {
            case .missingBeginLine:
                language.pick(
                    es: "no empieza con -----BEGIN AGE ENCRYPTED FILE-----",
                    en: "it does not start with -----BEGIN AGE ENCRYPTED FILE-----")
            case .missingEndLine:
                language.pick(
                    es: "falta la línea -----END AGE ENCRYPTED FILE-----",
                    en: "the -----END AGE ENCRYPTED FILE----- line is missing")
            case .invalidLine(let line):
                language.pick(
                    es: "la línea \(line) no es una línea base64 de 64 columnas (o menos, si es la última)",
                    en: "line \(line) is not a base64 line of 64 columns (or fewer, when it is the last)")
            case .invalidBase64:
                language.pick(es: "el base64 no es canónico o le falta el relleno", en: "the base64 is not canonical or lacks padding")
            case .trailingData:
                language.pick(
                    es: "hay texto después de la línea END",
                    en: "there is text after the END line")
            }
        }
    }

    /// The reason the encrypted payload was rejected. Chunks count from 1.
    public enum PayloadProblem: Sendable, Equatable, LocalizedMessage {
        /// A chunk failed authentication: the ciphertext was changed or cut.
        case authenticationFailed(chunk: Int)
        /// The payload ends without a final chunk: it was truncated.
        case missingFinalChunk
        /// The final chunk is empty, which only an empty payload may have.
        case emptyFinalChunk
        /// Data follows the final chunk.
        case trailingData

        public func text(in language: Language) -> String {
            switch self {
            case .authenticationFailed(let chunk):
                language.pick(
                    es: "el fragmento \(chunk) no supera la autenticación (el texto cifrado se modificó o se cortó)",
                    en: "chunk \(chunk) failed authentication (the ciphertext was changed or cut)")
            case .missingFinalChunk:
                language.pick(
                    es: "termina sin fragmento final (está truncado)",
                    en: "it ends without a final chunk (it was truncated)")
            case .emptyFinalChunk:
                language.pick(
                    es: "el fragmento final está vacío, algo que solo se admite si todo el contenido está vacío",
                    en: "the final chunk is empty, which is allowed only when the whole payload is empty")
            case .trailingData:
                language.pick(es: "hay datos después del fragmento final", en: "there is data after the final chunk")
            }
        }
    }

    /// The reason a recipient string was rejected.
    public enum RecipientProblem: Sendable, Equatable, LocalizedMessage {
        /// Not Bech32: a typo, a missing character or mixed case.
        case notBech32
        /// Bech32, but not an `age1...` X25519 recipient.
        case wrongType
        /// The key inside is not 32 bytes.
        case wrongLength
        /// The text is a secret key (identity), which must never be used as a recipient.
        case secretKey
        /// The key is a low-order point, which no identity can match.
        case lowOrderPoint

        public func text(in language: Language) -> String {
            switch self {
            case .notBech32:
                language.pick(
                    es: "no es Bech32 (revisa erratas, caracteres que falten o mayúsculas mezcladas)",
                    en: "it is not Bech32 (check for typos, missing characters or mixed case)")
            case .wrongType:
                language.pick(es: "no es un destinatario X25519 (age1...)", en: "it is not an X25519 recipient (age1...)")
            case .wrongLength:
                language.pick(es: "la clave no tiene 32 bytes", en: "the key is not 32 bytes long")
            case .secretKey:
                language.pick(
                    es: "es una clave secreta (identidad), no un destinatario; no la compartas y genera otra si se ha publicado",
                    en: "it is a secret key (identity), not a recipient; keep it private and replace it if it was published")
            case .lowOrderPoint:
                language.pick(
                    es: "es un punto de orden bajo que ninguna identidad puede descifrar",
                    en: "it is a low-order point that no identity can decrypt")
            }
        }
    }

    /// The reason an identity string was rejected.
    public enum IdentityProblem: Sendable, Equatable, LocalizedMessage {
        /// Not Bech32: a typo, a missing character or mixed case.
        case notBech32
        /// Bech32, but not an `AGE-SECRET-KEY-1...` X25519 identity (for example a plugin or
        /// post-quantum identity).
        case wrongType
        /// The key inside is not 32 bytes.
        case wrongLength

        public func text(in language: Language) -> String {
            switch self {
            case .notBech32:
                language.pick(
                    es: "no es Bech32 (revisa erratas, caracteres que falten o mayúsculas mezcladas)",
                    en: "it is not Bech32 (check for typos, missing characters or mixed case)")
            case .wrongType:
                language.pick(
                    es: "no es una identidad X25519 (AGE-SECRET-KEY-1...); las identidades de plugins y poscuánticas no se admiten",
                    en: "it is not an X25519 identity (AGE-SECRET-KEY-1...); plugin and post-quantum identities are not supported")
            case .wrongLength:
                language.pick(es: "la clave no tiene 32 bytes", en: "the key is not 32 bytes long")
            }
        }
    }

    /// The reason a key cell was rejected before age parsing.
    public enum CellProblem: Sendable, Equatable, LocalizedMessage {
        /// The cell is empty.
        case empty
        /// The cell is not one line of canonical standard base64 with padding.
        case notBase64

        public func text(in language: Language) -> String {
            switch self {
            case .empty:
                language.pick(es: "está vacía", en: "it is empty")
            case .notBase64:
                language.pick(
                    es: "no es una sola línea de base64 estándar (sin espacios ni saltos de línea)",
                    en: "it is not a single line of standard base64 (no spaces or line breaks)")
            }
        }
    }
}
