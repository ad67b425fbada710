// RuleSetCompiler: one procedure for all definitions at a path. Each definition (and
// each of its `else` branches) is a body whose solutions yield the rule's value, set
// element or object entry; an `else` branch runs only when the branches before it
// produced nothing. Functions bind their arguments by matching argument patterns.
// A partial object also gets a keyed procedure, for one asked-for key (`p["a"]`): as
// OPA unifies the head's key with it before the body, its definitions only run for
// that key, so other keys' conflicts and errors do not count.

struct RuleSetCompiler {
    let state: CompilationState
    let ruleSet: Int
    /// Compile the keyed procedure (its one argument is the asked-for key).
    var keyed = false

    func compile() -> Procedure {
        let set = state.index.ruleSets[ruleSet]
        let first = set.allDefinitions.first!
        let registerBase = state.nextRegister
        let argumentBase = state.newRegisters(keyed ? 1 : set.arity)
        let kind: ProcedureKind
        switch set.kind {
        case .complete: kind = .complete
        case .partialSet: kind = .partialSet
        case .partialObject: kind = .partialObject
        case .function: kind = .function(arity: set.arity)
        }
        let c = BodyCompiler(state: state, context: state.contexts[first.module], ruleSet: ruleSet, location: first.rule.location)
        // OPA tries definitions in its index's order, and may stop at the first value
        // (RuleSetCompiler+TryOrder): which definition raises first decides the error
        // reported. Partial objects with a constant key are the exception (`r[1] := …`
        // and `r[7] := …` are rules of their own there, run as written; checked with OPA
        // v1.20, as is the index's order among `r[k] := …`), and so is the keyed procedure
        // (one key, no value to settle).
        let branches = keyed ? [] : indexedBranches(set, argumentBase: argumentBase)
        let exit = keyed ? .never : Self.earlyExit(branches, kind: set.kind, definitions: set.definitions.count)
        let stops: Bool
        if case .always = exit { stops = true } else { stops = false }
        let oneIndex = set.kind != .partialObject || set.definitions.allSatisfy { d in
            d.rule.key.map { ConstantFolding.value(of: $0) == nil } ?? false
        }
        let order = !keyed && oneIndex ? Self.tryOrder(branches, count: set.definitions.count) : Array(set.definitions.indices)
        let definitions = order.map { set.definitions[$0] }
        let admission = AdmissionContext(branches)
        if set.kind == .partialObject { emitTreeNodes(set, askedKey: keyed ? argumentBase : nil, compiler: c) }
        // With a rule index, each definition starts at its label and ends by going on to
        // the next definition its list holds.
        var index: (starts: [Address], table: Int32, cursor: Register, end: Address)?
        if let plan = indexPlan(definitions, argumentBase: argumentBase) {
            do { index = try emitIndex(plan, argumentBase: argumentBase, compiler: c) } catch { state.report(error) }
        }
        for (number, def) in definitions.enumerated() {
            let bc = BodyCompiler(state: state, context: state.contexts[def.module], ruleSet: ruleSet, location: def.rule.location)
            bc.builder = c.builder
            if let index { bc.place(index.starts[number]) }
            do {
                var exits: [[IndexedBranch]?]?
                if case .unlessAdmitted(let table) = exit { exits = table[order[number]] }
                try definition(def.rule, set: set, argumentBase: argumentBase, compiler: bc, stops: stops,
                               exits: exits, admission: admission)
            } catch {
                state.report(error)
            }
            if let index {
                let location = bc.builder.location
                bc.builder.location = .unknown  // (no expression of the policy: coverage skips line 0)
                bc.emit(.indexNext(table: index.table, cursor: index.cursor, after: Int32(number)))
                bc.builder.location = location
            }
            c.builder = bc.builder
        }
        if let index { c.place(index.end) }
        // The default applies only when no definition produced a value.
        if let d = set.defaultDefinition {
            let bc = BodyCompiler(state: state, context: state.contexts[d.module], ruleSet: ruleSet, location: d.rule.location)
            bc.builder = c.builder
            bc.builder.location = d.rule.location
            let skip = bc.newLabel()
            bc.emit(.jumpIfDefined(target: skip))
            bc.fail = skip
            do {
                try bc.body([], extraNames: [d.rule.value], backtrack: false) { () throws(PolicyError) in
                    let r = try bc.term(d.rule.value)
                    bc.emit(.yieldValue(src: r, line: Int32(d.rule.location.line)))
                }
            } catch {
                state.report(error)
            }
            bc.place(skip)
            c.builder = bc.builder
        }
        // A default for one key of a partial object applies when no definition gave that key.
        for d in set.keyedDefaults where !RuleSetCompiler.isShadowed(d.rule, in: set) {
            let bc = BodyCompiler(state: state, context: state.contexts[d.module], ruleSet: ruleSet, location: d.rule.location)
            bc.builder = c.builder
            bc.builder.location = d.rule.location
            let skip = bc.newLabel()
            bc.fail = skip
            do {
                if keyed { _ = try requireKey(d.rule, argumentBase, compiler: bc) }
                try bc.body([], extraNames: [d.rule.value], backtrack: false) { () throws(PolicyError) in
                    bc.emit(.jumpIfEntryDefined(key: try bc.term(d.rule.key!), target: skip))
                    try yieldEntry(d.rule, value: d.rule.value, compiler: bc)
                }
            } catch {
                state.report(error)
            }
            bc.place(skip)
            c.builder = bc.builder
        }
        let proc = c.builder.finish(name: set.dottedName + (keyed ? "[key]" : ""), kind: kind, argumentBase: argumentBase, registerBase: registerBase,
                                    registerCount: state.nextRegister - registerBase, stopsAtFirstValue: stops)
        return proc
    }

