// BodyTypes, `every`: OPA's checker checks the domain as any value, but not the
// expressions of an `every` body as it checks a body's: a call with wrong operands there is left to
// evaluation, and so is an undefined key of a literal or of a variable the body binds.
// What it does check there is each reference into data or into a variable bound
// outside (`q.b` below `q := {"a": 1}` is an undefined ref) and each comprehension, in
// full. Checked with OPA v1: `every v in [1] { count(1); _ = [v] }` is an evaluation
// error, `every v in [1] { x := q.b; _ = [v] }` a type error.

extension BodyTypes {
    func every(key: Term?, value v: Term, domain: Term, body: [Literal]) {
        _ = value(domain)
        nested {
            // OPA leaves the iteration variables untyped: nothing is known of them.
            var names: Set<String> = []
            for t in [key, v].compactMap({ $0 }) { names.formUnion(Declarations.patternNames(t)) }
            enterArguments(names)
            for n in names { bind(n, .any) }
            scopes[scopes.count - 1].declared.formUnion(VariableAnalysis.declaredNames(body))
            for l in body { referencesAndClosures(l) }
        }
    }

    private func referencesAndClosures(_ l: Literal) {
        for w in l.withModifiers { referencesAndClosures(w.value) }
        switch l.kind {
        case .expression(let t): referencesAndClosures(t)
        case .assignment(let a, let b), .unification(let a, let b): referencesAndClosures(a); referencesAndClosures(b)
        case .someDeclaration: break
        case .someIn(let k, let v, let c): [k, v, c].compactMap { $0 }.forEach(referencesAndClosures)
        case .every(_, _, let c, let body):
            referencesAndClosures(c)
            nested {
                scopes[scopes.count - 1].declared.formUnion(VariableAnalysis.declaredNames(body))
                for l in body { referencesAndClosures(l) }
            }
        }
    }

    /// Checks the references of `t` into data or an outside variable of known type, and
    /// its comprehensions; nothing else of it.
    private func referencesAndClosures(_ t: Term) {
        switch t.kind {
        case .scalar:
            return
        case .variable(let n):
            if !isLocal(n) { _ = value(t) }
        case .ref(let head, let steps):
            if let n = head.variableName {
                if !isLocal(n) || typeOf(n) != nil { _ = value(t); return }
            } else {
                referencesAndClosures(head)
            }
            steps.forEach(referencesAndClosures)
        case .array(let items), .set(let items):
            items.forEach(referencesAndClosures)
        case .object(let pairs):
            for p in pairs { referencesAndClosures(p.key); referencesAndClosures(p.value) }
        case .arrayComprehension, .setComprehension, .objectComprehension:
            _ = value(t)
        case .call(_, let args):
            args.forEach(referencesAndClosures)
        case .binary(_, let a, let b):
            referencesAndClosures(a); referencesAndClosures(b)
        case .unaryMinus(let a):
            referencesAndClosures(a)
        case .membership(let k, let v, let c):
            [k, v, c].compactMap { $0 }.forEach(referencesAndClosures)
        }
    }
}
