extension Array where Element == UInt8 {
    /// Lends the array's bytes to `body`, keeping the closure's typed error, which the standard
    /// library's `rethrows` `withUnsafeBytes` widens to `any Error`.
    func withUnsafeBytesTyped<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = unsafe withUnsafeBytes { bytes in
            Swift.Result { () throws(Failure) -> Result in try unsafe body(bytes) }
        }
        return try outcome.get()
    }
}
