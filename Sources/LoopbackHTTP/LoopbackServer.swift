import Glibc
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for fake marketplaces in tests and demos.
///
/// It listens on a given port or a free one chosen by the system, runs one thread per
/// connection, keeps connections alive between requests, and reads bodies sent with
/// `Content-Length` or chunked transfer coding. The handler can respond, respond late or drop
/// the connection, which is how tests reproduce timeouts and lost responses. It listens on
/// loopback only, so nothing outside the machine can reach it.
public final class LoopbackServer: Sendable {
    /// The TCP port the server listens on.
    public let port: UInt16
    private let core: ServerCore
    private let acceptThread: JoinableThread

    /// Starts listening on 127.0.0.1 and serving requests with `handler`. A `port` of 0 lets the
    /// system choose a free port, and demos pass a fixed one.
    public init(port: UInt16 = 0, handler: @escaping LoopbackHandler) throws(SocketError) {
        let listener = try Self.makeListener(port: port)
        var pipeDescriptors: [Int32] = [0, 0]
        guard unsafe pipe(&pipeDescriptors) == 0 else {
            let error = SocketError("pipe")
            close(listener.descriptor)
            throw error
        }
        // Close-on-exec, so child processes that tests start do not inherit the descriptors.
        _ = fcntl(pipeDescriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeDescriptors[1], F_SETFD, FD_CLOEXEC)
        let core = ServerCore(
            listener: listener.descriptor, wakeRead: pipeDescriptors[0], wakeWrite: pipeDescriptors[1],
            handler: handler)
        do {
            acceptThread = try JoinableThread { core.acceptLoop() }
        } catch {
            core.closeDescriptors()
            throw error
        }
        self.core = core
        self.port = listener.port
    }

    /// The server's root URL, such as `http://127.0.0.1:41234`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The number of connections accepted so far.
    public var acceptedConnections: Int { core.state.withLock { $0.accepted } }

    /// Stops the server: closes the listening socket, ends open connections and pending delays,
    /// and waits for every thread to finish. Calling it again does nothing. A handler that is
    /// still running is waited for.
    public func stop() {
        guard core.beginStop() else { return }
        acceptThread.join()
        core.joinConnections()
        core.closeDescriptors()
    }

    deinit {
        stop()
    }

    private static func makeListener(port: UInt16) throws(SocketError) -> (descriptor: Int32, port: UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError("socket") }

        var reuse: Int32 = 1
        _ = unsafe setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = unsafe withUnsafeMutablePointer(to: &address) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                guard unsafe bind(descriptor, socketAddress, length) == 0 else { return false }
                return unsafe getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound, listen(descriptor, 128) == 0 else {
            let error = SocketError(bound ? "listen" : "bind")
            close(descriptor)
            throw error
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }
}

/// The part of the server that its threads share.
final class ServerCore: Sendable {
    struct State {
        var stopping = false
        var accepted = 0
        var nextConnectionID = 0
        /// Open connection sockets by connection id, so `stop` can shut them down.
        var openSockets: [Int: Int32] = [:]
        /// Threads of connections not yet joined, by connection id.
        var threads: [Int: JoinableThread] = [:]
        /// Connections whose thread has finished and can be joined without waiting.
        var finished: [Int] = []
    }

    let listener: Int32
    let wakeRead: Int32
    let wakeWrite: Int32
    let handler: LoopbackHandler
    let state = Mutex(State())

    init(listener: Int32, wakeRead: Int32, wakeWrite: Int32, handler: @escaping LoopbackHandler) {
        self.listener = listener
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
        self.handler = handler
    }

    /// Marks the server as stopping, wakes every waiting thread and shuts down open
    /// connections. Returns false when the server was already stopping.
    func beginStop() -> Bool {
        state.withLock { state in
            guard !state.stopping else { return false }
            state.stopping = true
            // The byte is never read, so the wake pipe stays readable for every later poll.
            var byte: UInt8 = 1
            _ = unsafe Glibc.write(wakeWrite, &byte, 1)
            for descriptor in state.openSockets.values {
                shutdown(descriptor, Int32(SHUT_RDWR))
            }
            return true
        }
    }

