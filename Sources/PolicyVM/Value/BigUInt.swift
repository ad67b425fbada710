// BigUInt: an unsigned integer of any size, the magnitude under OPA's big integers,
// decimals and binary floats (Number.swift). Little-endian 64-bit limbs.
// Invariant: `limbs` never ends in a zero limb, so zero is `[]` and equal values
// have equal limbs; every operation returns a normalized value.

/// An arbitrary-precision unsigned integer.
struct BigUInt: Sendable, Hashable, Comparable {
    /// Little-endian limbs with no trailing (most significant) zero limb.
    private(set) var limbs: [UInt64]

    static let zero = BigUInt(limbs: [])
    static let one = BigUInt(1)

    init(limbs: [UInt64]) {
        self.limbs = limbs
        normalize()
    }

    init(_ value: UInt64) {
        limbs = value == 0 ? [] : [value]
    }

    init(uint128 value: UInt128) {
        self.init(limbs: [UInt64(truncatingIfNeeded: value), UInt64(truncatingIfNeeded: value >> 64)])
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    var isZero: Bool { limbs.isEmpty }

    /// The number of significant bits (0 for zero).
    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }

    /// The number of zero bits below the lowest set bit (0 for zero).
    var trailingZeroBitCount: Int {
        for (i, limb) in limbs.enumerated() where limb != 0 { return i * 64 + limb.trailingZeroBitCount }
        return 0
    }

    /// The value when it fits in 64 bits.
    var uint64Value: UInt64? {
        switch limbs.count {
        case 0: return 0
        case 1: return limbs[0]
        default: return nil
        }
    }

    /// Bit `i` (0 is the least significant).
    func bit(_ i: Int) -> Bool {
        let word = i >> 6
        guard i >= 0, word < limbs.count else { return false }
        return limbs[word] >> UInt64(i & 63) & 1 == 1
    }

    /// Whether any bit below position `i` is set.
    func hasBitsBelow(_ i: Int) -> Bool {
        guard i > 0 else { return false }
        let word = min(i >> 6, limbs.count)
        for w in 0..<word where limbs[w] != 0 { return true }
        guard word < limbs.count, i & 63 != 0 else { return false }
        return limbs[word] & ((1 << UInt64(i & 63)) - 1) != 0
    }

    static func < (a: BigUInt, b: BigUInt) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1.
    static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    // MARK: - Addition and subtraction

