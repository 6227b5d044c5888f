internal import CGit2

extension Repository {
    /// Reads the bytes of the blob `id`.
    public func readBlob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        let blob = try lookUpBlob(id)
        let size = Int(unsafe git_blob_rawsize(blob.pointer))
        guard size > 0, let content = unsafe git_blob_rawcontent(blob.pointer) else { return [] }
        return unsafe Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// Writes `bytes` as a blob and returns its id; writing the same bytes again returns the
    /// same id.
    public func writeBlob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let code = unsafe bytes.withUnsafeBytes { buffer in
            unsafe git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count)
        }
        try check(code)
        return ObjectID(oid)
    }

    /// Writes the UTF-8 bytes of `text` as a blob and returns its id.
    public func writeBlob(_ text: String) throws(GitError) -> ObjectID {
        try writeBlob(Array(text.utf8))
    }
}
