/// The 16-byte symmetric key of one age file, and the keys derived from it.
enum AgeFileKey {
    static let size = 16

    /// Generates a fresh file key.
    static func generate() -> SecretBytes {
        unsafe SecretBytes.make(count: size) { unsafe Sodium.fillRandom($0) }
    }

    /// Returns HKDF-SHA-256(ikm = file key, salt, info = `label`).
    static func derive(_ fileKey: SecretBytes, salt: UnsafeRawBufferPointer, label: String) -> SecretBytes {
        unsafe SecretBytes.make(count: Sodium.sha256Size) { output in
            unsafe fileKey.withUnsafeBytes { inputKey in
                unsafe Sodium.hkdfSHA256(inputKey: inputKey, salt: salt, info: Array(label.utf8), into: output)
            }
        }
    }

    /// Returns the header MAC: HMAC-SHA-256 keyed with HKDF(file key, empty salt, "header").
    static func headerMAC(_ fileKey: SecretBytes, over header: ArraySlice<UInt8>) -> [UInt8] {
        let macKey = unsafe derive(fileKey, salt: UnsafeRawBufferPointer(start: nil, count: 0), label: "header")
        var mac = [UInt8](repeating: 0, count: Sodium.sha256Size)
        unsafe macKey.withUnsafeBytes { key in
            unsafe header.withUnsafeBytes { message in
                unsafe mac.withUnsafeMutableBytes { output in
                    unsafe Sodium.hmacSHA256(key: key, message: [message], into: output)
                }
            }
        }
        return mac
    }
}

/// The age payload: a 16-byte nonce, then the plaintext in STREAM chunks.
///
/// Each 64 KiB plaintext chunk is sealed with ChaCha20-Poly1305 under
/// HKDF-SHA-256(ikm = file key, salt = nonce, info = "payload"), with a 12-byte nonce made of an
/// 11-byte big-endian chunk counter and a final byte that is 1 for the last chunk and 0 before.
/// Only the last chunk may be shorter than 64 KiB, and it is empty only when the whole
/// plaintext is.
enum AgePayload {
    static let nonceSize = 16
    static let chunkSize = 64 * 1024
    static let sealedChunkSize = chunkSize + Sodium.tagSize

    /// Returns the payload for `plaintext`: a fresh nonce and the sealed chunks.
    static func encrypt(_ plaintext: UnsafeRawBufferPointer, fileKey: SecretBytes) -> [UInt8] {
        let chunkCount = max(1, (plaintext.count + chunkSize - 1) / chunkSize)
        var output = [UInt8](repeating: 0, count: nonceSize + plaintext.count + chunkCount * Sodium.tagSize)
        unsafe output.withUnsafeMutableBytes { buffer in
            let nonce = unsafe UnsafeMutableRawBufferPointer(rebasing: buffer[0..<nonceSize])
            unsafe Sodium.fillRandom(nonce)
            let payloadKey = unsafe AgeFileKey.derive(fileKey, salt: UnsafeRawBufferPointer(nonce), label: "payload")

            var chunkNonce = ChunkNonce()
            var readOffset = 0
            var writeOffset = nonceSize
            for index in 0..<chunkCount {
                let length = min(chunkSize, plaintext.count - readOffset)
                chunkNonce.set(counter: UInt64(index), isLast: index == chunkCount - 1)
                let input = unsafe UnsafeRawBufferPointer(rebasing: plaintext[readOffset..<(readOffset + length)])
                let sealed = unsafe UnsafeMutableRawBufferPointer(
                    rebasing: buffer[writeOffset..<(writeOffset + length + Sodium.tagSize)])
                unsafe payloadKey.withUnsafeBytes { key in
                    unsafe chunkNonce.withUnsafeBytes { nonce in
                        unsafe Sodium.chachaSeal(key: key, nonce: nonce, plaintext: input, into: sealed)
                    }
                }
                readOffset += length
                writeOffset += length + Sodium.tagSize
            }
        }
        return output
    }

    /// Returns the plaintext size of a well-formed payload of `payloadCount` bytes (nonce
    /// included).
    static func plaintextSize(payloadCount: Int) -> Int {
        let sealed = payloadCount - nonceSize
        let chunkCount = (sealed + sealedChunkSize - 1) / sealedChunkSize
        return max(0, sealed - chunkCount * Sodium.tagSize)
    }

