internal import CGit2
#if canImport(Glibc)
internal import Glibc
#endif

/// C copies of Swift strings, allocated together and freed together when released.
///
/// libgit2 keeps the pointers of some inputs (tree update paths, header and refspec lists) for
/// the whole call, so they must not come from a `withCString` closure that has returned.
@safe
final class CStringList {
    private var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        unsafe pointers = strings.map { unsafe strdup($0) }
    }

    deinit {
        for unsafe pointer in unsafe pointers { unsafe free(pointer) }
    }

    /// The C string at `index`, valid while this list is alive.
    subscript(index: Int) -> UnsafePointer<CChar> {
        unsafe UnsafePointer(pointers[index]!)
    }

    /// Lends the strings to libgit2 as a `git_strarray` for the duration of `body`.
    func withStringArray<Result>(_ body: (inout git_strarray) -> Result) -> Result {
        unsafe pointers.withUnsafeMutableBufferPointer { buffer in
            var array = unsafe git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return unsafe body(&array)
        }
    }
}
