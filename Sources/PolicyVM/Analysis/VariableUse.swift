// VariableUse: which variables a term or literal needs bound beforehand and which it
// binds itself (iteration keys in references, output arguments of calls, patterns of
// `:=`, `=` and `some … in`). The body planner orders literals with it; the compiler
// follows the same decisions when it emits code, so the two cannot disagree.

/// Needed and produced variables.
struct VarUse {
    var needed: Set<String> = []
    var produced: Set<String> = []
}

/// Classifies names and reports variable use under a set of bound variables.
struct VariableAnalysis {
    /// Whether a name is a variable here (not a rule, import, `input` or `data`).
    let isVariable: (String) -> Bool
    /// The arity of a call target, to tell an extra output argument apart.
    let arity: ([String]) -> Int?
    /// Variables that occur in the enclosing body outside comprehensions: a
    /// comprehension must wait for those, and owns every other variable it uses.
    var outerNames: Set<String> = []

    func isUnboundVariable(_ t: Term, _ bound: Set<String>) -> Bool {
        guard let n = t.variableName else { return false }
        if t.isWildcard { return true }
        return isVariable(n) && !bound.contains(n)
    }

    /// Use of a term in a value position.
    func use(_ t: Term, _ bound: Set<String>, _ u: inout VarUse) {
        switch t.kind {
        case .scalar:
            return
        case .variable(let n):
            if t.isWildcard { u.needed.insert(n); return }
            if isVariable(n), !bound.contains(n) { u.needed.insert(n) }
        case .ref(let head, let steps):
            use(head, bound, &u)
            for step in steps {
                if isUnboundVariable(step, bound) {
                    if !step.isWildcard { u.produced.insert(step.variableName!) }
                } else if isComposite(step), hasUnbound(step, bound) {
                    pattern(step, bound, &u)
                } else {
                    use(step, bound.union(u.produced), &u)
                }
            }
        case .call(let name, let args):
            if let n = arity(name), args.count == n + 1 {
                for a in args.dropLast() { use(a, bound, &u) }
                pattern(args.last!, bound, &u)
            } else {
                for a in args { use(a, bound, &u) }
            }
        case .array(let items), .set(let items):
            for i in items { use(i, bound, &u) }
        case .object(let pairs):
            for p in pairs { use(p.key, bound, &u); use(p.value, bound, &u) }
        case .arrayComprehension, .setComprehension, .objectComprehension:
            for n in allVariables(t) where outerNames.contains(n) && !bound.contains(n) { u.needed.insert(n) }
        case .binary(_, let a, let b):
            use(a, bound, &u)
            use(b, bound, &u)
        case .unaryMinus(let a):
            use(a, bound, &u)
        case .membership(let k, let v, let c):
            if let k { use(k, bound, &u) }
            use(v, bound, &u)
            use(c, bound, &u)
        }
    }

    /// Use of a term as a destructuring target: unbound variables are produced.
    func pattern(_ t: Term, _ bound: Set<String>, _ u: inout VarUse) {
        if isUnboundVariable(t, bound) {
            if !t.isWildcard { u.produced.insert(t.variableName!) }
            return
        }
        switch t.kind {
        case .array(let items):
            for i in items { pattern(i, bound.union(u.produced), &u) }
        case .object(let pairs):
            for p in pairs {
                use(p.key, bound, &u)
                pattern(p.value, bound.union(u.produced), &u)
            }
        default:
            use(t, bound, &u)
        }
    }

    /// The names a body declares with `some`, `some … in` and `:=`.
    static func declaredNames(_ body: [Literal]) -> Set<String> {
        var names: Set<String> = []
        for l in body {
            switch l.kind {
            case .assignment(let lhs, _): names.formUnion(Declarations.patternNames(lhs))
            case .someDeclaration(let vs): names.formUnion(vs.compactMap(\.variableName))
            case .someIn(let k, let v, _):
                for t in [k, v].compactMap({ $0 }) { names.formUnion(Declarations.patternNames(t)) }
            default: break
            }
        }
        return names
    }

    func hasUnbound(_ t: Term, _ bound: Set<String>) -> Bool {
        allVariables(t).contains { isVariable($0) && !bound.contains($0) } || containsWildcard(t)
    }