    static func + (a: BigUInt, b: BigUInt) -> BigUInt {
        let (long, short) = a.limbs.count >= b.limbs.count ? (a.limbs, b.limbs) : (b.limbs, a.limbs)
        var out = long
        var carry: UInt64 = 0
        for i in 0..<long.count {
            let (s1, o1) = out[i].addingReportingOverflow(i < short.count ? short[i] : 0)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out[i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            if carry == 0 && i >= short.count { break }
        }
        if carry != 0 { out.append(carry) }
        return BigUInt(limbs: out)
    }

    /// `a - b`; the caller guarantees `a >= b`.
    static func - (a: BigUInt, b: BigUInt) -> BigUInt {
        precondition(a >= b, "BigUInt subtraction below zero")
        var out = a.limbs
        var borrow: UInt64 = 0
        for i in 0..<out.count {
            let (d1, o1) = out[i].subtractingReportingOverflow(i < b.limbs.count ? b.limbs[i] : 0)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            out[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            if borrow == 0 && i >= b.limbs.count { break }
        }
        return BigUInt(limbs: out)
    }

    // MARK: - Multiplication

    static func * (a: BigUInt, b: BigUInt) -> BigUInt {
        if a.isZero || b.isZero { return .zero }
        if b.limbs.count == 1 { return a.multiplied(by: b.limbs[0]) }
        if a.limbs.count == 1 { return b.multiplied(by: a.limbs[0]) }
        var out = [UInt64](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            let x = a.limbs[i]
            if x == 0 { continue }
            for j in 0..<b.limbs.count {
                let (high, low) = x.multipliedFullWidth(by: b.limbs[j])
                let (s1, o1) = low.addingReportingOverflow(out[i + j])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                out[i + j] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            out[i + b.limbs.count] = carry
        }
        return BigUInt(limbs: out)
    }

    /// `self × m + add`.
    func multiplied(by m: UInt64, adding add: UInt64 = 0) -> BigUInt {
        var out = [UInt64]()
        out.reserveCapacity(limbs.count + 1)
        var carry = add
        for limb in limbs {
            let (high, low) = limb.multipliedFullWidth(by: m)
            let (s, o) = low.addingReportingOverflow(carry)
            out.append(s)
            carry = high &+ (o ? 1 : 0)
        }
        if carry != 0 { out.append(carry) }
        return BigUInt(limbs: out)
    }

    // MARK: - Shifts

    static func << (a: BigUInt, n: Int) -> BigUInt {
        guard n > 0, !a.isZero else { return n < 0 ? a >> -n : a }
        let words = n >> 6, bits = UInt64(n & 63)
        var out = [UInt64](repeating: 0, count: words)
        out.reserveCapacity(words + a.limbs.count + 1)
        if bits == 0 {
            out.append(contentsOf: a.limbs)
        } else {
            var carry: UInt64 = 0
            for limb in a.limbs {
                out.append(limb << bits | carry)
                carry = limb >> (64 - bits)
            }
            if carry != 0 { out.append(carry) }
        }
        return BigUInt(limbs: out)
    }

    static func >> (a: BigUInt, n: Int) -> BigUInt {
        guard n > 0 else { return n < 0 ? a << -n : a }
        let words = n >> 6, bits = UInt64(n & 63)
        guard words < a.limbs.count else { return .zero }
        var out = Array(a.limbs[words...])
        if bits != 0 {
            for i in 0..<out.count {
                let next = i + 1 < out.count ? out[i + 1] : 0
                out[i] = out[i] >> bits | next << (64 - bits)
            }
        }
        return BigUInt(limbs: out)
    }

    // MARK: - Division

    /// Quotient and remainder by a nonzero 64-bit divisor.
    func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: BigUInt, remainder: UInt64) {
        precondition(d != 0, "BigUInt division by zero")
        var out = [UInt64](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        var i = limbs.count - 1
        while i >= 0 {
            (out[i], remainder) = d.dividingFullWidth((remainder, limbs[i]))
            i -= 1
        }
        return (BigUInt(limbs: out), remainder)
    }

    /// Quotient and remainder by a nonzero divisor (Knuth's algorithm D).
    func quotientAndRemainder(dividingBy divisor: BigUInt) -> (quotient: BigUInt, remainder: BigUInt) {
        precondition(!divisor.isZero, "BigUInt division by zero")
        if self < divisor { return (.zero, self) }
        if divisor.limbs.count == 1 {
            let (q, r) = quotientAndRemainder(dividingBy: divisor.limbs[0])
            return (q, BigUInt(r))
        }
        // Normalize so the divisor's top limb has its high bit set.
        let shift = divisor.limbs.last!.leadingZeroBitCount
        let v = (divisor << shift).limbs
        var u = (self << shift).limbs
        if u.count == limbs.count { u.append(0) }
        let n = v.count, m = u.count - n
        var q = [UInt64](repeating: 0, count: m)
        let vTop = v[n - 1], vNext = v[n - 2]
        var j = m - 1
        while j >= 0 {
            // Estimate the quotient limb from the top two limbs of the remainder.
            let uTop = u[j + n]
            var qhat: UInt64, rhat: UInt64
            var rhatOverflow = false
            if uTop >= vTop {
                qhat = UInt64.max
                let (r, o) = u[j + n - 1].addingReportingOverflow(vTop)
                rhat = r; rhatOverflow = o || uTop > vTop
            } else {
                (qhat, rhat) = vTop.dividingFullWidth((uTop, u[j + n - 1]))
            }
            while !rhatOverflow {
                let (ph, pl) = qhat.multipliedFullWidth(by: vNext)
                if ph > rhat || (ph == rhat && pl > u[j + n - 2]) {
                    qhat -= 1
                    let (r, o) = rhat.addingReportingOverflow(vTop)
                    rhat = r; rhatOverflow = o
                } else { break }
            }
            // Multiply and subtract.
            var borrow: UInt64 = 0, carry: UInt64 = 0
            for i in 0..<n {
                let (ph, pl) = qhat.multipliedFullWidth(by: v[i])
                let (p, o) = pl.addingReportingOverflow(carry)
                carry = ph &+ (o ? 1 : 0)
                let (d1, o1) = u[i + j].subtractingReportingOverflow(p)
                let (d2, o2) = d1.subtractingReportingOverflow(borrow)
                u[i + j] = d2
                borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
            let (d1, o1) = u[j + n].subtractingReportingOverflow(carry)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            u[j + n] = d2
            if o1 || o2 {
                // The estimate was one too large: add the divisor back.
                qhat -= 1
                var c: UInt64 = 0
                for i in 0..<n {
                    let (s1, c1) = u[i + j].addingReportingOverflow(v[i])
                    let (s2, c2) = s1.addingReportingOverflow(c)
                    u[i + j] = s2
                    c = (c1 ? 1 : 0) + (c2 ? 1 : 0)
                }
                u[j + n] &+= c
            }
            q[j] = qhat
            j -= 1
        }
        let remainder = BigUInt(limbs: Array(u[0..<n])) >> shift
        return (BigUInt(limbs: q), remainder)
    }

    // MARK: - Powers

    /// `base^exponent`, exactly.
    static func power(_ base: UInt64, _ exponent: Int) -> BigUInt {
        var result = BigUInt.one, square = BigUInt(base), e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * square }
            e >>= 1
            if e > 0 { square = square * square }
        }
        return result
    }

    /// `10^exponent`, exactly.
    static func powerOfTen(_ exponent: Int) -> BigUInt {
        exponent < powersOfTen.count ? BigUInt(powersOfTen[exponent]) : power(10, exponent)
    }

    /// 10^0 … 10^19, the powers of ten that fit a limb.
    static let powersOfTen: [UInt64] = (0...19).map { e in (0..<e).reduce(UInt64(1)) { p, _ in p * 10 } }
}
