// RegoType lattice: OPA's operations on types — order, union (`or`), what a reference
// into a type yields (`keys`, `values`, `select`) and whether two types can describe a
// common value (`unifies`). Invariant: these follow OPA's types package and checker
// rules case by case, because the checker's verdicts (and so its errors) follow them;
// an unknown type (nil) unifies with nothing and selects nothing.

extension RegoType {
    /// OPA's type order: null, boolean, number, string, array, object, set, any, function.
    private var rank: Int {
        switch self {
        case .null: return 0
        case .boolean: return 1
        case .number: return 2
        case .string: return 3
        case .array: return 4
        case .object: return 5
        case .set: return 6
        case .anyOf: return 7
        case .function: return 8
        }
    }

    /// -1, 0 or 1, as OPA's types.Compare.
    static func compare(_ a: RegoType?, _ b: RegoType?) -> Int {
        guard let a, let b else { return a == nil ? (b == nil ? 0 : -1) : 1 }
        if a.rank != b.rank { return a.rank < b.rank ? -1 : 1 }
        switch (a, b) {
        case (.array(let sa, let da), .array(let sb, let db)):
            if (da == nil) != (db == nil) { return da == nil ? -1 : 1 }
            if let da, let db, case let c = compare(da, db), c != 0 { return c }
            return compareLists(sa, sb)
        case (.object(let sa, let da), .object(let sb, let db)):
            if (da == nil) != (db == nil) { return da == nil ? -1 : 1 }
            if let da, let db {
                if case let c = compare(da.key, db.key), c != 0 { return c }
                if case let c = compare(da.value, db.value), c != 0 { return c }
            }
            for (pa, pb) in zip(sa, sb) {
                if pa.key != pb.key { return pa.key < pb.key ? -1 : 1 }
                if case let c = compare(pa.type, pb.type), c != 0 { return c }
            }
            return sa.count == sb.count ? 0 : (sa.count < sb.count ? -1 : 1)
        case (.set(let ea), .set(let eb)):
            return compare(ea, eb)
        case (.anyOf(let ta), .anyOf(let tb)):
            return compareLists(ta, tb)
        case (.function(let fa), .function(let fb)):
            if fa.arity != fb.arity { return fa.arity < fb.arity ? -1 : 1 }
            if case let c = compareLists(fa.arguments, fb.arguments), c != 0 { return c }
            if case let c = compare(fa.result, fb.result), c != 0 { return c }
            return compare(fa.variadic, fb.variadic)
        default:
            return 0
        }
    }

