// BodyPlanner: orders a body's literals so every variable is bound before it is read,
// as OPA does: keep the written order, and move a literal later only when it cannot
// run yet. What is left over names its unsafe variable (rego_unsafe_var_error).

struct BodyPlanner {
    var analysis: VariableAnalysis

    /// What scheduling `l` under `bound` binds, or nil when it cannot run yet.
    func binds(_ l: Literal, _ bound: Set<String>) -> Set<String>? {
        for w in l.withModifiers where !analysis.namesFunction(w.value) && analysis.evaluable(w.value, bound) == nil { return nil }
        if l.isNegated {
            var u = VarUse()
            switch l.kind {
            case .expression(let t): analysis.use(t, [], &u)
            case .unification(let a, let b), .assignment(let a, let b):
                analysis.use(a, [], &u)
                analysis.use(b, [], &u)
            default: return nil
            }
            // A wildcard under `not` can never be bound: OPA calls it unsafe.
            if u.needed.contains("_") || Self.hasWildcardStep(l) { return nil }
            let required = u.needed.union(u.produced)
            return required.isSubset(of: bound) ? [] : nil
        }
        switch l.kind {
        case .expression(let t):
            return analysis.evaluable(t, bound)
        case .assignment(let lhs, let rhs):
            guard let p = analysis.evaluable(rhs, bound) else { return nil }
            guard let q = analysis.patternBinds(lhs, bound.union(p)) else { return nil }
            return p.union(q)
        case .unification(let a, let b):
            return analysis.unification(a, b, bound)
        case .someDeclaration:
            return []
        case .someIn(let k, let v, let c):
            guard let p = analysis.evaluable(c, bound) else { return nil }
            var b = bound.union(p)
            var produced = p
            for t in [k, v].compactMap({ $0 }) {
                guard let q = analysis.patternBinds(t, b) else { return nil }
                produced.formUnion(q)
                b.formUnion(q)
            }
            return produced
        case .every(let k, let v, let c, let body):
            guard analysis.evaluable(c, bound) != nil else { return nil }
            var names: Set<String> = []
            for l in body { analysis.collectNames(l, &names) }
            names.remove(v.variableName ?? "")
            if let k { names.remove(k.variableName ?? "") }
            let needed = names.intersection(analysis.outerNames)
            return needed.isSubset(of: bound) ? [] : nil
        }
    }

    /// Whether a wildcard stands as a reference key in the literal (outside comprehensions).
    static func hasWildcardStep(_ l: Literal) -> Bool {
        func visit(_ t: Term) -> Bool {
            switch t.kind {
            case .ref(let h, let steps): return visit(h) || steps.contains { $0.isWildcard || visit($0) }
            case .call(_, let args): return args.contains(where: visit)
            case .array(let items), .set(let items): return items.contains(where: visit)
            case .object(let pairs): return pairs.contains { visit($0.key) || visit($0.value) }
            case .binary(_, let a, let b): return visit(a) || visit(b)
            case .unaryMinus(let a): return visit(a)
            case .membership(let k, let v, let c): return (k.map(visit) ?? false) || visit(v) || visit(c)
            default: return false
            }
        }
        switch l.kind {
        case .expression(let t): return visit(t)
        case .unification(let a, let b), .assignment(let a, let b): return visit(a) || visit(b)
        default: return false
        }
    }

