// BodyCompiler, calls: builtins, user functions (of the package, imported, or by
// `data.` path), `eq` (unification) and `print`. Arity and argument types are checked
// here, at compile time, with OPA's rego_type_error texts; an extra last argument is
// an output (`count(xs, n)` binds or checks n).

/// What a call name refers to.
enum CallTarget {
    case builtin(Builtin)
    case function(Int)
    /// A rule that is not a function, called with arguments.
    case notFunction(Int)
    case unification
    case print
}

extension CallTarget {
    /// What `name(…)` calls, its first name resolved to `head` (nil: nothing by that name).
    static func resolve(_ name: [String], head: ResolvedName, in index: RuleIndex) -> CallTarget? {
        if name == ["print"] { return .print }
        if name == ["eq"] { return .unification }
        var path: [String]?
        switch head {
        case .dataPath(let p): path = p + name.dropFirst()
        case .data: path = Array(name.dropFirst())
        case .unbound: path = nil
        default: return nil
        }
        if let path {
            guard let i = index.setByPath[path] else { return nil }
            return index.ruleSets[i].kind == .function ? .function(i) : .notFunction(i)
        }
        return BuiltinRegistry.lookup(name.joined(separator: ".")).map { .builtin($0) }
    }

    /// How many inputs the call takes (nil: any number); one more operand is an output.
    func arity(in index: RuleIndex) -> Int? {
        switch self {
        case .builtin(let b): return b.signature.variadic != nil ? nil : b.arity
        case .function(let i): return index.ruleSets[i].arity
        case .notFunction: return 0
        case .unification: return 2
        case .print: return nil
        }
    }
}

extension BodyCompiler {
    func callTarget(_ name: [String]) -> CallTarget? {
        CallTarget.resolve(name, head: resolve(name[0]), in: state.index)
    }

    func callArity(_ name: [String]) -> Int? {
        callTarget(name)?.arity(in: state.index)
    }

    func call(_ name: [String], _ args: [Term], at location: SourceLocation) throws(PolicyError) -> Register {
        guard let target = callTarget(name) else {
            var full = name
            if case .dataPath(let p) = resolve(name[0]) { full = ["data"] + p + name.dropFirst() }
            let shown = full.joined(separator: ".")
            // An OPA builtin left out on purpose says so, rather than look like a typo.
            let reason = UnsupportedBuiltins.reasons[shown].map { ": " + $0 } ?? ""
            throw PolicyError(.type, "undefined function \(shown)\(reason)", at: location)
        }
        switch target {
        case .print:
            return try printCall(args)
        case .unification:
            guard args.count == 2 else { throw PolicyError(.type, "eq: arity mismatch", at: location) }
            try unify(args[0], args[1])
            return constant(.true)
        case .notFunction(let i):
            let set = state.index.ruleSets[i]
            if args.isEmpty {
                dependOn(i)
                let d = newRegister()
                emit(.callRule(dst: d, ruleSet: Int32(i), fail: fail))
                return d
            }
            throw TypeErrors.functionArity(set.dottedName, arity: 0, got: args.count, at: location)
        case .builtin(let b):
            let n = b.arity
            let isVariadic = b.signature.variadic != nil
            let hasOutput = !isVariadic && args.count == n + 1
            guard hasOutput || args.count == n || (isVariadic && args.count >= n) else {
                let have = args.map { a in ConstantFolding.value(of: a).map(RegoType.of) }
                throw TypeErrors.arity(b.name, have: have, want: b.signature, at: location)
            }
            let inputs = hasOutput ? Array(args.dropLast()) : args
            let regs = try argumentRegisters(inputs)
            let block = try argumentBlock(regs)
            let d = newRegister()
            emit(.callBuiltin(dst: d, builtin: builder.builtin(b), args: block, count: Int32(regs.count),
                              fail: fail, line: Int32(location.line)))
            // A relation's body returns all its solutions as one array; the rest of the
            // body runs once per solution.
            let result = b.isRelation ? iterate(d, wantKey: false).value : d
            return try finishCall(result, output: hasOutput ? args.last : nil)
        case .function(let i):
            let set = state.index.ruleSets[i]
            let hasOutput = args.count == set.arity + 1
            guard hasOutput || args.count == set.arity else {
                throw TypeErrors.functionArity(set.dottedName, arity: set.arity, got: args.count, at: location)
            }
            dependOn(i)
            let regs = try argumentRegisters(hasOutput ? Array(args.dropLast()) : args)
            let block = try argumentBlock(regs)
            let d = newRegister()
            emit(.callFunction(dst: d, function: Int32(i), args: block, count: Int32(regs.count), fail: fail))
            return try finishCall(d, output: hasOutput ? args.last : nil)
        }
    }

    private func argumentRegisters(_ args: [Term]) throws(PolicyError) -> [Register] {
        var regs: [Register] = []
        for a in args { regs.append(try term(a)) }
        return regs
    }

    /// Copies argument values into consecutive registers (unless they already are).
    private func argumentBlock(_ regs: [Register]) throws(PolicyError) -> Register {
        if let first = regs.first, regs.enumerated().allSatisfy({ $0.element == first + Int32($0.offset) }) { return first }
        let block = state.newRegisters(regs.count)
        for (i, r) in regs.enumerated() { emit(.move(dst: block + Int32(i), src: r)) }
        return block
    }

    /// With an output argument, the call is a test that binds it; its value is `true`.
    private func finishCall(_ d: Register, output: Term?) throws(PolicyError) -> Register {
        guard let output else { return d }
        try destructure(output, d)
        return constant(.true)
    }

    /// `print(a, b)`: each argument is collected as a set of its values, so an undefined
    /// argument prints as `<undefined>` instead of silencing the whole call.
    func printCall(_ args: [Term]) throws(PolicyError) -> Register {
        var accs: [Register] = []
        for a in args {
            let acc = newRegister()
            emit(.newCollection(dst: acc, kind: .set))
            let savedFail = fail, savedLocals = locals
            let end = newLabel()
            fail = end
            let r = try term(a)
            emit(.collect(acc: acc, key: -1, src: r, line: Int32(a.location.line)))
            emit(.jump(target: fail))
            place(end)
            fail = savedFail
            locals = savedLocals
            accs.append(acc)
        }
        let block = try argumentBlock(accs)
        emit(.print(args: block, count: Int32(accs.count)))
        return constant(.true)
    }
}