    private static func compareLists(_ a: [RegoType], _ b: [RegoType]) -> Int {
        for (x, y) in zip(a, b) {
            if case let c = compare(x, y), c != 0 { return c }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// Whether this type covers `other` (an `any` union contains its members; `any` all).
    func contains(_ other: RegoType) -> Bool {
        if case .anyOf(let ts) = self {
            if case .function = other { return false }
            return ts.isEmpty || ts.contains { Self.compare($0, other) == 0 }
        }
        return Self.compare(self, other) == 0
    }

    /// The union of two types (nil when either is a function and the other is not).
    static func or(_ a: RegoType?, _ b: RegoType?) -> RegoType? {
        guard let a else { return b }
        guard let b else { return a }
        switch (a, b) {
        case (.function, _), (_, .function):
            return nil
        case (.anyOf(let ta), .anyOf(let tb)):
            if ta.isEmpty { return a }
            if tb.isEmpty { return b }
            var merged = ta
            for t in tb { merged = insert(t, into: merged) }
            return .anyOf(merged)
        case (.anyOf(let ta), _):
            return a.contains(b) ? a : .anyOf(insert(b, into: ta))
        case (_, .anyOf(let tb)):
            return b.contains(a) ? b : .anyOf(insert(a, into: tb))
        default:
            if compare(a, b) == 0 { return a }
            return .anyOf(compare(a, b) < 0 ? [a, b] : [b, a])
        }
    }

    private static func insert(_ t: RegoType, into sorted: [RegoType]) -> [RegoType] {
        let i = sorted.firstIndex { compare($0, t) >= 0 } ?? sorted.count
        if i < sorted.count && compare(sorted[i], t) == 0 { return sorted }
        var out = sorted
        out.insert(t, at: i)
        return out
    }

    /// The type of the keys a reference can iterate over (nil: not a collection).
    var keys: RegoType? {
        switch self {
        case .array: return .number
        case .object(let props, let dynamic):
            var t: RegoType?
            for p in props { t = Self.or(t, RegoType.of(p.key)) }
            if let dynamic { t = Self.or(t, dynamic.key) }
            return t
        case .set(let of): return of
        case .anyOf(let ts):
            if ts.isEmpty { return .any }
            return ts.reduce(RegoType?.none) { Self.or($1.keys, $0) }
        default: return nil
        }
    }

    /// The type of the values a reference can iterate over (nil: not a collection).
    var values: RegoType? {
        switch self {
        case .array(let prefix, let rest):
            return Self.or(prefix.reduce(RegoType?.none) { Self.or($0, $1) }, rest)
        case .object(let props, let dynamic):
            let t = props.reduce(RegoType?.none) { Self.or($0, $1.type) }
            return dynamic.map { Self.or(t, $0.value) } ?? t
        case .set(let of): return of
        case .anyOf(let ts):
            if ts.isEmpty { return .any }
            return ts.reduce(RegoType?.none) { Self.or($1.values, $0) }
        default: return nil
        }
    }

    /// The type under the constant key `key` (nil: no such key in this type).
    func select(_ key: Value) -> RegoType? {
        switch self {
        case .array(let prefix, let rest):
            // OPA's checker parses the index strictly: `[1][0.0]` is an undefined ref.
            guard case .number(let n) = key, let i = n.parsedInt, i >= 0 else { return nil }
            return i < prefix.count ? prefix[Int(i)] : rest
        case .object(let props, let dynamic):
            if let p = props.first(where: { Self.selects($0.key, key) }) { return p.type }
            if let dynamic, dynamic.key.contains(RegoType.of(key)) { return dynamic.value }
            return nil
        case .set(let of):
            let t = RegoType.of(key)
            if Self.compare(of, t) == 0 { return of }
            if case .anyOf = of, of.contains(t) { return t }
            return nil
        case .anyOf(let ts):
            if ts.isEmpty { return .any }
            return ts.reduce(RegoType?.none) { Self.or($1.select(key), $0) }
        default:
            return nil
        }
    }

    /// Whether OPA's checker finds a literal object's key `stored` by the constant `key`:
    /// equal values, except that a key written with an exponent whose value is an
    /// integer (`1e0`, `1E2`, `-3e0`) misses a key written without one (`{1: true}[1e0]`,
    /// `{100.0: true}[1e2]` are undefined refs; `{1e2: true}[100]` and `{1.5: true}[15e-1]`
    /// are not). Observed with the real OPA engine over 25 spellings.
    static func selects(_ stored: Value, _ key: Value) -> Bool {
        guard stored == key else { return false }
        guard case .number(.text(let k)) = key, case .number(let s) = stored else { return true }
        func hasExponent(_ text: String) -> Bool { text.contains { $0 == "e" || $0 == "E" } }
        guard hasExponent(k.text), !hasExponent(s.text) else { return true }
        // Only a key that is an integer within Int64 misses.
        let (negative, digits, exponent) = k.syntax.exactDecimal
        if digits.isEmpty { return false }
        guard exponent >= 0, exponent < 19 else { return true }
        let integer = String(decoding: digits.drop { $0 == UInt8(ascii: "0") }, as: UTF8.self)
            + String(repeating: "0", count: exponent)
        return Int64((negative ? "-" : "") + integer) == nil
    }

    /// Whether some value could have both types (OPA's `unifies`); nil unifies with nothing.
    /// `argument`: `a` is what is passed for a builtin's argument of declared type `b`;
    /// there an object need not have every property the declaration names (OPA's engine
    /// takes `json.patch({}, p)` with `p = [{"op": "add"}]`, no `path`, and lets the
    /// builtin refuse it), while the properties it has must fit.
    static func unifies(_ a: RegoType?, _ b: RegoType?, argument: Bool = false) -> Bool {
        guard let a, let b else { return false }
        if case .anyOf(let ta) = a, unifiesAny(ta, b, argument: argument) { return true }
        if case .anyOf(let tb) = b, unifiesAny(tb, a, argument: argument) { return true }
        switch (a, b) {
        case (.anyOf, _), (_, .anyOf): return false
        case (.null, .null), (.boolean, .boolean), (.number, .number), (.string, .string): return true
        case (.array(let sa, let da), .array(let sb, let db)):
            for i in sa.indices where !unifies(sa[i], b.element(i), argument: argument) { return false }
            for i in sb.indices where !unifies(a.element(i), sb[i], argument: argument) { return false }
            return da == nil || db == nil || unifies(da, db, argument: argument)
        case (.object(let sa, let da), .object(let sb, let db)):
            for p in sa where !unifies(p.type, b.property(p.key), argument: argument) { return false }
            for p in sb {
                let mine = a.property(p.key)
                if argument && mine == nil { continue }
                if !unifies(mine, p.type, argument: argument) { return false }
            }
            return da == nil || db == nil || unifies(da!.value, db!.value, argument: argument)
        case (.set(let ea), .set(let eb)):
            return unifies(ea, eb, argument: argument)
        case (.function(let fa), .function(let fb)):
            return fa.arity == fb.arity && zip(fa.arguments, fb.arguments).allSatisfy { unifies($0, $1) }
        default:
            return false
        }
    }

    private static func unifiesAny(_ members: [RegoType], _ other: RegoType, argument: Bool) -> Bool {
        if case .function = other { return false }
        return members.isEmpty || members.contains { argument ? unifies(other, $0, argument: true) : unifies($0, other) }
    }

    /// The type of the element at `i` of an array type (its prefix, then its rest).
    private func element(_ i: Int) -> RegoType? {
        guard case .array(let prefix, let rest) = self else { return nil }
        return i < prefix.count ? prefix[i] : rest
    }

    /// An object type's property (OPA's Object.Select).
    private func property(_ key: Value) -> RegoType? {
        guard case .object = self else { return nil }
        return select(key)
    }

    /// The type of a constant, as OPA types a literal: exact, with every key of an
    /// object; an empty array or object has elements of any type.
    package static func of(_ value: Value) -> RegoType {
        switch value {
        case .null: return .null
        case .bool: return .boolean
        case .number: return .number
        case .string: return .string
        case .array(let a): return a.isEmpty ? .anyArray : .array(a.map(of), nil)
        case .set(let s):
            return .set(s.isEmpty ? .any : s.reduce(RegoType?.none) { or($0, of($1)) }!)
        case .object(let o):
            if o.isEmpty { return .anyObject }
            return .object(o.sorted { $0.key < $1.key }.map { ObjectProperty($0.key, of($0.value)) }, nil)
        }
    }
}