    /// `exits`: per branch, the branches with other values whose admission keeps the
    /// evaluation going after this branch's value (nil: it goes on).
    private func definition(_ rule: Rule, set: RuleSetDraft, argumentBase: Register, compiler c: BodyCompiler,
                            stops: Bool, exits: [[IndexedBranch]?]?, admission: AdmissionContext) throws(PolicyError) {
        var argumentNames: Set<String> = []
        for a in rule.arguments { argumentNames.formUnion(Declarations.patternNames(a)) }
        c.argumentNames = argumentNames
        let hasElse = !rule.elseBranches.isEmpty
        let found = hasElse ? c.newRegister() : -1
        if hasElse { c.emit(.setFlag(dst: found, value: false)) }
        let done = c.newLabel()
        let branches = [(rule.value, rule.body)] + rule.elseBranches.map { ($0.value, $0.body) }
        for (index, (value, written)) in branches.enumerated() {
            let body = Self.bodyAfterHeadRewrite(written, heads: [rule.key, value].compactMap { $0 } + rule.nestedKeys,
                                                 arguments: argumentNames)
            let end = c.newLabel()
            c.fail = end
            c.locals = [:]
            c.declared = argumentNames
            for (i, a) in rule.arguments.enumerated() {
                try c.destructure(a, argumentBase + Int32(i))
            }
            let filtersAfter = keyed ? try requireKey(rule, argumentBase, compiler: c) : false
            let heads = [rule.key, value].compactMap { $0 }
            try c.indexChecks(body, arguments: rule.arguments, heads: heads + rule.nestedKeys, rule: rule.location)
            try c.body(body, extraNames: heads, backtrack: !stops) { () throws(PolicyError) in
                c.builder.location = value.location
                if filtersAfter { c.emit(.test(op: .equal, a: try c.term(rule.key!), b: argumentBase, fail: c.fail)) }
                switch set.kind {
                case .complete, .function:
                    let r = try c.headTerm(value)
                    c.emit(.yieldValue(src: r, line: Int32(value.location.line)))
                    if let others = exits?[index] { try admission.emitEarlyExit(unlessAdmitted: others, compiler: c, at: value.location) }
                case .partialSet:
                    let r = try c.headTerm(rule.key!)
                    c.emit(.yieldSetElement(src: r))
                case .partialObject:
                    try yieldEntry(rule, value: value, compiler: c)
                }
                if hasElse { c.emit(.setFlag(dst: found, value: true)) }
            }
            c.place(end)
            if hasElse && index < branches.count - 1 { c.emit(.jumpIfTrue(src: found, target: done)) }
        }
        c.place(done)
    }

