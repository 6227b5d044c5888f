import KeyshipCore
import KeyshipNet
import KeyshipTestSupport
import Testing

@Suite struct HTTPClientTLSTests {
    static func client(caFile: String?) -> HTTPClient {
        HTTPClient(
            configuration: HTTPClientConfiguration(maxAttempts: 3, caFile: caFile),
            sleep: RecordingSleep().function)
    }

    @Test func trustedCertificateIsAccepted() async throws {
        let scratch = try ScratchDirectory("https")
        let certificate = try SelfSignedCertificate.make(in: scratch)
        let server = try TLSTestServer(in: scratch, certificate: certificate)

        let response = try await Self.client(caFile: certificate.certificatePath).send(
            HTTPRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/api/version", retryPolicy: .idempotent))

        #expect(response.status == 200)
        #expect(response.text == "secure")
    }

    @Test func untrustedCertificateFailsWithoutRetry() async throws {
        let scratch = try ScratchDirectory("https-untrusted")
        let certificate = try SelfSignedCertificate.make(in: scratch)
        let server = try TLSTestServer(in: scratch, certificate: certificate)
        let other = try SelfSignedCertificate.make(in: scratch, name: "other")

        let error = await #expect(throws: HTTPError.self) {
            try await Self.client(caFile: other.certificatePath).send(
                HTTPRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/api/version", retryPolicy: .idempotent))
        }

        #expect(error?.attempts == 1)
        guard case .tlsFailed(let detail) = error?.reason else {
            Issue.record("expected tlsFailed, got \(String(describing: error?.reason))")
            return
        }
        #expect(detail.hasPrefix("SSL peer certificate or SSH remote key was not OK"))
    }

    @Test func certificateForAnotherHostIsRejected() async throws {
        let scratch = try ScratchDirectory("https-host")
        let certificate = try SelfSignedCertificate.make(in: scratch, subjectAltNames: "DNS:shop.example")
        let server = try TLSTestServer(in: scratch, certificate: certificate)

        let error = await #expect(throws: HTTPError.self) {
            try await Self.client(caFile: certificate.certificatePath).send(
                HTTPRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/", retryPolicy: .idempotent))
        }

        #expect(error?.reason == .tlsFailed(
            "SSL peer certificate or SSH remote key was not OK: "
                + "SSL: no alternative certificate subject name matches target host name '127.0.0.1'"))
    }
}
