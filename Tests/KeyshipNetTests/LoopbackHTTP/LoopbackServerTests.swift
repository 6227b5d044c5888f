import Glibc
import KeyshipCore
import KeyshipNet
import LoopbackHTTP
import Testing

@Suite struct LoopbackServerTests {
    @Test func keepAliveReusesConnection() async throws {
        let fake = try ScriptedServer([])
        let client = makeClient(sleep: RecordingSleep())

        for _ in 0..<3 {
            _ = try await client.send(HTTPRequest(method: "GET", url: fake.url("/ping"), retryPolicy: .idempotent))
        }

        #expect(fake.requests.count == 3)
        #expect(fake.server.acceptedConnections == 1)
    }

    @Test func chunkedBodyIsReassembled() async throws {
        let fake = try ScriptedServer([])
        let body = (0..<100_000).map { UInt8($0 % 253) }

        _ = try await makeClient(sleep: RecordingSleep()).send(HTTPRequest(
            method: "POST", url: fake.url("/upload"), headers: [HTTPHeader("Transfer-Encoding", "chunked")],
            body: .bytes(body, contentType: "application/octet-stream"), retryPolicy: .never))

        let request = try #require(fake.requests.first)
        #expect(request.header("Transfer-Encoding") == "chunked")
        #expect(request.body == body)
    }

    @Test func targetIsSplitAndDecoded() async throws {
        let fake = try ScriptedServer([])

        _ = try await makeClient(sleep: RecordingSleep()).send(HTTPRequest(
            method: "DELETE", url: fake.url("/api/offers/PCC%2088123/x?sku=A%2BB&note=hola+mundo&empty&date=2026-12-04T10%3A00%3A00%2B01%3A00"),
            retryPolicy: .idempotent))

        let request = try #require(fake.requests.first)
        #expect(request.method == "DELETE")
        #expect(request.path == "/api/offers/PCC%2088123/x")
        #expect(request.pathSegments == ["api", "offers", "PCC 88123", "x"])
        #expect(request.query == [
            LoopbackQueryItem("sku", "A+B"), LoopbackQueryItem("note", "hola mundo"), LoopbackQueryItem("empty", ""),
            LoopbackQueryItem("date", "2026-12-04T10:00:00+01:00"),
        ])
        #expect(request.queryValue("note") == "hola mundo")
    }

    @Test func getWithBodyKeepsMethod() async throws {
        let fake = try ScriptedServer([])

        _ = try await makeClient(sleep: RecordingSleep()).send(HTTPRequest(
            method: "GET", url: fake.url("/search"), body: .json(#"{"q":"office"}"#), retryPolicy: .idempotent))

        let request = try #require(fake.requests.first)
        #expect(request.method == "GET")
        #expect(request.bodyText == #"{"q":"office"}"#)
        #expect(request.header("Content-Type") == "application/json")
    }

    @Test func headRequestGetsNoBody() async throws {
        let fake = try ScriptedServer([.respond(.text("twelve bytes"))])

        let response = try await makeClient(sleep: RecordingSleep()).send(
            HTTPRequest(method: "HEAD", url: fake.url("/file"), retryPolicy: .idempotent))

        #expect(response.status == 200)
        #expect(response.header("Content-Length") == "12")
        #expect(response.body == [])
    }

    @Test func malformedRequestGets400() throws {
        let server = try LoopbackServer { _ in .respond(.text("ok")) }
        defer { server.stop() }

        let reply = try RawConnection.exchange(port: server.port, send: "NONSENSE\r\n\r\n")

        #expect(reply == "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 34\r\nConnection: close\r\n\r\nBad request: invalid request line\n")
    }

    @Test func stopEndsPendingDelay() async throws {
        // The handler would wait two minutes: stop returning well before that proves it ended
        // the delay instead of waiting it out, however loaded the machine is.
        let server = try LoopbackServer { _ in .delay(.seconds(120), .text("late")) }
        let client = makeClient(sleep: RecordingSleep(), requestTimeout: .seconds(300))
        let task = Task {
            try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/slow", retryPolicy: .never))
        }
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now

        server.stop()
        server.stop()

        #expect(ContinuousClock.now - started < .seconds(60))
        let error = await #expect(throws: HTTPError.self) { try await task.value }
        #expect(error?.attempts == 1)
    }
}

/// Sends raw bytes to a local port and reads until the server closes, for malformed requests
/// the HTTP client would never send.
enum RawConnection {
    struct Failure: Error {
        var call: String
    }

    static func exchange(port: UInt16, send text: String) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(call: "socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(call: "connect") }
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw Failure(call: "send") }

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
