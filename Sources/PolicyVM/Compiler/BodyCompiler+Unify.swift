// BodyCompiler, unification: `a = b`, `:=` and argument patterns. It follows the same
// decisions as VariableAnalysis.unification (which the planner already checked), so
// it only ever binds variables from values that are already known.

extension BodyCompiler {
    func unify(_ a: Term, _ b: Term) throws(PolicyError) {
        let an = analysis
        if an.isUnboundVariable(a, bound) {
            let r = try term(b)
            if let n = a.variableName { bind(n, r) }
            return
        }
        if an.isUnboundVariable(b, bound) { return try unify(b, a) }
        var literalPairs: [(Term, Term)]?
        if case .array(let xs) = a.kind, case .array(let ys) = b.kind, xs.count == ys.count { literalPairs = Array(zip(xs, ys)) }
        if case .object(let xs) = a.kind, case .object(let ys) = b.kind { literalPairs = VariableAnalysis.matchingPairs(xs, ys) }
        if var remaining = literalPairs {
            while !remaining.isEmpty {
                guard let i = remaining.firstIndex(where: { analysis.unification($0.0, $0.1, bound) != nil }) else {
                    let names = an.allVariables(a).union(an.allVariables(b)).subtracting(bound).sorted()
                    throw unsafe(names.first ?? "_", at: a.location)
                }
                let (x, y) = remaining.remove(at: i)
                try unify(x, y)
            }
            return
        }
        if let pa = an.evaluable(a, bound), an.patternBinds(b, bound.union(pa)) != nil {
            try destructure(b, try term(a))
            return
        }
        if let pb = an.evaluable(b, bound), an.patternBinds(a, bound.union(pb)) != nil {
            try destructure(a, try term(b))
            return
        }
        let names = an.allVariables(a).union(an.allVariables(b)).subtracting(bound).sorted()
        throw unsafe(names.first ?? "_", at: a.location)
    }

    /// Matches the known value R[r] against a pattern, binding its unbound variables.
    func destructure(_ pattern: Term, _ r: Register) throws(PolicyError) {
        let an = analysis
        if an.isUnboundVariable(pattern, bound) {
            if let n = pattern.variableName { bind(n, r) }
            return
        }
        switch pattern.kind {
        case .array(let items) where an.hasUnbound(pattern, bound):
            emit(.testArrayLength(src: r, count: Int32(items.count), fail: fail))
            for (i, item) in items.enumerated() {
                let e = newRegister()
                emit(.lookupConstant(dst: e, src: r, key: builder.constant(.int(i)), fail: fail))
                try destructure(item, e)
            }
        case .object(let pairs) where an.hasUnbound(pattern, bound):
            emit(.testObjectSize(src: r, count: Int32(pairs.count), fail: fail))
            for p in pairs {
                let k = try term(p.key)
                let e = newRegister()
                emit(.lookup(dst: e, src: r, key: k, fail: fail))
                try destructure(p.value, e)
            }
        default:
            let v = try term(pattern)
            emit(.test(op: .equal, a: v, b: r, fail: fail))
        }
    }
}
