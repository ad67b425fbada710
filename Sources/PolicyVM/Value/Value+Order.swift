// Rego's total order and equality over values. Invariant: `compare` is a total order
// consistent with `==` and with hashing, so sets and object keys behave as in OPA:
// null < booleans < numbers < strings < arrays < objects < sets; strings by code point;
// numbers by value (1 == 1.0); composites element by element, then by length.

extension Value: Equatable, Hashable, Comparable {
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return sameCodePoints(x, y)
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x == y
        case (.set(let x), .set(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n)
        case .string(let s): hasher.combine(s)
        case .array(let a):
            hasher.combine(a.count)
            for e in a { hasher.combine(e) }
        case .object(let o): hasher.combine(o)
        case .set(let s): hasher.combine(s)
        }
    }

    public static func < (a: Value, b: Value) -> Bool { compare(a, b) < 0 }

    /// Compares two values in Rego's total order: negative, zero or positive.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.number(let x), .number(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.string(let x), .string(let y)): return compareCodePoints(x, y)
        case (.array(let x), .array(let y)): return compareSequences(x, y)
        case (.object(let x), .object(let y)):
            let xk = x.keys.sorted(), yk = y.keys.sorted()
            for i in 0..<min(xk.count, yk.count) {
                let c = compare(xk[i], yk[i])
                if c != 0 { return c }
                let v = compare(x[xk[i]]!, y[yk[i]]!)
                if v != 0 { return v }
            }
            return xk.count == yk.count ? 0 : (xk.count < yk.count ? -1 : 1)
        case (.set(let x), .set(let y)):
            return compareSequences(x.sorted(), y.sorted())
        default:
            return a.kindRank < b.kindRank ? -1 : 1
        }
    }

    /// Rego strings are equal when their code points are (Swift's `==` would also
    /// equate canonically equivalent strings). Native strings compare their bytes in place.
    @inlinable static func sameCodePoints(_ x: String, _ y: String) -> Bool {
        let xu = x.utf8, yu = y.utf8
        if xu.count != yu.count { return false }
        if let r = xu.withContiguousStorageIfAvailable({ a in
            yu.withContiguousStorageIfAvailable { b in
                if a.baseAddress == b.baseAddress { return true }
                for i in 0..<a.count where a[i] != b[i] { return false }
                return true
            }
        }), let equal = r {
            return equal
        }
        return xu.elementsEqual(yu)
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
