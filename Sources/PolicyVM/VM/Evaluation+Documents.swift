// Documents: the virtual document at a rule-tree node (base data merged with the
// values of every rule below it), `with` replacements of input, data and functions,
// and print. Invariant: a `with` replaces documents and functions only until its
// matching pop, and rule values memoised under it are forgotten when it ends.

extension Evaluation {
    /// The document at a rule-tree node: base data at that path, with each rule below
    /// it (functions excluded) set to its value when defined.
    func virtualDocument(_ nodeIndex: Int32) throws(PolicyError) -> Value? {
        let node = program.nodes[Int(nodeIndex)]
        var base: Value? = data
        for step in node.path { base = base?.lookup(.string(step)) }
        // A `with data…` at or above this node replaced the whole document here, rules
        // below it included (`with data.p.q as 5` over rules `q.a.b`, `q.a.c` is 5).
        if !overrides.isEmpty && node.ruleSet == nil
            && overrides.contains(where: { $0.count <= node.path.count && Array(node.path.prefix($0.count)) == $0 }) {
            return base
        }
        if let rs = node.ruleSet {
            if case .function = program.ruleSets[Int(rs)].kind { return nil }
            return try ruleValue(rs)
        }
        var object: RegoObject
        if case .object(let o)? = base { object = o } else { object = [:] }
        for (name, child) in node.children.sorted(by: { $0.key < $1.key }) {
            if let v = try virtualDocument(child) {
                // A rule's value merges into base data of the same name when both are objects.
                if case .object(let b)? = object[.string(name)], case .object(let over) = v {
                    object[.string(name)] = .object(b.merging(over) { _, new in new })
                } else {
                    object[.string(name)] = v
                }
            }
        }
        return .object(object)
    }

    func pushWith(_ target: WithTarget, path: Value, value: Value) {
        withStack.append(WithFrame(savedInput: input, savedData: data, savedMemo: memo, savedOverrides: overrides, savedMocks: mocks))
        var steps: [String] = []
        if case .array(let items) = path {
            for case .string(let s) in items { steps.append(s) }
        }
        switch target {
        case .input:
            input = steps.isEmpty ? value : Evaluation.setting(input ?? .emptyObject, at: steps[...], to: value)
        case .data:
            data = Evaluation.setting(data, at: steps[...], to: value)
            overrides.append(steps)
        }
        memo = Array(repeating: .notComputed, count: memo.count)
        generation &+= 2
        if target == .data { dataGeneration &+= 2 }
    }

    /// `with f as g` / `with f as value`: calls of `target` anywhere below see the
    /// replacement; rule values are recomputed under it.
    func pushFunction(_ target: FunctionRef, replacement: FunctionRef?, value: Value, in p: Procedure) {
        withStack.append(WithFrame(savedInput: input, savedData: data, savedMemo: memo, savedOverrides: overrides, savedMocks: mocks))
        let key: MockedFunction
        switch target {
        case .builtin(let b): key = .builtin(p.builtins[Int(b)].name)
        case .function(let rs): key = .function(rs)
        }
        switch replacement {
        case .builtin(let b)?: mocks[key] = .builtin(p.builtins[Int(b)])
        case .function(let rs)?: mocks[key] = .function(rs)
        case nil: mocks[key] = .value(value)
        }
        memo = Array(repeating: .notComputed, count: memo.count)
    }

    /// A call of a replaced function. A replacing function runs without the replacements
    /// (OPA), so without rule values memoised under them either.
    func callMock(_ mock: FunctionMock, args: Register, count: Int32, at location: SourceLocation) throws(PolicyError) -> Value? {
        switch mock {
        case .value(let v):
            return v
        case .builtin(let b):
            let values = Array(UnsafeBufferPointer(start: registers + Int(args), count: Int(count)))
            do {
                return try b.body(values, &context)
            } catch {
                if strict { throw builtinFailure(error, at: location) }
                return nil
            }
        case .function(let rs):
            let savedMocks = mocks, savedMemo = memo
            mocks = [:]
            memo = Array(repeating: .notComputed, count: memo.count)
            defer { mocks = savedMocks; memo = savedMemo }
            return try callFunction(rs, args: args, count: count)
        }
    }

    func popWith() {
        guard let frame = withStack.popLast() else { return }
        // A `with data` pushed an override: data goes back, so cached data paths expire.
        if overrides.count != frame.savedOverrides.count { dataGeneration &+= 2 }
        input = frame.savedInput
        data = frame.savedData
        memo = frame.savedMemo
        overrides = frame.savedOverrides
        mocks = frame.savedMocks
        generation &+= 2
    }

    /// `document` with the value at `path` replaced (objects created along the way).
    static func setting(_ document: Value, at path: ArraySlice<String>, to value: Value) -> Value {
        guard let first = path.first else { return value }
        var object: RegoObject
        if case .object(let o) = document { object = o } else { object = [:] }
        let key = Value.string(first)
        object[key] = setting(object[key] ?? .emptyObject, at: path.dropFirst(), to: value)
        return .object(object)
    }

    /// Each argument arrives as a set of its values: empty means undefined.
    func printArguments(_ args: [Value]) {
        var parts: [String] = []
        for a in args {
            guard case .set(let values) = a, let v = values.first else {
                parts.append("<undefined>")
                continue
            }
            parts.append(v.regoTextUnquoted)
        }
        context.printed.append(parts.joined(separator: " "))
    }
}
