// BodyCompiler, terms: each term compiles to a register holding its value, or jumps to
// `fail` when undefined. References with unbound variables iterate (and bind them);
// constant composites are folded into one constant; comprehensions run their body in
// a nested scope that cannot leak bindings.

extension BodyCompiler {
    func term(_ t: Term) throws(PolicyError) -> Register {
        let saved = builder.location
        builder.location = t.location
        defer { builder.location = saved }
        if let v = ConstantFolding.value(of: t) { return constant(v) }
        switch t.kind {
        case .scalar(let v):
            return constant(v)
        case .variable(let n):
            return try resolvedRef(n, steps: [], at: t.location)
        case .ref(let head, let steps):
            if let n = head.variableName { return try resolvedRef(n, steps: steps, at: t.location) }
            return try dynamicSteps(try term(head), steps)
        case .array(let items):
            return try collection(.array, items)
        case .set(let items):
            return try collection(.set, items)
        case .object(let pairs):
            return try objectLiteral(pairs)
        case .arrayComprehension(let head, let literals):
            return try comprehension(.array, key: nil, value: head, literals)
        case .setComprehension(let head, let literals):
            return try comprehension(.set, key: nil, value: head, literals)
        case .objectComprehension(let k, let v, let literals):
            return try comprehension(.object, key: k, value: v, literals)
        case .call(let name, let args):
            return try call(name, args, at: t.location)
        case .binary(let op, let a, let b):
            return try binary(op, a, b, at: t.location)
        case .unaryMinus(let a):
            let ra = try term(a)
            let d = newRegister()
            emit(.negate(dst: d, src: ra, fail: fail, line: Int32(t.location.line)))
            return d
        case .membership(let k, let v, let c):
            let rk = try k.map { (x: Term) throws(PolicyError) in try term(x) } ?? -1
            let rv = try term(v)
            let rc = try term(c)
            let d = newRegister()
            emit(.member(dst: d, key: rk, value: rv, collection: rc))
            return d
        }
    }

    /// A reference whose head is a name: a local, `input`, `data`, a rule or an import.
    func resolvedRef(_ name: String, steps: [Term], at location: SourceLocation) throws(PolicyError) -> Register {
        switch resolve(name) {
        case .local(let r):
            return try dynamicSteps(r, steps)
        case .unbound:
            throw unsafe(name, at: location)
        case .input:
            return try rootRef(.input, steps)
        case .inputPath(let path):
            return try rootRef(.input, path.map { Term(.scalar(.string($0)), location) } + steps)
        case .data:
            return try dataRef(steps, at: location)
        case .dataPath(let path):
            return try dataRef(path.map { Term(.scalar(.string($0)), location) } + steps, at: location)
        }
    }

    /// A reference below `data`: walks the rule tree with the constant leading keys.
    /// Reaching a rule calls it; stopping above rules builds the virtual document;
    /// leaving the tree reads base data only.
    func dataRef(_ steps: [Term], at location: SourceLocation) throws(PolicyError) -> Register {
        let index = state.index
        var node = 0
        var i = 0
        while i < steps.count, index.nodes[node].ruleSet == nil {
            // Rules sit under string keys only: another constant key reads base data.
            if let key = steps[i].scalarValue, key.typeName != "string" { return try rootRef(.data, steps) }
            guard case .scalar(.string(let key)) = steps[i].kind else { break }
            guard let child = index.nodes[node].children[key] else {
                // No rule at or below this path: plain base data.
                return try rootRef(.data, steps)
            }
            node = Int(child)
            i += 1
        }
        let d = newRegister()
        if let rs = index.nodes[node].ruleSet {
            let set = index.ruleSets[Int(rs)]
            if set.kind == .function {
                throw TypeErrors.functionReference(set.dottedName, at: location)
            }
            dependOn(Int(rs))
            // One known key of a partial object: OPA evaluates that key alone.
            if set.kind == .partialObject, i < steps.count, steps[i].scalarValue != nil || !analysis.hasUnbound(steps[i], bound) {
                emit(.callRuleKey(dst: d, ruleSet: rs, key: try term(steps[i]), fail: fail))
                return try dynamicSteps(d, Array(steps[(i + 1)...]))
            }
            emit(.callRule(dst: d, ruleSet: rs, fail: fail))
        } else {
            for rs in index.ruleSets(under: node) { dependOn(rs) }
            emit(.virtualDocument(dst: d, node: Int32(node), fail: fail))
        }
        return try dynamicSteps(d, Array(steps[i...]))
    }

    /// A reference from input or base data. Its leading constant keys form a path whose
    /// value is cached for the evaluation (policies read `input.x` in many rules).
    func rootRef(_ root: WithTarget, _ steps: [Term]) throws(PolicyError) -> Register {
        let constantCount = steps.prefix { $0.scalarValue != nil }.count
        if constantCount == 0 {
            let r = newRegister()
            emit(root == .input ? .loadInput(dst: r, fail: fail) : .loadData(dst: r))
            return try dynamicSteps(r, steps, stored: root == .data)
        }
        let path = steps.prefix(constantCount).map { $0.scalarValue! }
        let (slot, r) = state.pathSlot(PathKey(owner: ruleSet ?? -1, withScope: withScope, root: root.rawValue, steps: path))
        emit(.cachedPath(dst: r, root: root, path: builder.path(path), slot: slot, fail: fail))
        return try dynamicSteps(r, Array(steps.dropFirst(constantCount)), stored: root == .data)
    }

