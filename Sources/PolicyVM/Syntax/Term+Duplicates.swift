// Term+Duplicates: a set or object literal as OPA's parser builds it, one entry per
// term. OPA inserts each element (each key) into its set (object) as it parses, so a
// term written twice is kept once: a set keeps the first, an object the first key with
// the last value, the earlier value never evaluated (`{"a": 1/0, "a": 2}` is {"a": 2},
// `some x in {input.a, input.a}` iterates once; checked with OPA v1). Terms are the
// same when they are written alike, numbers compared by value (`1`, `1.0`, `1e0`).

extension Term {
    /// Whether two terms are the same term to OPA's parser (locations aside).
    func isSameTerm(as other: Term) -> Bool {
        switch (kind, other.kind) {
        case (.scalar(let a), .scalar(let b)): return a == b
        case (.variable(let a), .variable(let b)): return a == b
        case (.ref(let h1, let s1), .ref(let h2, let s2)): return h1.isSameTerm(as: h2) && Term.same(s1, s2)
        case (.array(let a), .array(let b)), (.set(let a), .set(let b)): return Term.same(a, b)
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key.isSameTerm(as: $1.key) && $0.value.isSameTerm(as: $1.value) }
        case (.call(let n1, let a1), .call(let n2, let a2)): return n1 == n2 && Term.same(a1, a2)
        case (.binary(let o1, let a1, let b1), .binary(let o2, let a2, let b2)):
            return o1 == o2 && a1.isSameTerm(as: a2) && b1.isSameTerm(as: b2)
        case (.unaryMinus(let a), .unaryMinus(let b)): return a.isSameTerm(as: b)
        default:
            // Comprehensions and membership tests: kept apart (never written twice in practice).
            return false
        }
    }

    private static func same(_ a: [Term], _ b: [Term]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.isSameTerm(as: $1) }
    }

    /// A set literal's elements, each term once (the first).
    static func uniqueElements(_ items: [Term]) -> [Term] {
        var out: [Term] = []
        for t in items where !out.contains(where: { $0.isSameTerm(as: t) }) { out.append(t) }
        return out
    }

    /// An object literal's pairs, each key term once: where it first stands, with the
    /// value written last for it.
    static func uniqueKeys(_ pairs: [(key: Term, value: Term)]) -> [(key: Term, value: Term)] {
        var out: [(key: Term, value: Term)] = []
        for p in pairs {
            if let i = out.firstIndex(where: { $0.key.isSameTerm(as: p.key) }) {
                out[i].value = p.value
            } else {
                out.append(p)
            }
        }
        return out
    }
}
