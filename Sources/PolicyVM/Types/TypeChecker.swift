// TypeChecker: the compiler stage that type-checks a program the way OPA's checker
// does (OPA's ast/check.go): rules are checked in dependency order, each body in its
// planned (safe) order, and every rule gets a type inferred from its head and body —
// a complete rule its value's type, a partial set `set[key]`, a partial object
// `object[key: value]`, a function `(arguments) => result` whose argument types come
// from how the body uses them (`f(v) := v * v` takes a number). Calls are checked
// against those types and OPA's builtin declarations; references against the shapes
// they point into. Invariant: only what can never succeed is reported (`input`, base
// `data` and whatever comes from them are `any`); a rule whose body has an error is
// `any` to its callers, so one mistake is reported once.

/// Stage 6 of PolicyCompiler: type errors for a program that passed every earlier stage.
final class TypeChecker {
    let index: RuleIndex
    let contexts: [ModuleContext]
    /// The compiler's order of each body (see CompilationState.plannedBodies).
    let plannedBodies: [SourceLocation: [Literal]]
    /// Inferred types of the rule sets checked so far.
    var ruleTypes: [Int: RegoType] = [:]
    var errors: [PolicyError] = []
    /// Rule-tree nodes at or above a rule set checked so far: as in OPA, a reference
    /// into `data` sees only the rules typed before it (its dependencies among them).
    private(set) var present: Set<Int> = []

    init(index: RuleIndex, contexts: [ModuleContext], plannedBodies: [SourceLocation: [Literal]]) {
        self.index = index
        self.contexts = contexts
        self.plannedBodies = plannedBodies
    }

    /// Checks every rule set, dependencies first: the errors, and each rule set's type.
    static func check(_ state: CompilationState) -> ([PolicyError], [RegoType]) {
        let checker = TypeChecker(index: state.index, contexts: state.contexts, plannedBodies: state.plannedBodies)
        var done = Set<Int>()
        // The recursion check ran before: the dependency graph has no cycle.
        func visit(_ rs: Int) {
            guard done.insert(rs).inserted else { return }
            for d in (state.dependencies[rs] ?? []).sorted() { visit(d) }
            checker.checkRuleSet(rs)
        }
        for rs in state.index.ruleSets.indices { visit(rs) }
        return (checker.errors, state.index.ruleSets.indices.map { checker.ruleTypes[$0] ?? .any })
    }

    /// Checks a query against a compiled program's rule types (all of them known).
    static func checkQuery(_ literals: [Literal], _ state: CompilationState, ruleTypes: [RegoType],
                           context: ModuleContext? = nil) -> [PolicyError] {
        let checker = TypeChecker(index: state.index, contexts: [], plannedBodies: state.plannedBodies)
        for (rs, t) in ruleTypes.enumerated() { checker.ruleTypes[rs] = t }
        checker.present = Set(state.index.nodes.indices)
        BodyTypes(checker: checker, context: context, checksEqualityAsUnification: false).checkBody(literals, heads: [])
        return checker.errors
    }

    func report(_ e: PolicyError) {
        // A term checked twice (an operand re-typed for a message) reports once.
        if errors.contains(where: { $0.message == e.message && $0.location == e.location }) { return }
        if errors.count < PolicyErrors.maxReported { errors.append(e) }
    }

    // MARK: - Rules

    private func checkRuleSet(_ rs: Int) {
        let set = index.ruleSets[rs]
        var type: RegoType?
        var failed = false
        var definitions = set.definitions
        if let d = set.defaultDefinition { definitions.append(d) }
        for def in definitions {
            let branches = [(def.rule.value, def.rule.body)] + def.rule.elseBranches.map { ($0.value, $0.body) }
            for (value, body) in branches {
                guard let t = ruleType(def, kind: set.kind, value: value, body: body) else { failed = true; continue }
                type = Self.merge(type, t)
            }
            // OPA types one definition at a time: the next already sees this one in the
            // tree (`a := 5` then `a = [data[1]]`: data has the key "test" by then).
            ruleTypes[rs] = failed ? .any : (type ?? .any)
            markPresent(set.path)
        }
    }

