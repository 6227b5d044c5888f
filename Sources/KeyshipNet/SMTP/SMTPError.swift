public import KeyshipCore

/// A message that could not be sent, naming the SMTP server as `host:port`.
public struct SMTPError: KeyshipError, Equatable {
    public enum Reason: Sendable, Hashable {
        /// Security `none` for a server that is not on loopback.
        case insecureServer
        /// An envelope address that is not a plain ASCII `local@domain`.
        case invalidAddress(String)
        case noRecipients
        /// A user name without a password, or a password without a user name.
        case incompleteCredentials
        /// No connection within the connect timeout, or no end of the exchange within the whole
        /// timeout, in seconds.
        case timedOut(seconds: Double)
        /// The server could not be reached or dropped the connection; libcurl's detail.
        case connectionFailed(String)
        /// STARTTLS was refused, or the TLS handshake or certificate check failed.
        case tlsFailed(String)
        /// The server rejected the user name or password.
        case authenticationFailed(String)
        /// The server refused the sender, a recipient or the message; its last reply code.
        case rejected(code: Int, detail: String)
        /// Any other failure; libcurl's detail.
        case failed(String)
    }

    public var reason: Reason
    /// `host:port`.
    public var server: String

    public init(_ reason: Reason, server: String) {
        self.reason = reason
        self.server = server
    }

    public var exitCode: ExitCode {
        switch reason {
        case .timedOut, .connectionFailed: .unavailable
        default: .failure
        }
    }

    public func text(in language: Language) -> String {
        switch reason {
        case .insecureServer:
            language.pick(
                es: "El servidor SMTP \(server) no está en este equipo, así que no se puede usar sin cifrar. "
                    + "Configura starttls o tls.",
                en: "The SMTP server \(server) is not on this machine, so it cannot be used without "
                    + "encryption. Configure starttls or tls.")
        case .invalidAddress(let address):
            language.pick(
                es: "SMTP \(server): la dirección «\(address)» no es válida: debe tener la forma usuario@dominio.",
                en: "SMTP \(server): the address \"\(address)\" is invalid: it must have the form user@domain.")
        case .noRecipients:
            language.pick(
                es: "SMTP \(server): el mensaje no tiene destinatarios. Configura al menos una dirección.",
                en: "SMTP \(server): the message has no recipients. Configure at least one address.")
        case .incompleteCredentials:
            language.pick(
                es: "SMTP \(server): falta el usuario o la contraseña. Define las dos variables de entorno o ninguna.",
                en: "SMTP \(server): the user name or the password is missing. Set both environment variables or neither.")
        case .timedOut(let seconds):
            language.pick(
                es: "SMTP \(server): sin respuesta en \(HTTPError.format(seconds)) s. "
                    + "Comprueba el servidor y la red, y vuelve a ejecutar.",
                en: "SMTP \(server) timed out after \(HTTPError.format(seconds)) s. "
                    + "Check the server and the network, and run again.")
        case .connectionFailed(let detail):
            language.pick(
                es: "SMTP \(server): falló la conexión: \(detail). Comprueba el servidor y el puerto.",
                en: "SMTP \(server): connection failed: \(detail). Check the host and the port.")
        case .tlsFailed(let detail):
            language.pick(
                es: "SMTP \(server): falló la conexión segura (TLS): \(detail). "
                    + "Comprueba el certificado del servidor o el fichero de CA configurado.",
                en: "SMTP \(server): the secure connection (TLS) failed: \(detail). "
                    + "Check the server's certificate or the configured CA file.")
        case .authenticationFailed(let detail):
            language.pick(
                es: "SMTP \(server): el servidor rechazó el usuario o la contraseña (\(detail)). "
                    + "Comprueba las credenciales en las variables de entorno.",
                en: "SMTP \(server): the server rejected the user name or password (\(detail)). "
                    + "Check the credentials in the environment variables.")
        case .rejected(let code, let detail):
            language.pick(
                es: "SMTP \(server): el servidor rechazó el mensaje con el código \(code): \(detail). "
                    + "Comprueba el remitente y los destinatarios.",
                en: "SMTP \(server): the server rejected the message with code \(code): \(detail). "
                    + "Check the sender and the recipients.")
        case .failed(let detail):
            language.pick(
                es: "SMTP \(server): no se pudo enviar el mensaje: \(detail).",
                en: "SMTP \(server): the message could not be sent: \(detail).")
        }
    }
}
