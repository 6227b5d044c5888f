public import KeyshipCore

/// A request's method and URL without query, credentials or fragment, which can appear in logs
/// and error messages: `POST https://example.mirakl.net/api/orders/accept`.
public struct HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    /// `scheme://host[:port]/path`.
    public var url: String

    public init(method: String, url: String) {
        self.method = method
        self.url = url
    }

    public var description: String { "\(method) \(url)" }
}

/// A request that failed, with the endpoint and the number of attempts made.
public struct HTTPError: KeyshipError, Equatable {
    public enum Reason: Sendable, Hashable {
        /// The URL cannot be parsed; the associated text is the URL without its query.
        case invalidURL(String)
        /// A plain `http` URL to a host that is not loopback.
        case insecureURL
        /// A header whose name is not a token or whose value contains a line break; the name.
        case invalidHeader(String)
        /// No connection within the connect timeout, in seconds.
        case connectTimedOut(seconds: Double)
        /// No complete response within the whole-request timeout, in seconds.
        case timedOut(seconds: Double)
        /// The connection was refused, could not be made, or was dropped; libcurl's detail.
        case connectionFailed(String)
        /// The TLS handshake or the certificate check failed; libcurl's detail.
        case tlsFailed(String)
        /// The server responded with a status that is neither accepted nor retried.
        case status(HTTPResponse)
        /// Every attempt got a retryable status; the last response.
        case retriesExhausted(HTTPResponse)
        /// The response body was larger than the client's limit, in bytes.
        case responseTooLarge(limit: Int)
        /// Any other transfer failure; libcurl's detail.
        case transferFailed(String)
    }

    public var reason: Reason
    public var endpoint: HTTPEndpoint
    /// Attempts made, including the failed one; 0 when nothing was sent.
    public var attempts: Int

    public init(_ reason: Reason, endpoint: HTTPEndpoint, attempts: Int) {
        self.reason = reason
        self.endpoint = endpoint
        self.attempts = attempts
    }

    /// The response for status failures, so a caller can read the server's error document.
    public var response: HTTPResponse? {
        switch reason {
        case .status(let response), .retriesExhausted(let response): response
        default: nil
        }
    }

    /// Timeouts, connection failures and exhausted retries mean the channel is unavailable and
    /// the run should be repeated later; everything else needs a person.
    public var exitCode: ExitCode {
        switch reason {
        case .connectTimedOut, .timedOut, .connectionFailed, .retriesExhausted: .unavailable
        default: .failure
        }
    }

    public func text(in language: Language) -> String {
        let target = endpoint.description
        let tries = language.pick(
            es: attempts == 1 ? "1 intento" : "\(attempts) intentos",
            en: attempts == 1 ? "1 attempt" : "\(attempts) attempts")
        switch reason {
        case .invalidURL(let url):
            return language.pick(
                es: "La URL «\(url)» no es válida. Corrige la URL base del canal de venta en keyship.yaml.",
                en: "The URL \"\(url)\" is invalid. Correct the sales channel's base URL in keyship.yaml.")
        case .insecureURL:
            return language.pick(
                es: "La URL de \(target) usa http sin cifrar y no apunta a este equipo (127.0.0.1, ::1 o "
                    + "localhost). Usa una URL https://.",
                en: "The URL of \(target) uses plain http and is not a loopback address (127.0.0.1, ::1 or "
                    + "localhost). Use an https:// URL.")
        case .invalidHeader(let name):
            return language.pick(
                es: "\(target): la cabecera «\(name)» no es válida: el nombre debe ser una palabra sin "
                    + "espacios ni «:», y el valor no puede tener saltos de línea.",
                en: "\(target): the header \"\(name)\" is invalid: the name must be one word without "
                    + "spaces or \":\", and the value cannot contain line breaks.")
        case .connectTimedOut(let seconds):
            return language.pick(
                es: "\(target): no se pudo conectar en \(Self.format(seconds)) s (\(tries)). "
                    + "Comprueba la red y la URL del canal de venta, y vuelve a ejecutar.",
                en: "\(target): could not connect within \(Self.format(seconds)) s (\(tries)). "
                    + "Check the network and the sales channel's URL, and run again.")
        case .timedOut(let seconds):
            return language.pick(
                es: "\(target): sin respuesta completa en \(Self.format(seconds)) s (\(tries)). "
                    + "El canal de venta va lento o no está disponible; vuelve a ejecutar más tarde.",
                en: "\(target) timed out after \(Self.format(seconds)) s (\(tries)). "
                    + "The sales channel is slow or unavailable; run again later.")
        case .connectionFailed(let detail):
            return language.pick(
                es: "\(target): falló la conexión (\(tries)): \(detail). "
                    + "Comprueba la red y la URL del canal de venta, y vuelve a ejecutar.",
                en: "\(target): connection failed (\(tries)): \(detail). "
                    + "Check the network and the sales channel's URL, and run again.")
        case .tlsFailed(let detail):
            return language.pick(
                es: "\(target): falló la conexión segura (TLS): \(detail). "
                    + "Comprueba el certificado del servidor o el fichero de CA configurado.",
                en: "\(target): the secure connection (TLS) failed: \(detail). "
                    + "Check the server's certificate or the configured CA file.")
        case .status(let response):
            return language.pick(
                es: "\(target) respondió con el estado HTTP \(response.status): «\(Self.snippet(response))». "
                    + "Revisa la petición y las credenciales del canal de venta.",
                en: "\(target) returned HTTP status \(response.status): \"\(Self.snippet(response))\". "
                    + "Check the request and the sales channel's credentials.")
        case .retriesExhausted(let response):
            return language.pick(
                es: "\(target) siguió fallando tras \(tries); último estado HTTP \(response.status): "
                    + "«\(Self.snippet(response))». Vuelve a ejecutar más tarde.",
                en: "\(target) still failed after \(tries); last HTTP status \(response.status): "
                    + "\"\(Self.snippet(response))\". Run again later.")
        case .responseTooLarge(let limit):
            return language.pick(
                es: "\(target): la respuesta supera el límite de \(limit) bytes. "
                    + "Pide menos resultados por página.",
                en: "\(target): the response is larger than the limit of \(limit) bytes. "
                    + "Request fewer results per page.")
        case .transferFailed(let detail):
            return language.pick(
                es: "\(target): falló la transferencia (\(tries)): \(detail).",
                en: "\(target): the transfer failed (\(tries)): \(detail).")
        }
    }

    /// The maximum number of body characters an error message shows.
    static let snippetLength = 200

    /// Returns the start of the body on one line, for error messages.
    static func snippet(_ response: HTTPResponse) -> String {
        let text = response.text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard text.count > snippetLength else { return text }
        return String(text.prefix(snippetLength)) + "…"
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
