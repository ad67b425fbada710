// BodyCompiler, literals: expressions, `:=`, `=`, `some … in`, `every`, `not` and
// `with`. A literal either falls through (true, with its bindings) or jumps to `fail`.

extension BodyCompiler {
    func literal(_ lit: Literal, outerNames: Set<String>) throws(PolicyError) {
        builder.location = lit.location
        if !lit.withModifiers.isEmpty { return try withLiteral(lit, outerNames: outerNames) }
        if lit.isNegated { return try negated(lit, outerNames: outerNames) }
        switch lit.kind {
        case .expression(let t):
            try expression(t)
        case .assignment(let lhs, let rhs):
            let r = try term(rhs)
            try destructure(lhs, r)
        case .unification(let a, let b):
            try unify(a, b)
        case .someDeclaration:
            break
        case .someIn(let k, let v, let c):
            let rc = try term(c)
            let (rk, rv) = iterate(rc, wantKey: k != nil)
            if let k { try destructure(k, rk) }
            try destructure(v, rv)
        case .every(let k, let v, let c, let body):
            try every(key: k, value: v, collection: c, body: body)
        }
    }

    /// An expression literal: true unless undefined or `false`.
    func expression(_ t: Term) throws(PolicyError) {
        switch t.kind {
        case .binary(let op, let a, let b) where op.isComparison:
            let ra = try term(a)
            let rb = try term(b)
            emit(.test(op: Self.comparison(op), a: ra, b: rb, fail: fail))
        case .membership(let k, let v, let c):
            let rk = try k.map { (x: Term) throws(PolicyError) in try term(x) } ?? -1
            let rv = try term(v)
            let rc = try term(c)
            emit(.testMember(key: rk, value: rv, collection: rc, fail: fail))
        case .call(let name, let args) where name == ["eq"] && args.count == 2:
            try unify(args[0], args[1])
        default:
            let r = try term(t)
            emit(.testTruthy(src: r, fail: fail))
        }
    }

    static func comparison(_ op: BinaryOperator) -> ComparisonOperator {
        switch op {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        default: return .greaterEqual
        }
    }

    /// `not L`: L is tried; a solution makes the negation fail, none makes it pass.
    func negated(_ lit: Literal, outerNames: Set<String>) throws(PolicyError) {
        // Parts OPA evaluates before the expression run here, outside the negation.
        var positive = try hoistingNegatedOperands(lit)
        positive.isNegated = false
        let savedFail = fail, savedLocals = locals
        let passes = newLabel()
        fail = passes
        try literal(positive, outerNames: outerNames)
        emit(.jump(target: savedFail))
        place(passes)
        fail = savedFail
        locals = savedLocals
    }

    /// `every k, v in xs { body }`: the body must succeed for each entry.
    func every(key: Term?, value: Term, collection: Term, body literals: [Literal]) throws(PolicyError) {
        let rc = try term(collection)
        let outerFail = fail
        let it = state.newIterator()
        emit(.iterInit(iterator: it, src: rc, fail: fail))
        let loop = newLabel(), done = newLabel()
        place(loop)
        let rk = key == nil ? -1 : newRegister()
        let rv = newRegister()
        emit(.iterNext(iterator: it, key: rk, value: rv, done: done))
        let savedLocals = locals, savedDeclared = declared
        if let key, let n = key.variableName { declared.insert(n); locals[n] = nil; bind(n, rk) }
        if let n = value.variableName { declared.insert(n); locals[n] = nil; bind(n, rv) }
        fail = outerFail
        try body(literals, backtrack: false) { () throws(PolicyError) in emit(.jump(target: loop)) }
        locals = savedLocals
        declared = savedDeclared
        fail = outerFail
        place(done)
    }

    /// A literal with `with` modifiers: its solutions are collected while the
    /// replacements are in force, then replayed, so later literals (and backtracking
    /// into this one) see ordinary bindings and the original documents.
    func withLiteral(_ lit: Literal, outerNames: Set<String>) throws(PolicyError) {
        var plain = lit
        plain.withModifiers = []
        var planner = BodyPlanner(analysis: analysis)
        planner.analysis.outerNames = outerNames
        let produced = (planner.binds(plain, bound) ?? []).sorted()
        var pushes: [(WithTarget, Value, Register)] = []
        for w in lit.withModifiers {
            let (target, path) = try withTarget(w.target)
            pushes.append((target, path, try term(w.value)))
        }
        let solutions = newRegister()
        emit(.newCollection(dst: solutions, kind: .set))
        for (target, path, value) in pushes {
            emit(.withPush(target: target, path: builder.constant(path), value: value))
        }
        let savedFail = fail, savedLocals = locals, savedScope = withScope
        let end = newLabel()
        fail = end
        withScope = state.newWithScope()
        try literal(plain, outerNames: outerNames)
        withScope = savedScope
        let tuple = newRegister()
        let block = state.newRegisters(produced.count)
        for (i, name) in produced.enumerated() {
            guard let r = locals[name] else { throw unsafe(name, at: lit.location) }
            emit(.move(dst: block + Int32(i), src: r))
        }
        emit(.makeCollection(dst: tuple, kind: .array, start: block, count: Int32(produced.count)))
        emit(.collect(acc: solutions, key: -1, src: tuple, line: Int32(lit.location.line)))
        emit(.jump(target: fail))
        place(end)
        for _ in pushes { emit(.withPop) }
        fail = savedFail
        locals = savedLocals
        let (_, row) = iterate(solutions, wantKey: false)
        for (i, name) in produced.enumerated() {
            let r = newRegister()
            emit(.lookupConstant(dst: r, src: row, key: builder.constant(.int(i)), fail: fail))
            bind(name, r)
        }
    }

    /// The document a `with` replaces: `input…` or `data…` with constant keys.
    func withTarget(_ t: Term) throws(PolicyError) -> (WithTarget, Value) {
        var head = t
        var steps: [Term] = []
        if case .ref(let h, let s) = t.kind { head = h; steps = s }
        guard let root = head.variableName, root == "input" || root == "data" else {
            throw PolicyError(.unsupported, "with: only input and data can be replaced in this subset", at: t.location)
        }
        var path: [Value] = []
        for s in steps {
            guard case .scalar(.string(let k)) = s.kind else {
                throw PolicyError(.unsupported, "with: the replaced path must use constant keys", at: s.location)
            }
            path.append(.string(k))
        }
        return (root == "input" ? .input : .data, .array(path))
    }
}
