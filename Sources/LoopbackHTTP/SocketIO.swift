import Glibc

/// A failed system call, with the call's name and `errno`.
public struct SocketError: Error, CustomStringConvertible {
    public var call: String
    public var code: Int32

    init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    public var description: String {
        "\(call) failed: \(unsafe String(cString: strerror(code))) (errno \(code))"
    }
}

/// Blocking reads and writes on a connected socket, with a read-ahead buffer.
struct SocketStream {
    let descriptor: Int32
    private(set) var buffer: [UInt8] = []

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Reads more bytes into the buffer; returns false at end of stream or on a reset.
    mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = unsafe chunk.withUnsafeMutableBytes { raw in
                unsafe recv(descriptor, raw.baseAddress, raw.count, 0)
            }
            if count > 0 {
                buffer += chunk[0..<count]
                return true
            }
            if count < 0, errno == EINTR { continue }
            return false
        }
    }

    /// Removes and returns the first `count` bytes of the buffer.
    mutating func take(_ count: Int) -> [UInt8] {
        let taken = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return taken
    }

    /// Writes all of `bytes`; returns false when the peer has gone. `MSG_NOSIGNAL` keeps a
    /// closed peer from raising SIGPIPE, which would end the whole test process.
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = unsafe bytes.withUnsafeBytes { raw in
                unsafe send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}

/// A POSIX thread that can be joined, unlike Foundation's `Thread`.
final class JoinableThread: Sendable {
    private let handle: pthread_t

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () -> Void) throws(SocketError) {
        let context = unsafe Unmanaged.passRetained(ThreadBody(body))
        var handle = pthread_t()
        let result = unsafe pthread_create(&handle, nil, { context in
            // The retained box is released here, exactly once, by the thread that runs it.
            let body = unsafe Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue()
            body.run()
            return nil
        }, unsafe context.toOpaque())
        guard result == 0 else {
            unsafe context.release()
            throw SocketError("pthread_create", code: result)
        }
        self.handle = handle
    }

    /// Waits for the thread to finish. Call it once.
    func join() {
        pthread_join(handle, nil)
    }
}

private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}
