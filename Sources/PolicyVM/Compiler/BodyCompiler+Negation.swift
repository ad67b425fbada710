// BodyCompiler, negation operands: OPA evaluates some parts of an expression *before*
// the expression itself (its compiler stages RewriteExprTerms and RewriteDynamicTerms),
// and for `not expr` those parts run outside the negation. So with `input.x` missing,
// `not input.x > 1` is undefined (the operand fails before `not`), while
// `not input.x == 1` is true (`==` is unification there, and its direct operands stay
// inside). This file reproduces exactly which parts move out:
//   - every call nested inside an operand (`count(input.x)` in `not count(input.x) == 0`);
//   - for calls other than `=`/`==`, every reference operand, also inside arrays,
//     objects and sets (`input.x` in `not input.x > 1`, `not "a" in input.xs`);
//   - for `=`/`==`, references inside composite operands (`[input.x] == [1]`).
// The moved parts are compiled in the enclosing body, bound to hidden variables.
// A module importing `future.keywords.not` (or all of `future.keywords`) asks for the
// other `not`: its whole expression, nested calls included, runs inside the negation
// (`not input.x > 1` is true there with `input.x` missing).

extension BodyCompiler {
    /// Whether `not` covers its whole expression in the module being compiled.
    var negatesWholeExpressions: Bool { context?.negatesWholeExpressions ?? false }

    /// The literal with its early-evaluated parts compiled now (outside the negation)
    /// and replaced by hidden variables.
    func hoistingNegatedOperands(_ lit: Literal) throws(PolicyError) -> Literal {
        var out = lit
        switch lit.kind {
        case .expression(let t):
            out.kind = .expression(try hoistExpression(t))
        case .unification(let a, let b):
            out.kind = .unification(try hoistEqualityOperand(a), try hoistEqualityOperand(b))
        default:
            break
        }
        return out
    }

    private func hoistExpression(_ t: Term) throws(PolicyError) -> Term {
        switch t.kind {
        case .binary(.equal, let a, let b):
            return Term(.binary(.equal, try hoistEqualityOperand(a), try hoistEqualityOperand(b)), t.location)
        case .binary(let op, let a, let b):
            return Term(.binary(op, try hoistCallOperand(a), try hoistCallOperand(b)), t.location)
        case .unaryMinus(let a):
            return Term(.unaryMinus(try hoistCallOperand(a)), t.location)
        case .call(let name, let args) where (name == ["eq"] || name == ["equal"]) && args.count == 2:
            return Term(.call(name, [try hoistEqualityOperand(args[0]), try hoistEqualityOperand(args[1])]), t.location)
        case .call(let name, let args):
            var hoisted: [Term] = []
            for a in args { hoisted.append(try hoistCallOperand(a)) }
            return Term(.call(name, hoisted), t.location)
        case .membership(let k, let v, let c):
            let hk = try k.map { (x: Term) throws(PolicyError) in try hoistCallOperand(x) }
            return Term(.membership(key: hk, value: try hoistCallOperand(v), collection: try hoistCallOperand(c)), t.location)
        default:
            return t
        }
    }

    /// An operand of a call: references and nested calls are evaluated first.
    private func hoistCallOperand(_ t: Term) throws(PolicyError) -> Term {
        switch t.kind {
        case .ref, .call, .binary, .unaryMinus, .membership:
            return try evaluateEarly(t)
        case .variable(let n):
            // A rule or import named by a bare variable is a reference too.
            if case .local = resolve(n) { return t }
            if case .unbound = resolve(n) { return t }
            return try evaluateEarly(t)
        default:
            return try hoistInsideComposite(t)
        }
    }

    /// An operand of `=`/`==`: only what is nested inside composites (and calls) moves.
    private func hoistEqualityOperand(_ t: Term) throws(PolicyError) -> Term {
        switch t.kind {
        case .call, .binary, .unaryMinus, .membership:
            return try evaluateEarly(t)
        default:
            return try hoistInsideComposite(t)
        }
    }

    private func hoistInsideComposite(_ t: Term) throws(PolicyError) -> Term {
        switch t.kind {
        case .array(let items):
            var out: [Term] = []
            for i in items { out.append(try hoistCallOperand(i)) }
            return Term(.array(out), t.location)
        case .set(let items):
            var out: [Term] = []
            for i in items { out.append(try hoistCallOperand(i)) }
            return Term(.set(out), t.location)
        case .object(let pairs):
            var out: [(key: Term, value: Term)] = []
            for p in pairs { out.append((key: try hoistCallOperand(p.key), value: try hoistCallOperand(p.value))) }
            return Term(.object(out), t.location)
        default:
            return t
        }
    }

    /// Compiles `t` in the enclosing body (undefined there fails the enclosing body)
    /// and stands a hidden variable in its place.
    private func evaluateEarly(_ t: Term) throws(PolicyError) -> Term {
        if analysis.hasUnbound(t, bound) { return t }
        let r = try term(t)
        let name = "__neg\(r)__"
        bind(name, r)
        return Term(.variable(name), t.location)
    }
}