    func joinConnections() {
        let threads = state.withLock { state in
            let threads = Array(state.threads.values)
            state.threads = [:]
            return threads
        }
        for thread in threads { thread.join() }
    }

    func closeDescriptors() {
        close(listener)
        close(wakeRead)
        close(wakeWrite)
    }

    func acceptLoop() {
        while true {
            reapFinishedConnections()
            var descriptors = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let ready = unsafe poll(&descriptors, 2, -1)
            if ready < 0, errno == EINTR { continue }
            if ready < 0 || descriptors[1].revents != 0 { return }

            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            var noDelay: Int32 = 1
            _ = unsafe setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            startConnection(connection)
        }
    }

    // NOTE: threads are not capped, so a client that opens thousands of connections at once
    // gets thousands of threads; fine for tests and demos, not for untrusted clients.
    private func startConnection(_ descriptor: Int32) {
        let id: Int? = state.withLock { state in
            guard !state.stopping else { return nil }
            state.accepted += 1
            state.nextConnectionID += 1
            state.openSockets[state.nextConnectionID] = descriptor
            return state.nextConnectionID
        }
        guard let id else {
            close(descriptor)
            return
        }
        do {
            let thread = try JoinableThread { [self] in
                serve(descriptor)
                finishConnection(id)
            }
            state.withLock { $0.threads[id] = thread }
        } catch {
            finishConnection(id)
        }
    }

    /// Closes the connection's socket and marks its thread as ready to join. The socket is
    /// closed under the lock, so `beginStop` never shuts down a descriptor number that was
    /// already reused.
    private func finishConnection(_ id: Int) {
        state.withLock { state in
            if let descriptor = state.openSockets.removeValue(forKey: id) { close(descriptor) }
            state.finished.append(id)
        }
    }

    private func reapFinishedConnections() {
        let threads: [JoinableThread] = state.withLock { state in
            var ready: [JoinableThread] = []
            var pending: [Int] = []
            for id in state.finished {
                // A thread can finish before `startConnection` has stored it; keep it for later.
                if let thread = state.threads.removeValue(forKey: id) { ready.append(thread) } else { pending.append(id) }
            }
            state.finished = pending
            return ready
        }
        for thread in threads { thread.join() }
    }

    /// Serves requests on one connection until the client closes it, a reply drops it or the
    /// server stops.
    private func serve(_ descriptor: Int32) {
        var reader = RequestReader(stream: SocketStream(descriptor: descriptor))
        while true {
            let parsed: RequestReader.Parsed?
            do {
                parsed = try reader.next()
            } catch .malformed(let reason) {
                _ = reader.stream.write(Self.encode(.text("Bad request: \(reason)\n", status: 400), keepAlive: false))
                return
            } catch .tooLarge {
                _ = reader.stream.write(Self.encode(.text("Request too large\n", status: 413), keepAlive: false))
                return
            } catch {
                return
            }
            guard let parsed else { return }

            let response: LoopbackResponse
            switch handler(parsed.request) {
            case .respond(let reply):
                response = reply
            case .delay(let duration, let reply):
                guard waitUnlessStopping(duration) else { return }
                response = reply
            case .drop:
                return
            }

            // A HEAD response carries the length of the body a GET would get, but no body.
            let bytes = Self.encode(response, keepAlive: parsed.keepAlive, includeBody: parsed.request.method != "HEAD")
            guard reader.stream.write(bytes), parsed.keepAlive else { return }
        }
    }

    /// Waits for `duration`; returns false when the server began stopping first.
    private func waitUnlessStopping(_ duration: Duration) -> Bool {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        var descriptor = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
        return unsafe poll(&descriptor, 1, milliseconds) == 0
    }

    static func encode(_ response: LoopbackResponse, keepAlive: Bool, includeBody: Bool = true) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(reasonPhrase(response.status))\r\n"
        let managed: Set<String> = ["content-length", "connection", "transfer-encoding"]
        for header in response.headers where !managed.contains(header.name.lowercased()) {
            head += "\(header.name): \(header.value)\r\n"
        }
        // RFC 9110 forbids Content-Length in 204 responses, and a 304 has no body.
        let hasBody = response.status != 204 && response.status != 304
        if hasBody { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(head.utf8) + (hasBody && includeBody ? response.body : [])
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}
