internal import CGit2

/// The SHA-1 name of a git object: 20 bytes, written as 40 lower-case hex digits.
///
/// Ordering compares the bytes from the first, so it matches the order of the hex strings.
public struct ObjectID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 20 bytes, big-endian, in three words so the value stays inline and compares fast.
    private var head: UInt64
    private var middle: UInt64
    private var tail: UInt32

    /// The number of bytes in an object id.
    public static let byteCount = 20

    /// Creates an id from exactly 20 bytes, or returns nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var head: UInt64 = 0
        var middle: UInt64 = 0
        var tail: UInt32 = 0
        for (offset, byte) in bytes.enumerated() {
            switch offset {
            case 0..<8: head = head << 8 | UInt64(byte)
            case 8..<16: middle = middle << 8 | UInt64(byte)
            default: tail = tail << 8 | UInt32(byte)
            }
        }
        self.head = head
        self.middle = middle
        self.tail = tail
    }

    /// Parses 40 hex digits in either case, or returns nil.
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard digits.count == Self.byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.init(bytes: bytes)
    }

    /// The 20 bytes, first byte first.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(Self.byteCount)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: head >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: middle >> UInt64(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: tail >> UInt32(shift))) }
        return result
    }

    /// The 40 lower-case hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(Self.byteCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The first 7 hex digits, as `git log --oneline` shows them, for messages.
    public var shortHex: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.head, lhs.middle, lhs.tail) < (rhs.head, rhs.middle, rhs.tail)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension ObjectID {
    /// Copies libgit2's id.
    init(_ oid: git_oid) {
        let bytes = unsafe withUnsafeBytes(of: oid.id) { unsafe Array($0) }
        // A git_oid always holds exactly `byteCount` bytes in libgit2 1.5 (SHA-1 only).
        self.init(bytes: bytes)!
    }

    /// Copies the id a libgit2 accessor points to.
    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(unsafe pointer.pointee)
    }

    /// libgit2's representation, for passing to its functions.
    var oid: git_oid {
        var value = git_oid()
        let source = bytes
        unsafe withUnsafeMutableBytes(of: &value.id) { target in
            for index in 0..<Self.byteCount { unsafe target[index] = source[index] }
        }
        return value
    }
}
