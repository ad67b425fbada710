// QueryCapture: the rewrite OPA's rego package makes to a query so that each
// expression reports its value (rego.go, rewriteQueryToCaptureValue, run after refs
// are resolved). A bare expression (`data.p.allow`, `1 == 2`, `f(1)`, `x in xs`) binds
// its value to a generated variable instead of being tested. When the query is that
// one expression and nothing in it iterates, its value is the answer even when it is
// `false` (one result, no bindings); otherwise each captured value is tested at the end
// of the query, as the expression itself would have been. Expressions that are not
// captured report `true`: `not`, `:=`, `=`, `some`, `every`, and calls given an
// output argument (`count(xs, n)`).

struct QueryCapture {
    /// The query to compile: captured expressions rewritten to `__termN = expression`,
    /// then (when checked) one test per captured value.
    let literals: [Literal]
    /// Per expression of the original query, the variable holding its value (nil: `true`).
    let variables: [String?]

    /// `arity` gives a call's arity when it names a function (nil for print, variadic or
    /// unknown functions, which are never captured).
    init(_ query: [Literal], arity: ([String]) -> Int?) {
        var rewritten: [Literal] = []
        var variables: [String?] = []
        var checks: [Literal] = []
        let checked = query.count > 1 || query.contains(where: QueryCapture.iterates)
        for (i, literal) in query.enumerated() {
            guard let t = QueryCapture.capturedTerm(literal, arity: arity) else {
                rewritten.append(literal)
                variables.append(nil)
                continue
            }
            let name = "__term\(i)"
            let variable = Term(.variable(name), t.location)
            var captured = literal
            captured.kind = .unification(variable, t)
            rewritten.append(captured)
            variables.append(name)
            if checked {
                checks.append(Literal(kind: .expression(variable), isNegated: false, withModifiers: [], location: literal.location))
            }
        }
        self.literals = rewritten + checks
        self.variables = variables
    }

    /// The expression whose value a literal reports, if OPA captures it.
    static func capturedTerm(_ literal: Literal, arity: ([String]) -> Int?) -> Term? {
        guard !literal.isNegated, case .expression(let t) = literal.kind else { return nil }
        if case .call(let name, let args) = t.kind {
            if name == ["eq"] && args.count == 2 { return nil }  // `eq(a, b)` is `a = b`
            return arity(name) == args.count ? t : nil
        }
        return t
    }

    /// OPA's `iteration`: a reference with a variable among its steps, or a call of a
    /// relation (`walk`), anywhere outside comprehensions.
    static func iterates(_ literal: Literal) -> Bool {
        var terms: [Term] = literal.withModifiers.flatMap { [$0.target, $0.value] }
        switch literal.kind {
        case .expression(let t): terms.append(t)
        case .assignment(let a, let b), .unification(let a, let b): terms += [a, b]
        case .someDeclaration(let vs): terms += vs
        case .someIn(let k, let v, let c): terms += [k, v, c].compactMap { $0 }
        case .every(let k, let v, let c, let body):
            terms += [k, v, c].compactMap { $0 }
            if body.contains(where: iterates) { return true }
        }
        return terms.contains(where: iterates)
    }

    static func iterates(_ t: Term) -> Bool {
        switch t.kind {
        case .scalar, .variable, .arrayComprehension, .setComprehension, .objectComprehension: return false
        case .ref(let head, let steps):
            return steps.contains { $0.variableName != nil } || iterates(head) || steps.contains(where: iterates)
        case .call(let name, let args): return name == ["walk"] || args.contains(where: iterates)
        case .array(let items), .set(let items): return items.contains(where: iterates)
        case .object(let pairs): return pairs.contains { iterates($0.key) || iterates($0.value) }
        case .binary(_, let a, let b): return iterates(a) || iterates(b)
        case .unaryMinus(let a): return iterates(a)
        case .membership(let k, let v, let c): return [k, v, c].compactMap { $0 }.contains(where: iterates)
        }
    }
}
