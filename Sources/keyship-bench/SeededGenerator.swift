/// SplitMix64: a small deterministic random number generator, so the same options build the
/// same store (apart from the sealed key cells, whose randomness comes from libsodium).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Returns a generator for item `index` of a stream, independent of how many items were
    /// drawn before. So a history extended later contains the same records as one built at once.
    static func forItem(_ index: Int, stream: UInt64) -> SeededGenerator {
        var generator = SeededGenerator(seed: stream &* 0x1000_0000_01B3 ^ UInt64(index))
        _ = generator.next()
        return generator
    }
}

/// Returns `value` in decimal, left-padded with zeros to `width` digits.
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
