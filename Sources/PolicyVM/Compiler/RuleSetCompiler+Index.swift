// RuleSetCompiler, rule index: chooses the reference to index a rule set's definitions
// on and what each definition is keyed on, then emits the lookup (see IndexTable).
// A definition is keyed on values only when every branch of it (the rule and each
// `else`) compares the reference with constants (`input.action == "read"`, through a
// variable bound to it, `x in {"a", "b"}`, a function's constant argument), outside
// `not` and `with`: that comparison is then necessary for the definition to give
// anything. A definition that prints is never keyed (OPA leaves it out of its index,
// and skipping it would lose its output; Literal.keepsRuleUnindexed).

/// The index of a rule set's definitions: the reference and, per definition in code
/// order, the values it is keyed on (nil: keyed on nothing, tried for every value).
struct IndexPlan {
    let subject: IndexedRef
    let keys: [[Value]?]

    /// Below this many keyed definitions, or this many distinct values among their keys,
    /// a lookup saves too little to pay for itself (callgrind, GymCoach: six definitions
    /// all keyed on one value cost 19% more per decision with the lookup than without).
    static let minimumKeyed = 3
    static let minimumKeys = 2
}

extension RuleSetCompiler {
    /// The reference most definitions are keyed on, when enough are.
    func indexPlan(_ definitions: [RuleDefinition], argumentBase: Register) -> IndexPlan? {
        let conditions = definitions.map { keys(of: $0, argumentBase: argumentBase) }
        var counts: [String: Int] = [:]
        var best: (name: String, ref: IndexedRef, count: Int)?
        for definition in conditions {
            for (name, (ref, _)) in definition.sorted(by: { $0.key < $1.key }) {
                counts[name, default: 0] += 1
                if counts[name]! > best?.count ?? 0 { best = (name, ref, counts[name]!) }
            }
        }
        guard let chosen = best, chosen.count >= IndexPlan.minimumKeyed else { return nil }
        let keyed: [[Value]?] = conditions.map { $0[chosen.name]?.values }
        // One value for all (`input.request_type == "llm_call"` in every rule): the lookup
        // would only rule out what each comparison rules out at once.
        var distinct: [Value] = []
        for case let values? in keyed {
            for k in values where !distinct.contains(k) { distinct.append(k) }
        }
        guard distinct.count >= IndexPlan.minimumKeys else { return nil }
        return IndexPlan(subject: chosen.ref, keys: keyed)
    }

    /// The references every branch of a definition compares with constants, each with
    /// the values any branch accepts, by the reference's text.
    private func keys(of def: RuleDefinition, argumentBase: Register) -> [String: (ref: IndexedRef, values: [Value])] {
        let rule = def.rule
        let c = BodyCompiler(state: state, context: state.contexts[def.module], ruleSet: ruleSet, location: rule.location)
        var argumentNames: Set<String> = []
        for a in rule.arguments { argumentNames.formUnion(Declarations.patternNames(a)) }
        c.declared = argumentNames
        var common: [String: (ref: IndexedRef, values: [Value])]?
        for body in [rule.body] + rule.elseBranches.map(\.body) {
            if body.contains(where: \.keepsRuleUnindexed) { return [:] }
            var branch: [String: (ref: IndexedRef, values: [Value])] = [:]
            func require(_ ref: IndexedRef, _ values: [Value]) {
                let name = "\(ref)"
                // Two comparisons of one reference: only values both accept.
                let accepted = branch[name].map { old in values.filter { old.values.contains($0) } } ?? values
                branch[name] = (ref, accepted)
            }
            var scope = IndexScope()
            for (i, a) in rule.arguments.enumerated() {
                let ref = IndexedRef.argument(argumentBase + Int32(i))
                if let n = a.variableName, !a.isWildcard { scope.refs[n] = ref } else if let v = a.scalarValue { require(ref, [v]) }
            }
            for literal in body {
                guard let (ref, value) = c.indexCondition(literal, &scope) else { continue }
                switch value {
                case .equal(let v): require(ref, [v])
                case .member(of: let collection): require(ref, Self.members(collection))
                default: continue
                }
            }
            guard let before = common else { common = branch; continue }
            // A reference every branch tests; the values any of them accepts.
            var both: [String: (ref: IndexedRef, values: [Value])] = [:]
            for (name, mine) in branch {
                if let theirs = before[name] { both[name] = (mine.ref, theirs.values + mine.values.filter { !theirs.values.contains($0) }) }
            }
            common = both
        }
        return common ?? [:]
    }

    private static func members(_ collection: Value) -> [Value] {
        switch collection {
        case .array(let a): return a
        case .set(let s): return s.sorted { Value.compare($0, $1) < 0 }  // (a set's order varies by run)
        case .object(let o): return o.values
        default: return []
        }
    }

    /// Emits the lookup of the plan's reference, which jumps to the first definition to
    /// try; returns what each definition's code needs: its start label, the table, the
    /// cursor register, and the label after the last definition.
    func emitIndex(_ plan: IndexPlan, argumentBase: Register, compiler c: BodyCompiler)
        throws(PolicyError) -> (starts: [Address], table: Int32, cursor: Register, end: Address) {
        let starts = plan.keys.map { _ in c.newLabel() }
        let end = c.newLabel()
        let cursor = c.newRegister()
        var listOfValue: [Value: Int32] = [:]
        var keys: [Value] = []
        var lists: [[Int32]] = [plan.keys.indices.filter { plan.keys[$0] == nil }.map(Int32.init)]
        for definitionKeys in plan.keys {
            for k in definitionKeys ?? [] where listOfValue[k] == nil {
                listOfValue[k] = Int32(lists.count)
                keys.append(k)
                lists.append(plan.keys.indices.filter { plan.keys[$0].map { $0.contains(k) } ?? true }.map(Int32.init))
            }
        }
        let subject: String
        switch plan.subject {
        case .document(let root, let steps): subject = "\(root)" + JSONWriter.write(.array(steps))
        case .argument(let r): subject = "argument \(r - argumentBase)"
        }
        let table = c.builder.indexTable(IndexTable(subject: subject, starts: starts, lists: lists, listOfValue: listOfValue,
                                                    keys: keys, end: end))
        // No source line: the lookup is no expression of the policy (coverage skips line 0).
        let location = c.builder.location
        c.builder.location = .unknown
        defer { c.builder.location = location }
        switch plan.subject {
        case .argument(let r):
            c.emit(.indexJump(src: r, table: table, cursor: cursor))
        case .document(let root, let steps):
            let undefined = c.newLabel()
            c.fail = undefined
            let r = try c.rootRef(root, steps.map { Term(.scalar($0), .unknown) })
            c.emit(.indexJump(src: r, table: table, cursor: cursor))
            c.place(undefined)
            c.emit(.indexJump(src: -1, table: table, cursor: cursor))
        }
        return (starts, table, cursor, end)
    }
}

extension Literal {
    /// Whether OPA leaves a rule with this literal out of its index: a bare `print(…)`,
    /// or an `every` that prints anywhere in its body (checked with OPA v1.20: a print in a
    /// comprehension of the body does not).
    var keepsRuleUnindexed: Bool {
        switch kind {
        case .expression(let t):
            if case .call(["print"], _) = t.kind { return true }
        case .every(_, _, _, let body):
            var names: Set<String> = []
            for l in body { NamesRead.collect(in: l, into: &names) }
            return names.contains("print")
        default:
            break
        }
        return false
    }
}
