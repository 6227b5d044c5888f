internal import CCurl
import Synchronization

/// A flag another task sets to abort a running transfer; libcurl's progress callback reads it.
final class CancellationFlag: Sendable {
    private let cancelled = Atomic<Bool>(false)

    func cancel() { cancelled.store(true, ordering: .relaxed) }
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

/// What libcurl's callbacks read and write during one transfer.
///
/// It lives on the thread that runs `curl_easy_perform`, and the callbacks run on that same
/// thread, so it needs no lock. Only `cancellation` is shared with other threads.
final class TransferContext {
    var responseBody: [UInt8] = []
    /// Header fields of the last response; a new status line (after `100 Continue`) clears them.
    var responseHeaders: [(name: String, value: String)] = []
    let maxResponseBytes: Int
    /// Set when the body grew past `maxResponseBytes` and the transfer was aborted.
    var responseTooLarge = false
    /// Bytes libcurl reads for an upload (the SMTP message), and how many it has read so far.
    let upload: [UInt8]
    var uploadOffset = 0
    let cancellation: CancellationFlag

    init(maxResponseBytes: Int = Int.max, upload: [UInt8] = [], cancellation: CancellationFlag = CancellationFlag()) {
        self.maxResponseBytes = maxResponseBytes
        self.upload = upload
        self.cancellation = cancellation
    }

    fileprivate static func from(_ pointer: UnsafeMutableRawPointer?) -> TransferContext {
        unsafe Unmanaged<TransferContext>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

/// `CURLOPT_WRITEFUNCTION`: appends body bytes, or returns 0 to abort past the size limit.
let curlWriteBody: keyship_curl_data_callback = { buffer, size, count, pointer in
    let context = unsafe TransferContext.from(pointer)
    let total = size * count
    guard context.responseBody.count + total <= context.maxResponseBytes else {
        context.responseTooLarge = true
        return 0
    }
    unsafe context.responseBody.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: total))
    return total
}

/// `CURLOPT_HEADERFUNCTION`: receives one header line at a time, CRLF included.
let curlWriteHeader: keyship_curl_data_callback = { buffer, size, count, pointer in
    let context = unsafe TransferContext.from(pointer)
    let total = size * count
    let line = unsafe String(decoding: UnsafeRawBufferPointer(start: buffer, count: total), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        context.responseHeaders = []
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].strippingWhiteSpace()
        context.responseHeaders.append((name, value))
    }
    return total
}

/// `CURLOPT_READFUNCTION`: hands libcurl the next slice of the upload.
let curlReadUpload: keyship_curl_data_callback = { buffer, size, count, pointer in
    let context = unsafe TransferContext.from(pointer)
    let room = size * count
    let remaining = context.upload.count - context.uploadOffset
    let length = min(room, remaining)
    guard length > 0, let buffer = unsafe buffer else { return 0 }
    unsafe context.upload.withUnsafeBytes { raw in
        unsafe UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + context.uploadOffset, byteCount: length)
    }
    context.uploadOffset += length
    return length
}

/// `CURLOPT_XFERINFOFUNCTION`: a non-zero return aborts the transfer with
/// `CURLE_ABORTED_BY_CALLBACK`, which is how a cancelled task stops a running request.
let curlProgress: keyship_curl_progress_callback = { pointer, _, _, _, _ in
    unsafe TransferContext.from(pointer).cancellation.isCancelled ? 1 : 0
}

extension StringProtocol {
    /// Returns the text without leading and trailing spaces, tabs, CR and LF.
    func strippingWhiteSpace() -> String {
        let blanks: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        guard let first = firstIndex(where: { !blanks.contains($0) }),
              let last = lastIndex(where: { !blanks.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
