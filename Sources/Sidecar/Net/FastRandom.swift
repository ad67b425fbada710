// FastRandom: a small, fast pseudo-random generator (wyrand) for per-loop use.
// Invariant: seeded from the system generator (or a test's fixed seed); never used where
// secrecy matters.

/// wyrand: 64-bit state, one multiply per value. Loop-confined, so no locking.
struct FastRandom: RandomNumberGenerator {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// A fixed seed: the same values every run (tests that replay a fuzz corpus).
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0xA076_1D64_78BD_642F
        let product = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }
}
