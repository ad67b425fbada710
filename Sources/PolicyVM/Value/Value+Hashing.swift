// Value hashing: a 64-bit multiply-mix hash (wyhash's construction) that sets and
// object keys use instead of SipHash, which cost a fifth of a policy decision.
// Invariant: values equal under `==` hash alike — numbers by numeric value (1 and 1.0),
// strings by their UTF-8 bytes, objects and sets whatever their internal order.
// Tables pass their per-instance seed to `_rawHashValue(seed:)`, and the seed enters
// every step, so colliding keys cannot be chosen without knowing it.

extension Value {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash64(seed: 0))
    }

    /// The hook `Set` and `Dictionary` call: one fast hash instead of a Hasher round.
    public func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: hash64(seed: UInt64(truncatingIfNeeded: seed)))
    }

    // Odd 64-bit constants from wyhash; each kind of value starts from its own.
    @inlinable static var k0: UInt64 { 0xa076_1d64_78bd_642f }
    @inlinable static var k1: UInt64 { 0xe703_7ed1_a0b4_28db }
    @inlinable static var k2: UInt64 { 0x8ebc_6af0_9c88_c6e3 }
    @inlinable static var k3: UInt64 { 0x5899_65cc_7537_4cc3 }

    /// Multiplies to 128 bits and folds the halves: the mixing step.
    @inlinable @inline(__always) static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }

    /// The value's hash under `seed`.
    @inlinable func hash64(seed: UInt64) -> UInt64 {
        switch self {
        case .null:
            return Value.mix(seed ^ Value.k0, Value.k1)
        case .bool(let b):
            return Value.mix(seed ^ Value.k1, b ? Value.k2 : Value.k3)
        case .number(let n):
            // Numbers hash by float64 value, which numbers OPA holds equal share (1, 1.0, 1e0).
            let bits = n.hashBits
            return Value.mix(seed ^ Value.k2 ^ bits, Value.k1 ^ (bits >> 32))
        case .string(let s):
            return Value.hashCodePoints(s, seed: seed ^ Value.k3)
        case .array(let a):
            var h = Value.mix(seed ^ Value.k0, UInt64(a.count) ^ Value.k2)
            for i in a.indices { h = Value.mix(h ^ Value.k1, a[i].hash64(seed: seed) ^ Value.k3) }
            return h
        case .object(let o):
            // Entries combine by addition, which does not depend on the table's order.
            var sum: UInt64 = 0
            for (k, v) in o { sum &+= Value.mix(k.hash64(seed: seed) ^ Value.k1, v.hash64(seed: seed) ^ Value.k2) }
            return Value.mix(sum ^ seed ^ Value.k3, UInt64(o.count) ^ Value.k1)
        case .set(let s):
            var sum: UInt64 = 0
            for e in s { sum &+= e.hash64(seed: seed) }
            return Value.mix(sum ^ seed ^ Value.k2, UInt64(s.count) ^ Value.k0)
        }
    }

    /// Hashes a string's UTF-8 bytes, consistent with `sameCodePoints`.
    @inlinable static func hashCodePoints(_ s: String, seed: UInt64) -> UInt64 {
        if let h = s.utf8.withContiguousStorageIfAvailable({ hashBytes(UnsafeRawBufferPointer($0), seed: seed) }) {
            return h
        }
        return Array(s.utf8).withUnsafeBytes { hashBytes($0, seed: seed) }
    }

    /// Short keys (most object keys) take no loop: up to 16 bytes are read as two
    /// overlapping words (under 8 bytes as two overlapping halves, or single bytes), as
    /// wyhash reads them; longer ones take 16 bytes a step, then the last 16.
    @inlinable static func hashBytes(_ p: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let n = p.count
        let h = seed ^ Value.k0
        var a: UInt64, b: UInt64
        if n <= 16 {
            if n >= 8 {
                a = p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
                b = p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            } else if n >= 4 {
                a = UInt64(p.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                b = UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            } else if n > 0 {
                a = UInt64(p[0]) << 16 | UInt64(p[n >> 1]) << 8 | UInt64(p[n - 1])
                b = 0
            } else {
                a = 0
                b = 0
            }
            return mix(mix(a ^ Value.k1, b ^ h) ^ Value.k3, UInt64(n) ^ Value.k1)
        }
        var acc = h
        var i = 0
        while i + 16 <= n {
            acc = mix(p.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ Value.k1,
                      p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self) ^ acc)
            i += 16
        }
        a = p.loadUnaligned(fromByteOffset: n - 16, as: UInt64.self)
        b = p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        return mix(mix(a ^ Value.k2, b ^ acc) ^ Value.k3, UInt64(n) ^ Value.k1)
    }
}
