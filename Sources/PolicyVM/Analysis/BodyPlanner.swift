// BodyPlanner: orders a body's literals so every variable is bound before it is read,
// as OPA does: keep the written order, and move a literal later only when it cannot
// run yet. What is left over names its unsafe variable (rego_unsafe_var_error).

struct BodyPlanner {
    var analysis: VariableAnalysis

    /// What scheduling `l` under `bound` binds, or nil when it cannot run yet.
    func binds(_ l: Literal, _ bound: Set<String>) -> Set<String>? {
        for w in l.withModifiers where analysis.evaluable(w.value, bound) == nil { return nil }
        if l.isNegated {
            var u = VarUse()
            switch l.kind {
            case .expression(let t): analysis.use(t, [], &u)
            case .unification(let a, let b), .assignment(let a, let b):
                analysis.use(a, [], &u)
                analysis.use(b, [], &u)
            default: return nil
            }
            let required = u.needed.union(u.produced).filter { !$0.hasPrefix("$") && $0 != "_" }
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

    /// The literals in a safe order, or the first unsafe variable.
    func order(_ literals: [Literal], bound: Set<String>) throws(PolicyError) -> [Literal] {
        var remaining = Array(literals.indices)
        var ordered: [Literal] = []
        var b = bound
        while !remaining.isEmpty {
            var progressed = false
            var i = 0
            while i < remaining.count {
                if let p = binds(literals[remaining[i]], b) {
                    ordered.append(literals[remaining[i]])
                    b.formUnion(p)
                    remaining.remove(at: i)
                    progressed = true
                } else {
                    i += 1
                }
            }
            if !progressed { break }
        }
        guard let first = remaining.first else { return ordered }
        let lit = literals[first]
        var names: Set<String> = []
        analysis.collectNames(lit, &names)
        let unsafeNames = names.subtracting(b).filter { analysis.outerNames.contains($0) || !$0.isEmpty }
        let name = unsafeNames.sorted().first ?? "_"
        throw PolicyError(.unsafeVar, "var \(name) is unsafe", at: lit.location)
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
        for w in l.withModifiers { namesOutsideComprehensions(w.value, &out) }
    }
}