    private func containsWildcard(_ t: Term) -> Bool {
        switch t.kind {
        case .variable: return t.isWildcard
        case .array(let items), .set(let items): return items.contains(where: containsWildcard)
        case .object(let pairs): return pairs.contains { containsWildcard($0.key) || containsWildcard($0.value) }
        default: return false
        }
    }

    /// Whether `t` can be evaluated under `bound`; returns what evaluating it binds.
    func evaluable(_ t: Term, _ bound: Set<String>) -> Set<String>? {
        var u = VarUse()
        use(t, bound, &u)
        return u.needed.isSubset(of: bound.union(u.produced)) ? u.produced : nil
    }

    /// What `a = b` binds under `bound`, or nil when it cannot be scheduled yet.
    func unification(_ a: Term, _ b: Term, _ bound: Set<String>) -> Set<String>? {
        // Two composite literals unify only element by element: a different kind, length
        // or key set can never match, so nothing they hold gets bound (as in OPA).
        if isComposite(a), isComposite(b) {
            switch (a.kind, b.kind) {
            case (.array(let xs), .array(let ys)) where xs.count == ys.count:
                return pairwise(Array(zip(xs, ys)), bound)
            case (.object(let xs), .object(let ys)) where Self.matchingPairs(xs, ys) != nil:
                return pairwise(Self.matchingPairs(xs, ys)!, bound)
            default:
                // Shapes that can never match: the literal runs (and fails) once both
                // sides can be evaluated (the type checker rejects it before that).
                if let pa = evaluable(a, bound), let pb = evaluable(b, bound) { return pa.union(pb) }
                return nil
            }
        }
        if isUnboundVariable(a, bound) {
            guard !isUnboundVariable(b, bound), let p = evaluable(b, bound) else { return nil }
            return a.isWildcard ? p : p.union([a.variableName!])
        }
        if isUnboundVariable(b, bound) { return unification(b, a, bound) }
        if case .array(let xs) = a.kind, case .array(let ys) = b.kind, xs.count == ys.count {
            return pairwise(Array(zip(xs, ys)), bound)
        }
        if let pa = evaluable(a, bound), let pb = patternBinds(b, bound.union(pa)) { return pa.union(pb) }
        if let pb = evaluable(b, bound), let pa = patternBinds(a, bound.union(pb)) { return pa.union(pb) }
        return nil
    }

    func isComposite(_ t: Term) -> Bool {
        switch t.kind {
        case .array, .object, .set: return true
        default: return false
        }
    }

    /// The value pairs of two object literals with the same constant keys.
    static func matchingPairs(_ xs: [(key: Term, value: Term)], _ ys: [(key: Term, value: Term)]) -> [(Term, Term)]? {
        guard xs.count == ys.count else { return nil }
        var pairs: [(Term, Term)] = []
        for x in xs {
            guard let k = ConstantFolding.value(of: x.key),
                  let y = ys.first(where: { ConstantFolding.value(of: $0.key) == k }) else { return nil }
            pairs.append((x.value, y.value))
        }
        return pairs
    }

    /// Pairs of a unification of two array literals, in any order that is safe.
    func pairwise(_ pairs: [(Term, Term)], _ bound: Set<String>) -> Set<String>? {
        var remaining = pairs
        var b = bound
        var produced: Set<String> = []
        while !remaining.isEmpty {
            guard let i = remaining.firstIndex(where: { unification($0.0, $0.1, b) != nil }) else { return nil }
            let p = unification(remaining[i].0, remaining[i].1, b)!
            produced.formUnion(p)
            b.formUnion(p)
            remaining.remove(at: i)
        }
        return produced
    }

    /// What destructuring a known value with pattern `t` binds, or nil when impossible.
    func patternBinds(_ t: Term, _ bound: Set<String>) -> Set<String>? {
        if isUnboundVariable(t, bound) { return t.isWildcard ? [] : [t.variableName!] }
        switch t.kind {
        case .array(let items):
            var b = bound
            var produced: Set<String> = []
            for i in items {
                guard let p = patternBinds(i, b) else { return nil }
                produced.formUnion(p)
                b.formUnion(p)
            }
            return produced
        case .object(let pairs):
            var b = bound
            var produced: Set<String> = []
            for p in pairs {
                guard evaluable(p.key, b) != nil, let q = patternBinds(p.value, b) else { return nil }
                produced.formUnion(q)
                b.formUnion(q)
            }
            return produced
        default:
            return evaluable(t, bound)
        }
    }

