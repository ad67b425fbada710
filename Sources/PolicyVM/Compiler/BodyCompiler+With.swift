// BodyCompiler, `with`: a literal evaluated with documents or functions replaced. What
// may be replaced, and the errors for what may not, follow OPA's compiler
// (validateWith): `input…`; `data…` unless it reaches into a rule (a whole rule may be
// replaced, a function is mocked); a builtin, except `eq`, `internal.*`, relations
// (`walk`) and void functions (`print`). A replaced function takes a function or
// builtin of the same arity (`with count as mock`) or a value (`with f as 3`).

/// One `with` modifier, resolved.
enum WithReplacement {
    /// `input…` or `data…` (a path of string keys) replaced by a value.
    case document(WithTarget, path: Value, value: Term)
    /// A builtin or function replaced by another one (`by`), or by a value.
    case function(FunctionRef, by: FunctionRef?, value: Term)
}

extension BodyCompiler {
    /// A literal with `with` modifiers: its solutions are collected while the
    /// replacements are in force, then replayed, so later literals (and backtracking
    /// into this one) see ordinary bindings and the original documents.
    func withLiteral(_ lit: Literal, outerNames: Set<String>) throws(PolicyError) {
        var plain = lit
        plain.withModifiers = []
        var planner = BodyPlanner(analysis: analysis)
        planner.analysis.outerNames = outerNames
        let produced = (planner.binds(plain, bound) ?? []).sorted()
        // Replacement values are evaluated first, outside the replacements (OPA).
        var pushes: [Instruction] = []
        for w in lit.withModifiers {
            switch try replacement(w) {
            case .document(let target, let path, let value):
                pushes.append(.withPush(target: target, path: builder.constant(path), value: try term(value)))
            case .function(let target, let by?, _):
                pushes.append(.withFunction(target: target, replacement: by, value: -1))
            case .function(let target, nil, let value):
                pushes.append(.withFunction(target: target, replacement: nil, value: try term(value)))
            }
        }
        let solutions = newRegister()
        emit(.newCollection(dst: solutions, kind: .set))
        for push in pushes { emit(push) }
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

    /// What a `with` modifier replaces, and by what.
    func replacement(_ w: WithModifier) throws(PolicyError) -> WithReplacement {
        let noTarget = PolicyError(.type, "with keyword target must reference existing input, data, or a function", at: w.target.location)
        var head = w.target
        var steps: [Term] = []
        if case .ref(let h, let s) = w.target.kind { head = h; steps = s }
        guard let root = head.variableName else { throw noTarget }
        var path: [String] = []
        for s in steps {
            guard case .scalar(.string(let k)) = s.kind else {
                throw PolicyError(.unsupported, "with: the replaced path must use constant keys", at: s.location)
            }
            path.append(k)
        }
        switch resolve(root) {
        case .input: return .document(.input, path: .array(path.map(Value.string)), value: w.value)
        case .inputPath(let p): return .document(.input, path: .array((p + path).map(Value.string)), value: w.value)
        case .data: return try dataReplacement(path, w)
        case .dataPath(let p): return try dataReplacement(p + path, w)
        case .local: throw noTarget
        case .unbound:
            let name = ([root] + path).joined(separator: ".")
            try Self.checkReplaceable(builtin: name, at: w.target.location)
            guard let b = BuiltinRegistry.lookup(name) else { throw noTarget }
            if Self.operatorBuiltins.contains(name) {
                throw PolicyError(.unsupported, "with: replacing the operator builtin \(name) is not supported", at: w.target.location)
            }
            return try functionReplacement(.builtin(builder.builtin(b)), name: name,
                                           arity: b.signature.variadic != nil ? nil : b.arity, w)
        }
    }

    /// `with data.a.b as …`: a function is mocked, a whole rule or base data replaced; a
    /// path into a rule's value cannot be. The rules replaced count as used (OPA's
    /// recursion check sees a rule replacing itself).
    private func dataReplacement(_ path: [String], _ w: WithModifier) throws(PolicyError) -> WithReplacement {
        let index = state.index
        var node = 0
        for (depth, step) in path.enumerated() {
            guard let child = index.nodes[node].children[step] else {
                return .document(.data, path: .array(path.map(Value.string)), value: w.value)
            }
            node = Int(child)
            guard let rs = index.nodes[node].ruleSet else { continue }
            if depth < path.count - 1 {
                throw PolicyError(.compile, "with keyword cannot partially replace virtual document(s)", at: w.target.location)
            }
            let set = index.ruleSets[Int(rs)]
            if set.kind == .function {
                return try functionReplacement(.function(rs), name: set.dottedName, arity: set.arity, w)
            }
        }
        for rs in index.ruleSets(under: node) { dependOn(rs) }
        return .document(.data, path: .array(path.map(Value.string)), value: w.value)
    }

    /// A function replaced by a function or builtin of the same arity, or by a value.
    private func functionReplacement(_ target: FunctionRef, name: String, arity: Int?,
                                     _ w: WithModifier) throws(PolicyError) -> WithReplacement {
        guard let (by, byArity) = functionNamed(w.value) else { return .function(target, by: nil, value: w.value) }
        if let arity, let byArity, arity != byArity {
            throw PolicyError(.type, "\(name): arity mismatch", at: w.location)
        }
        return .function(target, by: by, value: w.value)
    }

    /// The function or builtin a term names (`mock`, `data.lib.f`, `concat`), if any.
    private func functionNamed(_ t: Term) -> (FunctionRef, Int?)? {
        guard let name = t.dottedName else { return nil }
        switch callTarget(name) {
        case .function(let i):
            dependOn(i)
            return (.function(Int32(i)), state.index.ruleSets[i].arity)
        case .builtin(let b):
            return (.builtin(builder.builtin(b)), b.signature.variadic != nil ? nil : b.arity)
        default:
            return nil
        }
    }

    /// OPA's refusals for builtins that may not be replaced.
    static func checkReplaceable(builtin name: String, at location: SourceLocation) throws(PolicyError) {
        let refusal = "with keyword replacing built-in function: "
        if ["eq", "rego.metadata.chain", "rego.metadata.rule"].contains(name) {
            throw PolicyError(.compile, refusal + "replacement of \"\(name)\" invalid", at: location)
        }
        if name.hasPrefix("internal.") {
            throw PolicyError(.compile, refusal + "replacement of internal function \"\(name)\" invalid", at: location)
        }
        if name == "walk" { throw PolicyError(.compile, refusal + "target must not be a relation", at: location) }
        if name == "print" { throw PolicyError(.compile, refusal + "target must not be a void function", at: location) }
    }

    /// Builtins the compiler inlines as operators (`1 + 2`, `a == b`): a replacement
    /// could not reach them.
    static let operatorBuiltins: Set<String> = [
        "plus", "minus", "mul", "div", "rem", "or", "and", "equal", "neq", "lt", "lte", "gt", "gte",
    ]
}
