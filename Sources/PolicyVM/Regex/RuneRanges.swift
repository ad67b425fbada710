// RuneRanges: sets of Unicode code points as flat arrays of lo, hi pairs, with the
// operations Go's regexp/syntax builds classes with (append with merging, case
// folding, negation, cleaning), and CaseFolding, Go's unicode.SimpleFold over the
// Unicode 15.0 orbits. Invariant: `cleaned` output is sorted, disjoint and
// non-adjacent, which `contains` relies on.

enum RuneRanges {
    static let maxRune: UInt32 = 0x10FFFF

    /// Adds lo…hi, widening one of the last two ranges when it overlaps or abuts
    /// (two, so that folded alphabets grow A-Z and a-z side by side).
    static func appendRange(_ r: inout [UInt32], _ lo: UInt32, _ hi: UInt32) {
        let n = r.count
        for i in stride(from: 2, through: 4, by: 2) where n >= i {
            let rlo = r[n - i], rhi = r[n - i + 1]
            if lo <= rhi &+ 1 && rlo <= hi &+ 1 {
                if lo < rlo { r[n - i] = lo }
                if hi > rhi { r[n - i + 1] = hi }
                return
            }
        }
        r.append(lo)
        r.append(hi)
    }

    /// Adds lo…hi and every code point equal to one of them under simple case folding.
    static func appendFoldedRange(_ r: inout [UInt32], _ lo: UInt32, _ hi: UInt32) {
        if lo <= CaseFolding.minFold && hi >= CaseFolding.maxFold || hi < CaseFolding.minFold || lo > CaseFolding.maxFold {
            appendRange(&r, lo, hi)
            return
        }
        appendRange(&r, lo, hi)
        // Only code points with case partners add anything: walk those in lo…hi.
        let folding = CaseFolding.orbitMembers
        var i = lowerBound(folding, lo)
        while i < folding.count && folding[i] <= hi {
            let c = folding[i]
            var f = CaseFolding.simpleFold(c)
            while f != c {
                appendRange(&r, f, f)
                f = CaseFolding.simpleFold(f)
            }
            i += 1
        }
    }

    static func appendLiteral(_ r: inout [UInt32], _ x: UInt32, fold: Bool) {
        if fold { appendFoldedRange(&r, x, x) } else { appendRange(&r, x, x) }
    }

    static func appendClass(_ r: inout [UInt32], _ x: [UInt32]) {
        for i in stride(from: 0, to: x.count, by: 2) { appendRange(&r, x[i], x[i + 1]) }
    }

    static func appendFoldedClass(_ r: inout [UInt32], _ x: [UInt32]) {
        for i in stride(from: 0, to: x.count, by: 2) { appendFoldedRange(&r, x[i], x[i + 1]) }
    }

    /// Adds the complement of the clean class `x`.
    static func appendNegatedClass(_ r: inout [UInt32], _ x: [UInt32]) {
        var nextLo: UInt32 = 0
        for i in stride(from: 0, to: x.count, by: 2) {
            if x[i] > nextLo { appendRange(&r, nextLo, x[i] - 1) }
            nextLo = x[i + 1] + 1
        }
        if nextLo <= maxRune { appendRange(&r, nextLo, maxRune) }
    }

    /// Sorted (lo ascending, hi descending on ties), with overlapping and abutting ranges merged.
    static func cleaned(_ r: [UInt32]) -> [UInt32] {
        guard r.count > 2 else { return r }
        var pairs: [(UInt32, UInt32)] = []
        pairs.reserveCapacity(r.count / 2)
        for i in stride(from: 0, to: r.count, by: 2) { pairs.append((r[i], r[i + 1])) }
        pairs.sort { $0.0 < $1.0 || $0.0 == $1.0 && $0.1 > $1.1 }
        var out: [UInt32] = [pairs[0].0, pairs[0].1]
        for (lo, hi) in pairs.dropFirst() {
            if lo <= out[out.count - 1] &+ 1 {
                if hi > out[out.count - 1] { out[out.count - 1] = hi }
            } else {
                out.append(lo)
                out.append(hi)
            }
        }
        return out
    }

    /// The complement of a clean class.
    static func negated(_ r: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        appendNegatedClass(&out, r)
        return out
    }

    /// Whether the clean class `r` holds `c` (binary search).
    static func contains(_ r: [UInt32], _ c: UInt32) -> Bool {
        r.withUnsafeBufferPointer { contains($0.baseAddress, pairs: r.count / 2, c) }
    }

    /// `contains` over `pairs` ranges stored at `r`.
    @inline(__always) static func contains(_ r: UnsafePointer<UInt32>?, pairs: Int, _ c: UInt32) -> Bool {
        guard let r else { return false }
        var lo = 0, hi = pairs
        while lo < hi {
            let mid = (lo + hi) / 2
            if c > r[2 * mid + 1] { lo = mid + 1 } else if c < r[2 * mid] { hi = mid } else { return true }
        }
        return false
    }

    /// The first index of the sorted array `a` whose element is >= x.
    static func lowerBound(_ a: [UInt32], _ x: UInt32) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Simple case folding as Go's unicode.SimpleFold: each code point's orbit of
/// equivalents, walked in increasing order and wrapping around.
enum CaseFolding {
    /// The smallest and largest code points that fold to anything but themselves.
    static let minFold: UInt32 = 0x41
    static let maxFold: UInt32 = 0x1E943

    /// The next code point of each orbit member's orbit.
    private static let next: [UInt32: UInt32] = {
        var table: [UInt32: UInt32] = [:]
        for orbit in UnicodeTables.foldOrbits.split(separator: ";") {
            let members = orbit.split(separator: " ").compactMap { UInt32($0, radix: 16) }.sorted()
            for (i, m) in members.enumerated() { table[m] = members[(i + 1) % members.count] }
        }
        return table
    }()

    /// Every code point that has a case partner, sorted.
    static let orbitMembers: [UInt32] = next.keys.sorted()

    /// The next larger code point equal under folding, wrapping to the smallest; r itself if none.
    static func simpleFold(_ r: UInt32) -> UInt32 { next[r] ?? r }

    /// The smallest code point equal to r under folding.
    static func minFoldRune(_ r: UInt32) -> UInt32 {
        if r < minFold || r > maxFold { return r }
        var m = r
        var f = simpleFold(r)
        while f != r {
            m = Swift.min(m, f)
            f = simpleFold(f)
        }
        return m
    }
}