    /// Every variable name in a term, comprehension bodies included (except the names a
    /// comprehension declares with `some` or `:=`: those are its own, even when the
    /// enclosing body uses the same name).
    func allVariables(_ t: Term) -> Set<String> {
        var out: Set<String> = []
        collectNames(t, &out)
        return out
    }

    func collectNames(_ t: Term, _ out: inout Set<String>) {
        switch t.kind {
        case .scalar: return
        case .variable(let n): if !t.isWildcard && isVariable(n) { out.insert(n) }
        case .ref(let h, let steps):
            collectNames(h, &out)
            for s in steps { collectNames(s, &out) }
        case .call(_, let args):
            for a in args { collectNames(a, &out) }
        case .array(let items), .set(let items):
            for i in items { collectNames(i, &out) }
        case .object(let pairs):
            for p in pairs { collectNames(p.key, &out); collectNames(p.value, &out) }
        case .arrayComprehension(let h, let body), .setComprehension(let h, let body):
            var inner: Set<String> = []
            collectNames(h, &inner)
            for l in body { collectNames(l, &inner) }
            out.formUnion(inner.subtracting(Self.declaredNames(body)))
        case .objectComprehension(let k, let v, let body):
            var inner: Set<String> = []
            collectNames(k, &inner)
            collectNames(v, &inner)
            for l in body { collectNames(l, &inner) }
            out.formUnion(inner.subtracting(Self.declaredNames(body)))
        case .binary(_, let a, let b):
            collectNames(a, &out)
            collectNames(b, &out)
        case .unaryMinus(let a):
            collectNames(a, &out)
        case .membership(let k, let v, let c):
            if let k { collectNames(k, &out) }
            collectNames(v, &out)
            collectNames(c, &out)
        }
    }

    func collectNames(_ l: Literal, _ out: inout Set<String>) {
        switch l.kind {
        case .expression(let t): collectNames(t, &out)
        case .assignment(let a, let b), .unification(let a, let b):
            collectNames(a, &out)
            collectNames(b, &out)
        case .someDeclaration(let vs):
            for v in vs { collectNames(v, &out) }
        case .someIn(let k, let v, let c):
            if let k { collectNames(k, &out) }
            collectNames(v, &out)
            collectNames(c, &out)
        case .every(let k, let v, let c, let body):
            if let k { collectNames(k, &out) }
            collectNames(v, &out)
            collectNames(c, &out)
            for b in body { collectNames(b, &out) }
        }
        for w in l.withModifiers where !namesFunction(w.value) { collectNames(w.value, &out) }
    }

    /// A `with` value that names a function or builtin (`with count as concat`) uses no
    /// variable: the function replaces the target, it is not evaluated.
    func namesFunction(_ t: Term) -> Bool {
        t.dottedName.map { arity($0) != nil } ?? false
    }

    /// Names used outside comprehensions (the ones a comprehension shares with its body).
    func namesOutsideComprehensions(_ t: Term, _ out: inout Set<String>) {
        switch t.kind {
        case .arrayComprehension, .setComprehension, .objectComprehension: return
        case .scalar: return
        case .variable(let n): if !t.isWildcard && isVariable(n) { out.insert(n) }
        case .ref(let h, let steps):
            namesOutsideComprehensions(h, &out)
            for s in steps { namesOutsideComprehensions(s, &out) }
        case .call(_, let args):
            for a in args { namesOutsideComprehensions(a, &out) }
        case .array(let items), .set(let items):
            for i in items { namesOutsideComprehensions(i, &out) }
        case .object(let pairs):
            for p in pairs { namesOutsideComprehensions(p.key, &out); namesOutsideComprehensions(p.value, &out) }
        case .binary(_, let a, let b):
            namesOutsideComprehensions(a, &out)
            namesOutsideComprehensions(b, &out)
        case .unaryMinus(let a):
            namesOutsideComprehensions(a, &out)
        case .membership(let k, let v, let c):
            if let k { namesOutsideComprehensions(k, &out) }
            namesOutsideComprehensions(v, &out)
            namesOutsideComprehensions(c, &out)
        }
    }
}