    /// Looks up (or iterates over) each step of a reference from R[base]; `stored`: R[base]
    /// is base data, read as OPA's store reads it (Value+StoredLookup).
    func dynamicSteps(_ base: Register, _ steps: [Term], stored: Bool = false) throws(PolicyError) -> Register {
        var current = base
        for step in steps {
            if let k = step.scalarValue, stored && Self.readsDifferentlyStored(k) {
                let d = newRegister()
                emit(.lookupStored(dst: d, src: current, key: constant(k), fail: fail))
                current = d
            } else if let k = step.scalarValue {
                let d = newRegister()
                emit(.lookupConstant(dst: d, src: current, key: builder.constant(k), fail: fail))
                current = d
            } else if analysis.isUnboundVariable(step, bound) {
                let (k, v) = iterate(current, wantKey: !step.isWildcard)
                if let n = step.variableName { bind(n, k) }
                current = v
            } else if analysis.hasUnbound(step, bound) {
                let (k, v) = iterate(current, wantKey: true)
                try destructure(step, k)
                current = v
            } else {
                let rk = try term(step)
                let d = newRegister()
                emit(stored ? .lookupStored(dst: d, src: current, key: rk, fail: fail)
                            : .lookup(dst: d, src: current, key: rk, fail: fail))
                current = d
            }
        }
        return current
    }

    /// Whether a constant key may read base data otherwise than `lookup` reads a value:
    /// a number, or a string that spells an array index.
    static func readsDifferentlyStored(_ key: Value) -> Bool {
        switch key {
        case .number: return true
        case .string(let s): return Value.storedIndex(s) != nil
        default: return false
        }
    }

    /// An array, set or object literal with non-constant parts.
    func collection(_ kind: CollectionKind, _ items: [Term]) throws(PolicyError) -> Register {
        var regs: [Register] = []
        for item in items { regs.append(try term(item)) }
        let block = state.newRegisters(regs.count)
        for (i, r) in regs.enumerated() { emit(.move(dst: block + Int32(i), src: r)) }
        let d = newRegister()
        emit(.makeCollection(dst: d, kind: kind, start: block, count: Int32(regs.count)))
        return d
    }

    /// An object literal with non-constant parts. Its terms are evaluated as written; its
    /// entries are then inserted in the order OPA keeps the key terms in (SourceTermOrder:
    /// constants, variables, references, composites), a later entry replacing an earlier
    /// one with an equal key, as OPA's object insertion does: `{input.k: 1, "a": 2}` is
    /// {"a": 1} when input.k is "a", and no conflict is raised.
    func objectLiteral(_ pairs: [(key: Term, value: Term)]) throws(PolicyError) -> Register {
        var regs: [(key: Register, value: Register)] = []
        for p in pairs { regs.append((try term(p.key), try term(p.value))) }
        let order = SourceTermOrder(declaration: declarationOrder, callsAsLocals: true)
        let block = state.newRegisters(2 * regs.count)
        for (slot, i) in order.sorted(Array(pairs.indices), by: { pairs[$0].key }).enumerated() {
            emit(.move(dst: block + Int32(2 * slot), src: regs[i].key))
            emit(.move(dst: block + Int32(2 * slot + 1), src: regs[i].value))
        }
        let d = newRegister()
        emit(.makeCollection(dst: d, kind: .object, start: block, count: Int32(2 * regs.count)))
        return d
    }

    func comprehension(_ kind: CollectionKind, key: Term?, value: Term, _ literals: [Literal]) throws(PolicyError) -> Register {
        let acc = newRegister()
        emit(.newCollection(dst: acc, kind: kind))
        let savedFail = fail
        let end = newLabel()
        fail = end
        try body(literals, extraNames: [key, value].compactMap { $0 }) { () throws(PolicyError) in
            let rk = try key.map { (k: Term) throws(PolicyError) in try term(k) } ?? -1
            let rv = try term(value)
            emit(.collect(acc: acc, key: rk, src: rv, line: Int32(value.location.line)))
        }
        place(end)
        fail = savedFail
        return acc
    }

    func binary(_ op: BinaryOperator, _ a: Term, _ b: Term, at location: SourceLocation) throws(PolicyError) -> Register {
        let ra = try term(a)
        let rb = try term(b)
        let d = newRegister()
        if op.isComparison {
            emit(.compare(op: Self.comparison(op), dst: d, a: ra, b: rb))
            return d
        }
        emit(.arithmetic(op: Self.arithmetic(op), dst: d, a: ra, b: rb, fail: fail, line: Int32(location.line)))
        return d
    }

    /// The VM operator of a non-comparison binary operator.
    static func arithmetic(_ op: BinaryOperator) -> ArithmeticOperator {
        switch op {
        case .plus: return .plus
        case .minus: return .minus
        case .multiply: return .multiply
        case .divide: return .divide
        case .remainder: return .remainder
        case .union: return .union
        default: return .intersection
        }
    }
}
