import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Synchronization
import Testing

@Suite struct HTTPClientTests {
    @Test func successReturnsResponse() async throws {
        let fake = try ScriptedServer([
            .respond(.json(#"{"orders":[]}"#, headers: [LoopbackHeader("X-Request-Id", "r-1")])),
        ])
        let sleep = RecordingSleep()
        let client = makeClient(sleep: sleep)

        let response = try await client.send(HTTPRequest(
            method: "GET", url: fake.url("/api/orders?order_state_codes=SHIPPING&max=10"),
            headers: [HTTPHeader("Accept", "application/json")], retryPolicy: .idempotent))

        #expect(response.status == 200)
        #expect(response.text == #"{"orders":[]}"#)
        #expect(response.header("x-request-id") == "r-1")
        #expect(response.header("Content-Type") == "application/json")
        let request = try #require(fake.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/api/orders")
        #expect(request.query == [LoopbackQueryItem("order_state_codes", "SHIPPING"), LoopbackQueryItem("max", "10")])
        #expect(request.header("Accept") == "application/json")
        #expect(request.header("Expect") == nil)
        #expect(sleep.recorded == [])
    }

    @Test func attemptIsLoggedWithCallerMetadata() async throws {
        let fake = try ScriptedServer([])
        let handler = MemoryLogHandler(minimumLevel: .info)
        let client = makeClient(sleep: RecordingSleep(), logger: Logger(label: "net", handler: handler))

        _ = try await client.send(HTTPRequest(
            method: "GET", url: fake.url("/api/orders?api_key=query-secret"), retryPolicy: .idempotent,
            logMetadata: ["order_id": "T-1001"]))

        let record = try #require(handler.records.first)
        #expect(handler.records.count == 1)
        #expect(record.level == .info)
        #expect(record.message == "HTTP request completed")
        #expect(record.metadata["method"] == "GET")
        #expect(record.metadata["path"] == "/api/orders")
        #expect(record.metadata["status"] == "200")
        #expect(record.metadata["attempt"] == "1/4")
        #expect(record.metadata["order_id"] == "T-1001")
        #expect(record.metadata["elapsed_ms"].flatMap { Int($0) } != nil)
        #expect(!record.formatted.contains("query-secret"))
    }

    @Test func retryAfterSecondsIsHonoured() async throws {
        let fake = try ScriptedServer([
            .respond(.text("slow down", status: 429, headers: [LoopbackHeader("Retry-After", "7")])),
        ])
        let sleep = RecordingSleep()

        let response = try await makeClient(sleep: sleep).send(
            HTTPRequest(method: "GET", url: fake.url("/api/offers"), retryPolicy: .idempotent))

        #expect(response.status == 200)
        #expect(fake.requests.count == 2)
        #expect(sleep.recorded == [.seconds(7)])
    }

    @Test func retryAfterDateIsHonoured() async throws {
        // The fixed clock of `makeClient` is 2026-12-04 10:00:00 UTC.
        let fake = try ScriptedServer([
            .respond(.text("busy", status: 503, headers: [LoopbackHeader("Retry-After", "Fri, 04 Dec 2026 10:00:42 GMT")])),
        ])
        let sleep = RecordingSleep()

        _ = try await makeClient(sleep: sleep).send(
            HTTPRequest(method: "GET", url: fake.url("/api/offers"), retryPolicy: .idempotent))

        #expect(sleep.recorded == [.seconds(42)])
    }

    @Test func retryAfterIsCapped() async throws {
        let fake = try ScriptedServer([
            .respond(.text("later", status: 429, headers: [LoopbackHeader("Retry-After", "86400")])),
        ])
        let sleep = RecordingSleep()

        _ = try await makeClient(sleep: sleep).send(
            HTTPRequest(method: "GET", url: fake.url("/api/offers"), retryPolicy: .idempotent))

        #expect(sleep.recorded == [.seconds(60)])
    }

    @Test func serverErrorsBackOffThenSucceed() async throws {
        let fake = try ScriptedServer([
            .respond(.text("unavailable", status: 503)),
            .respond(.text("bad gateway", status: 502)),
        ])
        let sleep = RecordingSleep()

        let response = try await makeClient(sleep: sleep).send(
            HTTPRequest(method: "PUT", url: fake.url("/api/offers"), body: .json("{}"), retryPolicy: .idempotent))

        #expect(response.status == 200)
        #expect(fake.requests.count == 3)
        #expect(fake.requests.map(\.method) == ["PUT", "PUT", "PUT"])
        #expect(sleep.recorded == [.milliseconds(500), .milliseconds(1000)])
    }

    @Test func clientErrorIsNotRetried() async throws {
        let fake = try ScriptedServer([
            .respond(.json("{\"message\":\"Invalid offer\nSKU\"}", status: 400)),
        ])
        let sleep = RecordingSleep()

        let error = await #expect(throws: HTTPError.self) {
            try await makeClient(sleep: sleep).send(
                HTTPRequest(method: "POST", url: fake.url("/api/offers?x=1"), body: .json("{}"), retryPolicy: .idempotent))
        }

        #expect(error?.reason.status == 400)
        #expect(error?.attempts == 1)
        #expect(error?.exitCode == .failure)
        #expect(fake.requests.count == 1)
        #expect(sleep.recorded == [])
        let endpoint = "POST \(fake.server.baseURL)/api/offers"
        #expect(error?.text(in: .en) == "\(endpoint) returned HTTP status 400: \"{\"message\":\"Invalid offer SKU\"}\". "
            + "Check the request and the sales channel's credentials.")
        #expect(error?.text(in: .es) == "\(endpoint) respondió con el estado HTTP 400: «{\"message\":\"Invalid offer SKU\"}». "
            + "Revisa la petición y las credenciales del canal de venta.")
    }

    @Test func acceptedStatusIsReturned() async throws {
        let fake = try ScriptedServer([.respond(.text("no such order", status: 404))])

        let response = try await makeClient(sleep: RecordingSleep()).send(HTTPRequest(
            method: "GET", url: fake.url("/api/orders/T-9"), retryPolicy: .idempotent, acceptedStatuses: [200, 404]))

        #expect(response.status == 404)
    }

    @Test func exhaustedRetriesReportLastStatus() async throws {
        let fake = try ScriptedServer([], fallback: .respond(.text("maintenance window", status: 503)))
        let sleep = RecordingSleep()

        let error = await #expect(throws: HTTPError.self) {
            try await makeClient(sleep: sleep, maxAttempts: 3).send(
                HTTPRequest(method: "GET", url: fake.url("/api/orders"), retryPolicy: .idempotent))
        }

        #expect(error?.reason == .retriesExhausted(try #require(error?.response)))
        #expect(error?.reason.status == 503)
        #expect(error?.attempts == 3)
        #expect(error?.exitCode == .unavailable)
        #expect(fake.requests.count == 3)
        #expect(sleep.recorded == [.milliseconds(500), .milliseconds(1000)])
        let endpoint = "GET \(fake.server.baseURL)/api/orders"
        #expect(error?.text(in: .en) == "\(endpoint) still failed after 3 attempts; last HTTP status 503: "
            + "\"maintenance window\". Run again later.")
        #expect(error?.text(in: .es) == "\(endpoint) siguió fallando tras 3 intentos; último estado HTTP 503: "
            + "«maintenance window». Vuelve a ejecutar más tarde.")
    }

    @Test func retryableStatusUnderNeverIsNotRetried() async throws {
        let fake = try ScriptedServer([.respond(.text("busy", status: 503))])
        let sleep = RecordingSleep()

        let error = await #expect(throws: HTTPError.self) {
            try await makeClient(sleep: sleep).send(
                HTTPRequest(method: "POST", url: fake.url("/api/messages"), body: .json("{}"), retryPolicy: .never))
        }

        #expect(error?.reason.status == 503)
        #expect(error?.reason == .status(try #require(error?.response)))
        #expect(fake.requests.count == 1)
        #expect(sleep.recorded == [])
    }

    @Test func timeoutIsRetriedThenReported() async throws {
        let fake = try ScriptedServer([], fallback: .delay(.seconds(3), .text("too late")))
        let sleep = RecordingSleep()
        let client = makeClient(sleep: sleep, maxAttempts: 3, requestTimeout: .milliseconds(300))

        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(method: "GET", url: fake.url("/api/orders"), retryPolicy: .idempotent))
        }

        #expect(error?.reason == .timedOut(seconds: 0.3))
        #expect(error?.attempts == 3)
        #expect(error?.exitCode == .unavailable)
        #expect(fake.requests.count == 3)
        #expect(sleep.recorded == [.milliseconds(500), .milliseconds(1000)])
        let endpoint = "GET \(fake.server.baseURL)/api/orders"
        #expect(error?.text(in: .en) == "\(endpoint) timed out after 0.3 s (3 attempts). "
            + "The sales channel is slow or unavailable; run again later.")
        #expect(error?.text(in: .es) == "\(endpoint): sin respuesta completa en 0.3 s (3 intentos). "
            + "El canal de venta va lento o no está disponible; vuelve a ejecutar más tarde.")
    }

    @Test func droppedConnectionIsRetriedWhenIdempotent() async throws {
        let fake = try ScriptedServer([.drop])
        let sleep = RecordingSleep()

        let response = try await makeClient(sleep: sleep).send(
            HTTPRequest(method: "GET", url: fake.url("/api/orders"), retryPolicy: .idempotent))

        #expect(response.status == 200)
        #expect(fake.requests.count == 2)
        #expect(sleep.recorded == [.milliseconds(500)])
    }

    @Test func droppedConnectionIsNotRetriedUnderNever() async throws {
        // The server applies the request, then drops the connection before responding.
        let applied = Mutex(0)
        let server = try LoopbackServer { _ in
            applied.withLock { $0 += 1 }
            return .drop
        }
        defer { server.stop() }
        let sleep = RecordingSleep()

        let error = await #expect(throws: HTTPError.self) {
            try await makeClient(sleep: sleep).send(HTTPRequest(
                method: "POST", url: server.baseURL + "/api/orders/T-1/messages", body: .json("{}"), retryPolicy: .never))
        }

        #expect(applied.withLock { $0 } == 1)
        #expect(error?.attempts == 1)
        #expect(sleep.recorded == [])
        guard case .connectionFailed(let detail) = error?.reason else {
            Issue.record("expected connectionFailed, got \(String(describing: error?.reason))")
            return
        }
        #expect(detail == "Server returned nothing (no headers, no data): Empty reply from server")
    }

    @Test func refusedConnectionIsRetriedThenReported() async throws {
        let server = try LoopbackServer { _ in .respond(.text("ok")) }
        let url = server.baseURL + "/api/orders"
        server.stop()
        let sleep = RecordingSleep()

        let error = await #expect(throws: HTTPError.self) {
            try await makeClient(sleep: sleep, maxAttempts: 2).send(
                HTTPRequest(method: "GET", url: url, retryPolicy: .idempotent))
        }

        #expect(error?.attempts == 2)
        #expect(sleep.recorded == [.milliseconds(500)])
        guard case .connectionFailed(let detail) = error?.reason else {
            Issue.record("expected connectionFailed, got \(String(describing: error?.reason))")
            return
        }
        #expect(detail.hasPrefix("Couldn't connect to server: Failed to connect to 127.0.0.1 port \(server.port)"))
    }

    @Test func secretHeaderNeverReachesLogsOrErrors() async throws {
        let secret = "Bearer s3cr3t-token-value"
        let server = try LoopbackServer { request in
            // A careless server that echoes the credential in its error body.
            .respond(.text("bad token: \(request.header("Authorization") ?? "")", status: 401))
        }
        defer { server.stop() }
        let handler = MemoryLogHandler(minimumLevel: .trace)
        let client = makeClient(sleep: RecordingSleep(), logger: Logger(label: "net", handler: handler))

        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(
                method: "GET", url: server.baseURL + "/api/account",
                headers: [.secret("Authorization", secret), HTTPHeader("Accept", "application/json")],
                retryPolicy: .idempotent))
        }

        let lines = handler.records.map(\.formatted)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { !$0.contains("s3cr3t") })
        #expect(lines.first == "debug net: HTTP request headers headers=Authorization: <redacted>, Accept: application/json "
            + "method=GET path=/api/account")
        #expect(error?.response?.text == "bad token: <redacted>")
        #expect(error?.text(in: .en).contains("s3cr3t") == false)
        #expect(error?.text(in: .es).contains("s3cr3t") == false)
    }

    @Test func plainHTTPToRemoteHostIsRejected() async throws {
        let handler = MemoryLogHandler(minimumLevel: .trace)
        let sleep = RecordingSleep()
        let client = makeClient(sleep: sleep, logger: Logger(label: "net", handler: handler))

        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(
                method: "GET", url: "http://marketplace.example/api/orders?key=1", retryPolicy: .idempotent))
        }

        #expect(error?.reason == .insecureURL)
        #expect(error?.attempts == 0)
        #expect(handler.records.isEmpty)
        #expect(sleep.recorded == [])
        #expect(error?.text(in: .en) == "The URL of GET http://marketplace.example/api/orders uses plain http and is not "
            + "a loopback address (127.0.0.1, ::1 or localhost). Use an https:// URL.")
        #expect(error?.text(in: .es) == "La URL de GET http://marketplace.example/api/orders usa http sin cifrar y no "
            + "apunta a este equipo (127.0.0.1, ::1 o localhost). Usa una URL https://.")
    }

    struct URLCase: CustomTestStringConvertible, Sendable {
        var url: String
        var reason: HTTPError.Reason
        var testDescription: String { url }
    }

    static let rejectedURLs: [URLCase] = [
        URLCase(url: "http://10.0.0.1/api", reason: .insecureURL),
        URLCase(url: "http://127.0.0.2/api", reason: .insecureURL),
        URLCase(url: "http://localhost.example.com/api", reason: .insecureURL),
        URLCase(url: "ftp://127.0.0.1/file", reason: .invalidURL("ftp://127.0.0.1/file")),
        URLCase(url: "file:///etc/passwd", reason: .invalidURL("file:///etc/passwd")),
        URLCase(url: "not a url?secret=1", reason: .invalidURL("not a url")),
    ]

    @Test(arguments: rejectedURLs)
    func unsafeURLIsRejected(_ urlCase: URLCase) async {
        let error = await #expect(throws: HTTPError.self) {
            try await makeClient(sleep: RecordingSleep()).send(
                HTTPRequest(method: "GET", url: urlCase.url, retryPolicy: .idempotent))
        }

        #expect(error?.reason == urlCase.reason)
        #expect(error?.attempts == 0)
    }

    @Test func headerWithLineBreakIsRejected() async {
        let error = await #expect(throws: HTTPError.self) {
            try await makeClient(sleep: RecordingSleep()).send(HTTPRequest(
                method: "GET", url: "https://marketplace.example/api",
                headers: [HTTPHeader("X-Shop", "1\r\nX-Injected: yes")], retryPolicy: .idempotent))
        }

        #expect(error?.reason == .invalidHeader("X-Shop"))
        #expect(error?.attempts == 0)
    }

    @Test func multipartUploadArrivesByteExact() async throws {
        let fake = try ScriptedServer([.respond(.json(#"{"import_id":1}"#, status: 201))])
        let invoice = Array("%PDF-1.4\r\n".utf8) + (0..<2048).map { UInt8($0 % 251) }
        let form = MultipartFormData(parts: [
            .field("order_id", "T-1001"),
            .file("files", filename: "factura T-1001 ñ.pdf", contentType: "application/pdf", data: invoice),
        ], boundary: "keyship-test-boundary")
        let expected = try form.encoded()

        let response = try await makeClient(sleep: RecordingSleep()).send(HTTPRequest(
            method: "POST", url: fake.url("/api/orders/T-1001/documents"),
            body: .form(form),
            retryPolicy: .never))

        #expect(response.status == 201)
        let request = try #require(fake.requests.first)
        #expect(request.header("Content-Type") == expected.contentType)
        #expect(request.header("Content-Length") == String(expected.body.count))
        #expect(request.body == expected.body)
    }

    @Test func oversizedResponseIsRejected() async throws {
        let fake = try ScriptedServer([.respond(.text(String(repeating: "x", count: 5000)))])
        let client = HTTPClient(configuration: HTTPClientConfiguration(maxResponseBytes: 1000), sleep: RecordingSleep().function)

        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(method: "GET", url: fake.url("/big"), retryPolicy: .idempotent))
        }

        #expect(error?.reason == .responseTooLarge(limit: 1000))
        #expect(fake.requests.count == 1)
    }

    @Test func emptyPostSendsZeroLength() async throws {
        let fake = try ScriptedServer([.respond(LoopbackResponse(status: 204))])

        let response = try await makeClient(sleep: RecordingSleep()).send(
            HTTPRequest(method: "POST", url: fake.url("/api/orders/T-1/accept"), retryPolicy: .never))

        #expect(response.status == 204)
        #expect(response.body == [])
        let request = try #require(fake.requests.first)
        #expect(request.header("Content-Length") == "0")
        #expect(request.body == [])
    }

    @Test func cancellationAbortsRunningAttempt() async throws {
        // The server would answer only after two minutes: a task that ends well before that was
        // aborted by the cancellation, however loaded the machine is.
        let fake = try ScriptedServer([], fallback: .delay(.seconds(120), .text("late")))
        let client = makeClient(sleep: RecordingSleep(), requestTimeout: .seconds(300))
        let started = ContinuousClock.now

        let task = Task {
            try await client.send(HTTPRequest(method: "GET", url: fake.url("/slow"), retryPolicy: .idempotent))
        }
        while fake.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()

        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
