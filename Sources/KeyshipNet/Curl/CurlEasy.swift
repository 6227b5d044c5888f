internal import CCurl
import Synchronization

/// The result of `curl_global_init`, which must run once before any handle is created and is
/// not thread-safe. Swift initialises a global `let` lazily and exactly once, even when threads
/// race for it.
private let curlGlobalInitResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

/// A libcurl failure: the code, libcurl's name for it and the detail from the error buffer.
struct CurlFailure: Error, Sendable, CustomStringConvertible {
    var code: CURLcode
    var detail: String

    var description: String {
        let name = unsafe String(cString: curl_easy_strerror(code))
        return detail.isEmpty ? name : "\(name): \(detail)"
    }
}

/// One libcurl easy handle, freed when the object goes away.
///
/// A handle is used by one transfer at a time; `CurlHandlePool` lends it to one caller and takes
/// it back when the transfer is over. That exclusive lending is what makes `@unchecked Sendable`
/// safe: no two threads ever touch the same handle at once.
@safe final class CurlEasy: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    /// libcurl writes the detail of a failure here; it must stay valid for the handle's life.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(CurlFailure) {
        guard curlGlobalInitResult == CURLE_OK else {
            throw CurlFailure(code: curlGlobalInitResult, detail: "curl_global_init failed")
        }
        guard let handle = unsafe curl_easy_init() else {
            throw CurlFailure(code: CURLE_FAILED_INIT, detail: "curl_easy_init returned no handle")
        }
        unsafe self.handle = handle
        unsafe errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        unsafe errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try resetOptions()
    }

    deinit {
        unsafe curl_easy_cleanup(handle)
        unsafe errorBuffer.deallocate()
    }

    /// Clears every option set by an earlier transfer but keeps the connection cache, so the next
    /// request to the same server can reuse an open connection.
    func resetOptions() throws(CurlFailure) {
        unsafe curl_easy_reset(handle)
        unsafe errorBuffer[0] = 0
        try check(unsafe keyship_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        // Signals are process-wide and unsafe with threads; libcurl's threaded resolver makes
        // timeouts work without them.
        try set(CURLOPT_NOSIGNAL, 1)
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlFailure) {
        try check(unsafe keyship_curl_set_long(handle, option, value))
    }

    func set(_ option: CURLoption, offset value: Int64) throws(CurlFailure) {
        try check(unsafe keyship_curl_set_offset(handle, option, curl_off_t(value)))
    }

    /// Sets a string option; libcurl copies the string, so it need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(CurlFailure) {
        try check(unsafe keyship_curl_set_string(handle, option, value))
    }

    /// Sets `CURLOPT_COPYPOSTFIELDS`; libcurl copies the bytes before returning.
    func setCopiedPostFields(_ bytes: [UInt8]) throws(CurlFailure) {
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(bytes.count))
        // An empty array may have no storage, and libcurl needs a valid pointer even for zero bytes.
        let storage = bytes.isEmpty ? [0] : bytes
        let code = unsafe storage.withUnsafeBytes { raw in
            unsafe keyship_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
        }
        try check(code)
    }

    /// Sets a list option. The list must stay alive until the transfer that uses it is over.
    func set(_ option: CURLoption, list: CurlStringList) throws(CurlFailure) {
        try check(unsafe keyship_curl_set_list(handle, option, list.pointer))
    }

    /// Runs the transfer with `context` receiving headers, body and upload requests through
    /// libcurl's callbacks. `context` is kept alive until libcurl returns.
    func perform(with context: TransferContext) -> CurlFailure? {
        let pointer = unsafe Unmanaged.passUnretained(context).toOpaque()
        do {
            try check(unsafe keyship_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody))
            try check(unsafe keyship_curl_set_pointer(handle, CURLOPT_WRITEDATA, pointer))
            try check(unsafe keyship_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader))
            try check(unsafe keyship_curl_set_pointer(handle, CURLOPT_HEADERDATA, pointer))
            try check(unsafe keyship_curl_set_data_callback(handle, CURLOPT_READFUNCTION, curlReadUpload))
            try check(unsafe keyship_curl_set_pointer(handle, CURLOPT_READDATA, pointer))
            try check(unsafe keyship_curl_set_progress_callback(handle, curlProgress))
            try check(unsafe keyship_curl_set_pointer(handle, CURLOPT_XFERINFODATA, pointer))
            try set(CURLOPT_NOPROGRESS, 0)
        } catch {
            return error
        }
        let code = withExtendedLifetime(context) { unsafe curl_easy_perform(handle) }
        return code == CURLE_OK ? nil : failure(code)
    }

    func longInfo(_ info: CURLINFO) -> Int {
        var value = 0
        _ = unsafe keyship_curl_get_long(handle, info, &value)
        return value
    }

    func offsetInfo(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = unsafe keyship_curl_get_offset(handle, info, &value)
        return Int64(value)
    }

    private func check(_ code: CURLcode) throws(CurlFailure) {
        guard code == CURLE_OK else { throw failure(code) }
    }

    private func failure(_ code: CURLcode) -> CurlFailure {
        CurlFailure(code: code, detail: unsafe String(cString: errorBuffer))
    }
}

/// A `curl_slist` of strings, freed when the object goes away.
@safe final class CurlStringList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String]) throws(CurlFailure) {
        for item in items {
            guard let appended = unsafe curl_slist_append(pointer, item) else {
                throw CurlFailure(code: CURLE_OUT_OF_MEMORY, detail: "curl_slist_append failed")
            }
            unsafe pointer = appended
        }
    }

    deinit {
        unsafe curl_slist_free_all(pointer)
    }
}

/// Lends idle handles so requests reuse open connections, and creates new ones when all are busy.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlEasy]>([])
    private let maxIdle: Int

    init(maxIdle: Int = 8) {
        self.maxIdle = maxIdle
    }

    /// Returns an idle handle with its options reset, or a new one.
    func take() throws(CurlFailure) -> CurlEasy {
        if let handle = idle.withLock({ $0.popLast() }) {
            try handle.resetOptions()
            return handle
        }
        return try CurlEasy()
    }

    /// Gives a handle back after its transfer; beyond `maxIdle` idle handles it is freed.
    func giveBack(_ handle: CurlEasy) {
        idle.withLock { handles in
            if handles.count < maxIdle { handles.append(handle) }
        }
    }
}
