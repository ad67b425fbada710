// BodyCompiler, literals: expressions, `:=`, `=`, `some … in`, `every` and `not`
// (`with` is in BodyCompiler+With.swift). A literal either falls through (true, with
// its bindings) or jumps to `fail`.

extension BodyCompiler {
    func literal(_ written: Literal, outerNames: Set<String>) throws(PolicyError) {
        builder.location = written.location
        if !written.withModifiers.isEmpty { return try withLiteral(written, outerNames: outerNames) }
        // Under `future.keywords.not` nothing of a negated expression runs before it.
        if written.isNegated && negatesWholeExpressions { return try negated(written, outerNames: outerNames) }
        let lit = try hoistingNestedCalls(written)
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
            if case .set(let items) = c.kind, ConstantFolding.value(of: c) == nil {
                return try someInSetLiteral(key: k, value: v, items: items, at: c.location)
            }
            let rc = try term(c)
            let (rk, rv) = iterate(rc, wantKey: k != nil)
            if let k { try destructure(k, rk) }
            try destructure(v, rv)
        case .every(let k, let v, let c, let body):
            try every(key: k, value: v, collection: c, body: body)
        }
    }

    /// `some x in {a, b, …}` over a set literal that is not constant: as OPA does, its
    /// calls and comprehensions evaluated first (OPA moves them out, in their written
    /// order), then the other terms, iterated in their rewritten order (calls as
    /// locals), equal values kept (SourceTermOrder).
    private func someInSetLiteral(key: Term?, value: Term, items: [Term], at location: SourceLocation) throws(PolicyError) {
        let declaration = declarationOrder
        let indices = Array(items.indices)
        var registers = [Register](repeating: -1, count: items.count)
        let written = SourceTermOrder(declaration: declaration, callsAsLocals: false)
        let rewritten = SourceTermOrder(declaration: declaration, callsAsLocals: true)
        let moved = written.sorted(indices.filter { SourceTermOrder.isMovedOut(items[$0]) }, by: { items[$0] })
        for i in moved { registers[i] = try term(items[i]) }
        for i in rewritten.sorted(indices, by: { items[$0] }) where registers[i] < 0 { registers[i] = try term(items[i]) }
        let block = state.newRegisters(items.count)
        for (slot, i) in rewritten.sorted(indices, by: { items[$0] }).enumerated() {
            emit(.move(dst: block + Int32(slot), src: registers[i]))
        }
        let rc = newRegister()
        emit(.makeCollection(dst: rc, kind: .array, start: block, count: Int32(items.count)))
        let (_, rv) = iterate(rc, wantKey: false)
        if let key { try destructure(key, rv) }
        try destructure(value, rv)
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
        // Parts OPA evaluates before the expression run here, outside the negation
        // (unless the module's `not` is future.keywords.not: then they run inside).
        var positive = negatesWholeExpressions ? lit : try hoistingNegatedOperands(lit)
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
}
