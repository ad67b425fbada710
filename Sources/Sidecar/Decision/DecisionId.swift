// DecisionId: the identifier of one decision, a version-4 UUID in OPA's spelling
// (lowercase, 8-4-4-4-12), shared by the decision-log event and the request's audit entry.
// Ids come from a process-wide counter mixed by SplitMix64 from two seeds drawn from the
// system generator at startup: each half is a bijection of the counter, so within one
// process ids repeat only if 122 of those bits coincide, and processes differ by their
// 128 random seed bits — as unlikely as for random UUIDs. Making
// one costs an atomic add and a few multiplies, no system call, so the request path can
// afford it. Ids are unique, not secret: nothing may rely on their being unguessable.
import Synchronization

/// One decision's id: 128 bits with the version (4) and variant (10) bits of RFC 9562.
struct DecisionId: Sendable, Hashable, CustomStringConvertible {
    let high: UInt64
    let low: UInt64

    init(high: UInt64, low: UInt64) {
        // Version 4 in bits 48...51 of the first half, variant 0b10 at the top of the second.
        self.high = (high & ~0xF000) | 0x4000
        self.low = (low & ~(0b11 << 62)) | (0b10 << 62)
    }

    /// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase hexadecimal.
    var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The description's 36 bytes appended to `out` (the decision log writes one per
    /// event, straight into the event).
    func append(to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "-"), count: 36))
        out.withUnsafeMutableBufferPointer { text in
            var at = start
            // A half's 16 nibbles, most significant first, stepping over the hyphens
            // (offsets 8, 13, 18 and 23 of the text).
            func put(_ value: UInt64) {
                for nibbleIndex in 0..<16 {
                    let offset = at - start
                    if offset == 8 || offset == 13 || offset == 18 || offset == 23 { at += 1 }
                    let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * nibbleIndex)) & 0xF
                    text[at] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                    at += 1
                }
            }
            put(high)
            put(low)
        }
    }

    /// A random version-4 id from the system generator (the sidecar's instance id).
    static func random() -> DecisionId {
        var system = SystemRandomNumberGenerator()
        return DecisionId(high: system.next(), low: system.next())
    }
}

/// Hands out decision ids, from any thread.
final class DecisionIdGenerator: Sendable {
    private let counter = Atomic<UInt64>(0)
    private let seedHigh: UInt64
    private let seedLow: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        seedHigh = system.next()
        seedLow = system.next()
    }

    /// Fixed seeds: the same ids every run (tests).
    init(seedHigh: UInt64, seedLow: UInt64) {
        self.seedHigh = seedHigh
        self.seedLow = seedLow
    }

    func next() -> DecisionId {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return DecisionId(high: Self.mix(seedHigh &+ n &* 0x9E37_79B9_7F4A_7C15),
                          low: Self.mix(seedLow &+ n &* 0xD1B5_4A32_D192_ED03))
    }

    /// SplitMix64's finalizer: a bijection of 64-bit values that spreads every input bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