    /// The literals in a safe order, or the first unsafe variable.
    ///
    /// One quirk of OPA's reordering is kept: it takes a literal as already placed when
    /// the literal now at its written position in the new order is the same expression
    /// (it compares expressions with their index, and placing one renumbers it). Such a
    /// literal is never placed: with variables unbound when it was last tried it is
    /// unsafe (`x == 1; x == 1; x = 1`: the second; `x = 1; x = 1` is fine), without
    /// any it is left out.
    func order(_ literals: [Literal], bound: Set<String>) throws(PolicyError) -> [Literal] {
        var remaining = Array(literals.indices)
        var ordered: [Literal] = []
        var b = bound
        var unboundWhenTried: [Int: Set<String>] = [:]
        var hidden: Set<Int> = []
        func unbound(_ lit: Literal) -> Set<String> {
            var names: Set<String> = []
            analysis.collectNames(lit, &names)
            return names.subtracting(b)
        }
        while !remaining.isEmpty {
            var progressed = false
            var i = 0
            while i < remaining.count {
                let j = remaining[i]
                if j < ordered.count, Self.isSameExpression(ordered[j], literals[j]) {
                    if unboundWhenTried[j] == nil { unboundWhenTried[j] = unbound(literals[j]) }
                    hidden.insert(j)
                    i += 1
                } else if let p = binds(literals[j], b) {
                    ordered.append(literals[j])
                    b.formUnion(p)
                    remaining.remove(at: i)
                    progressed = true
                } else {
                    unboundWhenTried[j] = unbound(literals[j])
                    i += 1
                }
            }
            if !progressed { break }
        }
        remaining.removeAll { hidden.contains($0) && unboundWhenTried[$0]?.isEmpty == true }
        guard let first = remaining.first else { return ordered }
        let lit = literals[first]
        let names = hidden.contains(first) ? unboundWhenTried[first] ?? [] : unbound(lit)
        let name = names.sorted().first ?? "_"
        throw PolicyError(.unsafeVar, "var \(name) is unsafe", at: lit.location)
    }

    /// Whether OPA's reordering takes two literals for the same expression: written
    /// alike, no `with`, no wildcard (OPA names each one apart), nothing it renames
    /// (declarations, comprehensions).
    static func isSameExpression(_ a: Literal, _ b: Literal) -> Bool {
        guard a.isNegated == b.isNegated, a.withModifiers.isEmpty, b.withModifiers.isEmpty else { return false }
        switch (a.kind, b.kind) {
        case (.expression(let x), .expression(let y)):
            return !mentionsWildcard(x) && x.isSameTerm(as: y)
        case (.unification(let x1, let x2), .unification(let y1, let y2)):
            return !mentionsWildcard(x1) && !mentionsWildcard(x2) && x1.isSameTerm(as: y1) && x2.isSameTerm(as: y2)
        default:
            return false
        }
    }

    private static func mentionsWildcard(_ t: Term) -> Bool {
        switch t.kind {
        case .variable: return t.isWildcard
        case .scalar: return false
        case .ref(let h, let steps): return mentionsWildcard(h) || steps.contains(where: mentionsWildcard)
        case .call(_, let args): return args.contains(where: mentionsWildcard)
        case .array(let items), .set(let items): return items.contains(where: mentionsWildcard)
        case .object(let pairs): return pairs.contains { mentionsWildcard($0.key) || mentionsWildcard($0.value) }
        case .binary(_, let a, let b): return mentionsWildcard(a) || mentionsWildcard(b)
        case .unaryMinus(let a): return mentionsWildcard(a)
        case .membership(let k, let v, let c): return (k.map(mentionsWildcard) ?? false) || mentionsWildcard(v) || mentionsWildcard(c)
        default: return true
        }
    }
}

extension VariableAnalysis {
    /// Names a literal uses outside its comprehensions (every bodies count as outside).
    func namesOutside(_ l: Literal, _ out: inout Set<String>) {
        switch l.kind {
        case .expression(let t): namesOutsideComprehensions(t, &out)
        case .assignment(let a, let b), .unification(let a, let b):
            namesOutsideComprehensions(a, &out)
            namesOutsideComprehensions(b, &out)
        case .someDeclaration(let vs):
            for v in vs { namesOutsideComprehensions(v, &out) }
        case .someIn(let k, let v, let c):
            if let k { namesOutsideComprehensions(k, &out) }
            namesOutsideComprehensions(v, &out)
            namesOutsideComprehensions(c, &out)
        case .every(_, _, let c, _):
            namesOutsideComprehensions(c, &out)
        }
        for w in l.withModifiers where !namesFunction(w.value) { namesOutsideComprehensions(w.value, &out) }
    }
}
