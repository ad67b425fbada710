// Rego's total order and equality over values. Invariant: `compare` is a total order
// consistent with `==` and with hashing, so sets and object keys behave as in OPA:
// null < booleans < numbers < strings < arrays < objects < sets; strings by code point;
// numbers by value (1 == 1.0); composites element by element, then by length.
#if canImport(Glibc)
import Glibc
#endif

extension Value: Equatable, Hashable, Comparable {
    // Switching on `a` and then matching `b` (not on the tuple `(a, b)`) keeps both
    // operands borrowed: a tuple would copy, and so retain, every payload.
    public static func == (a: Value, b: Value) -> Bool {
        switch a {
        case .null:
            if case .null = b { return true }
            return false
        case .bool(let x):
            if case .bool(let y) = b { return x == y }
            return false
        case .number(let x):
            if case .number(let y) = b { return x == y }
            return false
        case .string(let x):
            if case .string(let y) = b { return sameCodePoints(x, y) }
            return false
        case .array(let x):
            if case .array(let y) = b { return x == y }
            return false
        case .object(let x):
            if case .object(let y) = b { return x == y }
            return false
        case .set(let x):
            if case .set(let y) = b { return x == y }
            return false
        }
    }

    public static func < (a: Value, b: Value) -> Bool { compare(a, b) < 0 }

    /// Compares two values in Rego's total order: negative, zero or positive.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        let ra = a.kindRank, rb = b.kindRank
        if ra != rb { return ra < rb ? -1 : 1 }
        switch a {
        case .null:
            return 0
        case .bool(let x):
            guard case .bool(let y) = b else { return 0 }
            return x == y ? 0 : (x ? 1 : -1)
        case .number(let x):
            guard case .number(let y) = b else { return 0 }
            return Number.compare(x, y)
        case .string(let x):
            guard case .string(let y) = b else { return 0 }
            return compareCodePoints(x, y)
        case .array(let x):
            guard case .array(let y) = b else { return 0 }
            return compareSequences(x, y)
        case .object(let x):
            guard case .object(let y) = b else { return 0 }
            let xk = x.keys.sorted(), yk = y.keys.sorted()
            for i in 0..<min(xk.count, yk.count) {
                let c = compare(xk[i], yk[i])
                if c != 0 { return c }
                let v = compare(x[xk[i]]!, y[yk[i]]!)
                if v != 0 { return v }
            }
            return xk.count == yk.count ? 0 : (xk.count < yk.count ? -1 : 1)
        case .set(let x):
            guard case .set(let y) = b else { return 0 }
            return compareSequences(x.sorted(), y.sorted())
        }
    }

    /// Rego strings are equal when their code points are (Swift's `==` would also
    /// equate canonically equivalent strings): compare the UTF-8 bytes. Cheap checks
    /// settle most cases first: identical representations (the same small string
    /// inline, or the same buffer) are equal; two different small strings are not (a
    /// small string's two words hold its bytes, zero padding and its count, so equal
    /// contents give equal words); different byte counts are not.
    @inlinable static func sameCodePoints(_ x: String, _ y: String) -> Bool {
        let xw = unsafeBitCast(x, to: (UInt64, UInt64).self), yw = unsafeBitCast(y, to: (UInt64, UInt64).self)
        if xw == yw { return true }
        if isSmall(xw.1) && isSmall(yw.1) { return false }
        let xu = x.utf8, yu = y.utf8
        guard xu.count == yu.count else { return false }
        let same: Bool? = xu.withContiguousStorageIfAvailable { p -> Bool in
            let q: Bool? = yu.withContiguousStorageIfAvailable { q -> Bool in
                p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0
            }
            return q ?? xu.elementsEqual(yu)
        }
        return same ?? xu.elementsEqual(yu)
    }

    /// Whether two values in memory have identical bits, which makes them equal: the
    /// same case with the same payload (the same small string inline, the same number
    /// representation, the same reference). Different bits prove nothing (padding,
    /// 1 and 1.0, equal strings in different buffers), so callers fall back to `==`.
    @inlinable @inline(__always) static func sameBits(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Bool {
        let size = MemoryLayout<Value>.size
        var i = 0
        while i + 8 <= size {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < size {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// Whether a string's second word marks it small (stored inline): bit 61 of the
    /// discriminator in its top byte, in the standard library's 64-bit layout.
    /// `ValueTests.smallStringLayout` checks this against real strings.
    @inlinable @inline(__always) static func isSmall(_ objectWord: UInt64) -> Bool {
        objectWord & (1 << 61) != 0
    }

    /// Strings compare by Unicode code point, which is UTF-8 byte order.
    @inlinable static func compareCodePoints(_ x: String, _ y: String) -> Int {
        var xi = x.utf8.makeIterator(), yi = y.utf8.makeIterator()
        while true {
            switch (xi.next(), yi.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?): if p != q { return p < q ? -1 : 1 }
            }
        }
    }

    static func compareSequences(_ x: [Value], _ y: [Value]) -> Int {
        for i in 0..<min(x.count, y.count) {
            let c = compare(x[i], y[i])
            if c != 0 { return c }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}