    private func markPresent(_ path: [String]) {
        var node = 0
        present.insert(0)
        for key in path {
            guard let child = index.nodes[node].children[key] else { break }
            node = Int(child)
            present.insert(node)
        }
    }

    /// The children of a rule-tree node that lead to rules checked so far.
    func presentChildren(_ node: Int) -> [String: Int32] {
        index.nodes[node].children.filter { present.contains(Int($0.value)) }
    }

    /// One definition (or `else` branch): its type, or nil when its body has an error.
    private func ruleType(_ def: RuleDefinition, kind: RuleKind, value: Term, body: [Literal]) -> RegoType? {
        let rule = def.rule
        let b = BodyTypes(checker: self, context: contexts[def.module])
        var arguments: Set<String> = []
        for a in rule.arguments { arguments.formUnion(Declarations.patternNames(a)) }
        b.enterArguments(arguments)
        let before = errors.count
        b.checkBody(body, heads: [rule.key, value].compactMap { $0 } + rule.nestedKeys)
        // Head terms are evaluated after the body, as OPA appends them to it.
        var valueType: RegoType?
        switch kind {
        case .complete, .function:
            valueType = b.value(value)
        case .partialSet:
            valueType = b.value(rule.key!).map { .set($0) }
        case .partialObject:
            let keyType = b.value(rule.key!)
            var v = b.value(value)
            for nested in rule.nestedKeys.reversed() {
                let k = b.value(nested)
                v = k.flatMap { k in v.map { .object(key: k, value: $0) } }
            }
            valueType = keyType.flatMap { k in v.map { .object(key: k, value: $0) } }
            // A scalar key (`p[0] := 7`) is a node of OPA's rule tree: the type is that
            // node's, the key with its value and any other (base data) key beside it.
            if case .scalar(let key) = rule.key!.kind, key.isScalar, let v {
                valueType = .object([ObjectProperty(key, v)], Self.treeNodeKeys)
            }
        }
        if errors.count > before { return nil }
        guard kind == .function else { return valueType ?? .any }
        let argumentTypes = rule.arguments.map { b.argumentType($0) }
        return .function(FunctionType(unnamed: argumentTypes, result: valueType))
    }

    /// What a rule-tree node holds beside its rules' keys (base data may be there).
    static let treeNodeKeys = DynamicProperty(.string, .any)

    /// Types of several definitions of one rule set combined (OPA's mergeTypes).
    static func merge(_ a: RegoType?, _ b: RegoType) -> RegoType {
        guard let a else { return b }
        switch (a, b) {
        case (.object(let pa, treeNodeKeys?), .object(let pb, treeNodeKeys?)) where !pa.isEmpty && !pb.isEmpty:
            // Two scalar keys of one rule-tree node: the node has both.
            var props = pa
            for p in pb {
                if let i = props.firstIndex(where: { $0.key == p.key }) {
                    props[i] = ObjectProperty(p.key, RegoType.or(props[i].type, p.type) ?? .any)
                } else {
                    props.append(p)
                }
            }
            return .object(props.sorted { $0.key < $1.key }, treeNodeKeys)
        case (.set(let x), .set(let y)):
            return .set(RegoType.or(x, y) ?? .any)
        case (.object([], let x?), .object([], let y?)):
            return .object(key: RegoType.or(x.key, y.key) ?? .any, value: merge(x.value, y.value))
        case (.function(let f), .function(let g)) where f.arity == g.arity:
            let args = zip(f.arguments, g.arguments).map { RegoType.or($0, $1) }
            return .function(FunctionType(unnamed: args, result: RegoType.or(f.result, g.result)))
        default:
            return RegoType.or(a, b) ?? .any
        }
    }

    // MARK: - The rule tree

    /// The type of a rule-tree node: a rule's inferred type, or for a package an object
    /// of its children's types that may also hold any other (base data) key.
    func nodeType(_ node: Int) -> RegoType {
        if let rs = index.nodes[node].ruleSet { return ruleTypes[Int(rs)] ?? .any }
        let children = presentChildren(node)
        let props = children.keys.sorted().map { key in ObjectProperty(.string(key), nodeType(Int(children[key]!))) }
        return .object(props, DynamicProperty(.string, .any))
    }
}
