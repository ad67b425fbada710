// BodyCompiler, nested calls: OPA moves every call and comprehension nested inside an
// expression out to an expression of its own before it (RewriteComprehensionTerms,
// RewriteExprTerms), inner before outer, left to right; references stay where they
// are. So in `x := [input.missing, 1 / 0]` the division runs (and raises) before the
// array's undefined reference is read: OPA answers an error, not undefined. This file
// compiles those nested parts first, bound to hidden variables. A literal under `with`
// keeps its parts (OPA moves them with the replacements, and they run after them).

extension BodyCompiler {
    /// The literal with the calls and comprehensions nested in it compiled now.
    func hoistingNestedCalls(_ lit: Literal) throws(PolicyError) -> Literal {
        guard lit.withModifiers.isEmpty else { return lit }
        var out = lit
        switch lit.kind {
        case .expression(let t):
            out.kind = .expression(try hoistOperands(t))
        case .assignment(let a, let b):
            out.kind = .assignment(try hoistNested(a), try hoistNested(b))
        case .unification(let a, let b):
            out.kind = .unification(try hoistNested(a), try hoistNested(b))
        case .someIn(let k, let v, let c):
            out.kind = .someIn(key: k, value: v, collection: try hoistNested(c))
        case .every(let k, let v, let c, let body):
            out.kind = .every(key: k, value: v, collection: try hoistNested(c), body: body)
        case .someDeclaration:
            break
        }
        return out
    }

    /// A rule head's key or value: OPA moves it into the body, where its calls and
    /// comprehensions are moved out before it as in any expression (`r := {1 % 0.5,
    /// max([])}` runs max first, in the set's order, and is undefined: no error).
    func headTerm(_ t: Term) throws(PolicyError) -> Register {
        try term(try hoistNested(t))
    }

    /// An expression: a call (or operator) stays, its operands' nested calls move.
    private func hoistOperands(_ t: Term) throws(PolicyError) -> Term {
        switch t.kind {
        case .call(let name, _) where name == ["print"]:
            return t
        case .call(let name, let args):
            var out: [Term] = []
            for a in args { out.append(try hoistNested(a)) }
            return Term(.call(name, out), t.location)
        case .binary(let op, let a, let b):
            let ha = try hoistNested(a)
            return Term(.binary(op, ha, try hoistNested(b)), t.location)
        case .unaryMinus(let a):
            return Term(.unaryMinus(try hoistNested(a)), t.location)
        case .membership(let k, let v, let c):
            let hk = try k.map { (x: Term) throws(PolicyError) in try hoistNested(x) }
            let hv = try hoistNested(v)
            return Term(.membership(key: hk, value: hv, collection: try hoistNested(c)), t.location)
        default:
            return try hoistNested(t)
        }
    }

    /// A term whose calls and comprehensions, at any depth outside comprehensions, move.
    private func hoistNested(_ t: Term) throws(PolicyError) -> Term {
        switch t.kind {
        case .scalar, .variable:
            return t
        case .ref(let head, let steps):
            let h = try hoistNested(head)
            var out: [Term] = []
            for s in steps { out.append(try hoistNested(s)) }
            return Term(.ref(h, out), t.location)
        case .array(let items):
            var out: [Term] = []
            for i in items { out.append(try hoistNested(i)) }
            return Term(.array(out), t.location)
        case .set(let items):
            // OPA walks a set in its own order (SourceTermOrder, as written).
            let order = SourceTermOrder(declaration: declarationOrder, callsAsLocals: false)
            var out = items
            for i in order.sorted(Array(items.indices), by: { items[$0] }) { out[i] = try hoistNested(items[i]) }
            return Term(.set(out), t.location)
        case .object(let pairs):
            // OPA walks an object by its keys' order (SourceTermOrder, as written): each
            // key's parts, then its value's.
            let order = SourceTermOrder(declaration: declarationOrder, callsAsLocals: false)
            var out = pairs
            for i in order.sorted(Array(pairs.indices), by: { pairs[$0].key }) {
                out[i] = (key: try hoistNested(pairs[i].key), value: try hoistNested(pairs[i].value))
            }
            return Term(.object(out), t.location)
        case .arrayComprehension, .setComprehension, .objectComprehension:
            return try evaluateFirst(t)
        case .call(let name, _) where name == ["print"]:
            return t
        case .call, .binary, .unaryMinus, .membership:
            return try evaluateFirst(try hoistOperands(t))
        }
    }

    /// Compiles `t` now and stands a hidden variable in its place (a constant stays).
    private func evaluateFirst(_ t: Term) throws(PolicyError) -> Term {
        if ConstantFolding.value(of: t) != nil || analysis.hasUnbound(t, bound) { return t }
        let r = try term(t)
        let name = "__call\(r)__"
        bind(name, r)
        return Term(.variable(name), t.location)
    }
}