    /// Checks the chunk layout of a payload of `payloadCount` bytes (nonce included) without
    /// a key: there is at least one chunk, and the last chunk contains at least a tag, plus
    /// one byte when it follows other chunks.
    static func checkLayout(payloadCount: Int) throws(AgeError) {
        guard payloadCount >= nonceSize else { throw .invalidHeader(.missingNonce) }
        let sealed = payloadCount - nonceSize
        guard sealed > 0 else { throw .invalidPayload(.missingFinalChunk) }
        let lastChunk = sealed - (sealed - 1) / sealedChunkSize * sealedChunkSize
        let chunkCount = (sealed + sealedChunkSize - 1) / sealedChunkSize
        guard lastChunk >= Sodium.tagSize else {
            throw .invalidPayload(.authenticationFailed(chunk: chunkCount))
        }
        guard chunkCount == 1 || lastChunk > Sodium.tagSize else { throw .invalidPayload(.emptyFinalChunk) }
    }

    /// Decrypts `payload` (nonce first) chunk by chunk, handing each authenticated chunk's
    /// plaintext to `release` before reading the next.
    ///
    /// When the payload fails later, the chunks already released stay released: a caller that
    /// needs all-or-nothing collects the chunks and discards them on error. The buffer lent
    /// to `release` is wiped after each call.
    static func decrypt(
        _ payload: UnsafeRawBufferPointer, fileKey: SecretBytes, release: (UnsafeRawBufferPointer) -> Void
    ) throws(AgeError) {
        guard payload.count >= nonceSize else { throw .invalidHeader(.missingNonce) }
        let nonce = unsafe UnsafeRawBufferPointer(rebasing: payload[0..<nonceSize])
        let payloadKey = unsafe AgeFileKey.derive(fileKey, salt: nonce, label: "payload")
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer {
            unsafe Sodium.wipe(scratch)
            unsafe scratch.deallocate()
        }

        var chunkNonce = ChunkNonce()
        var offset = nonceSize
        var counter: UInt64 = 0
        guard payload.count > offset else { throw .invalidPayload(.missingFinalChunk) }

        while offset < payload.count {
            let chunkNumber = Int(counter) + 1
            let remaining = payload.count - offset
            // More than one sealed chunk left means this one cannot be the last.
            let isLast = remaining <= sealedChunkSize
            let length = min(remaining, sealedChunkSize)
            guard length >= Sodium.tagSize else { throw .invalidPayload(.authenticationFailed(chunk: chunkNumber)) }
            let sealed = unsafe UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + length)])
            let plaintext = unsafe UnsafeMutableRawBufferPointer(rebasing: scratch[0..<(length - Sodium.tagSize)])

            let open = { (last: Bool) -> Bool in
                chunkNonce.set(counter: counter, isLast: last)
                return unsafe payloadKey.withUnsafeBytes { key in
                    unsafe chunkNonce.withUnsafeBytes { nonceBytes in
                        unsafe Sodium.chachaOpen(key: key, nonce: nonceBytes, ciphertext: sealed, into: plaintext)
                    }
                }
            }

            if !open(isLast) {
                // A full-size chunk may authenticate with the other flag: a final chunk followed
                // by more data, or a non-final chunk where the file ends. Its plaintext is
                // authentic, so it is released, as a streaming reader would, before the error.
                guard length == sealedChunkSize, open(!isLast) else {
                    throw .invalidPayload(.authenticationFailed(chunk: chunkNumber))
                }
                unsafe release(UnsafeRawBufferPointer(plaintext))
                unsafe Sodium.wipe(plaintext)
                throw isLast ? .invalidPayload(.missingFinalChunk) : .invalidPayload(.trailingData)
            }
            if isLast, unsafe plaintext.isEmpty, counter > 0 { throw .invalidPayload(.emptyFinalChunk) }

            unsafe release(UnsafeRawBufferPointer(plaintext))
            unsafe Sodium.wipe(plaintext)
            offset += length
            counter += 1
        }
    }
}

/// The 12-byte ChaCha20-Poly1305 nonce of one STREAM chunk.
private struct ChunkNonce {
    private var bytes = [UInt8](repeating: 0, count: Sodium.chachaNonceSize)

    /// Sets the 11-byte big-endian counter (its top 3 bytes stay zero) and the last-chunk flag.
    mutating func set(counter: UInt64, isLast: Bool) {
        for index in 0..<8 {
            bytes[3 + index] = UInt8(truncatingIfNeeded: counter >> UInt64(8 * (7 - index)))
        }
        bytes[11] = isLast ? 1 : 0
    }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        unsafe bytes.withUnsafeBytes { unsafe body($0) }
    }
}