    /// OPA moves a head's key or value that needs evaluating (a reference, a call, an
    /// operator, a comprehension, a global name, or a composite holding one) into the
    /// body; when the body is the single expression `not true` (its `with` modifiers
    /// aside), OPA takes it for the implicit body of a bodyless rule and replaces it, so
    /// the rule holds (checked with OPA v1: `r := input.x if { not true }` is input.x).
    static func bodyAfterHeadRewrite(_ body: [Literal], heads: [Term], arguments: Set<String>) -> [Literal] {
        guard body.count == 1, body[0].isNegated, case .expression(let t) = body[0].kind,
              case .scalar(.bool(true)) = t.kind, heads.contains(where: { needsEvaluation($0, arguments) }) else { return body }
        return []
    }

    private static func needsEvaluation(_ t: Term, _ arguments: Set<String>) -> Bool {
        switch t.kind {
        case .scalar: return false
        case .variable(let n): return !arguments.contains(n) && !t.isWildcard
        case .array(let items), .set(let items): return items.contains { needsEvaluation($0, arguments) }
        case .object(let pairs): return pairs.contains { needsEvaluation($0.key, arguments) || needsEvaluation($0.value, arguments) }
        case .ref, .arrayComprehension, .setComprehension, .objectComprehension, .call, .binary, .unaryMinus, .membership:
            return true
        }
    }

    /// Yields a partial object's entry: `p[k] := v` whole, `p[a][b] := v` at a path of
    /// keys, `q[a] contains x` into the set at its keys.
    private func yieldEntry(_ rule: Rule, value: Term, compiler c: BodyCompiler) throws(PolicyError) {
        let line = Int32(value.location.line)
        let keys = [rule.key!] + rule.nestedKeys
        if keys.count == 1 && !rule.isMultiValueEntry {
            let k = try c.headTerm(keys[0])
            c.emit(.yieldObjectEntry(key: k, value: try c.headTerm(value), line: line))
            return
        }
        var registers: [Register] = []
        for k in keys { registers.append(try c.headTerm(k)) }
        let block = c.state.newRegisters(keys.count)
        for (i, r) in registers.enumerated() { c.emit(.move(dst: block + Int32(i), src: r)) }
        let v = try c.headTerm(value)
        c.emit(rule.isMultiValueEntry ? .yieldNestedSetElement(keys: block, count: Int32(keys.count), element: v, line: line)
                                      : .yieldNestedEntry(keys: block, count: Int32(keys.count), value: v, line: line))
    }

    /// In the keyed procedure, before a definition's body: a variable key is bound to the
    /// asked-for key (the body's declarations of it then test it), a constant key is
    /// compared with it. Any other key is compared after the body; returns true then.
    private func requireKey(_ rule: Rule, _ asked: Register, compiler c: BodyCompiler) throws(PolicyError) -> Bool {
        guard let key = rule.key else { return false }
        if let name = key.variableName, !key.isWildcard {
            c.bind(name, asked)
            c.prebound = [name]
            return false
        }
        if let v = ConstantFolding.value(of: key) {
            c.emit(.test(op: .equal, a: c.constant(v), b: asked, fail: c.fail))
            return false
        }
        return true
    }

    /// OPA ignores a default below a rule whose keys vary there: `default p.a := 0` does
    /// not apply beside `p[k] := v` (checked with OPA v1.20), though it does beside `p.b := 1`
    /// or `p.c[k] := v`. Shadowed: some definition's leading constant keys are a proper
    /// prefix of the default's keys and a variable key follows them.
    static func isShadowed(_ fallback: Rule, in set: RuleSetDraft) -> Bool {
        let keys = ([fallback.key!] + fallback.nestedKeys).map { ConstantFolding.value(of: $0) }
        return set.definitions.contains { def in
            let theirs = ([def.rule.key].compactMap { $0 } + def.rule.nestedKeys).map { ConstantFolding.value(of: $0) }
            let ground = theirs.prefix { $0 != nil }
            return ground.count < theirs.count && ground.count < keys.count && Array(keys.prefix(ground.count)) == Array(ground)
        }
    }
}
