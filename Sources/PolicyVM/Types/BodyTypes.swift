// BodyTypes: the types of one body's variables while the type checker walks it, with
// the scoping the compiler uses (comprehension and `every` bodies nest; `:=` and
// `some` declare), and the checks of its literals in the planned (safe) order.
// Invariant: a variable has a type only once something bound it (a function
// argument starts bound but untyped, so its uses infer its type, as in OPA).

final class BodyTypes {
    unowned let checker: TypeChecker
    let context: ModuleContext?
    /// OPA rewrites a rule body's `a == b` to `a = b` before checking; not a query's.
    let checksEqualityAsUnification: Bool

    struct Scope {
        var types: [String: RegoType] = [:]
        /// Variables bound at run time (with or without a known type).
        var bound: Set<String> = []
        /// Variables declared here (they shadow rules and outer variables).
        var declared: Set<String> = []
    }

    /// Innermost last.
    var scopes: [Scope] = [Scope()]
    /// Paths below `data` that the current literal's `with` replaces, with the type of
    /// the replacement (what OPA's checker sees there while checking the literal).
    var replaced: [[String]: RegoType] = [:]

    init(checker: TypeChecker, context: ModuleContext?, checksEqualityAsUnification: Bool = true) {
        self.checker = checker
        self.context = context
        self.checksEqualityAsUnification = checksEqualityAsUnification
    }

    // MARK: - Variables

    /// What a name means here, as the compiler resolves it; every variable of the body,
    /// bound or not, is `.unbound` (the checker has no registers).
    func resolve(_ n: String) -> ResolvedName {
        if n == "_" || n.hasPrefix("$") { return .unbound }
        for s in scopes.reversed() where s.bound.contains(n) || s.declared.contains(n) { return .unbound }
        return ModuleContext.resolveGlobal(n, in: context) ?? .unbound
    }

    func isLocal(_ n: String) -> Bool {
        if case .unbound = resolve(n) { return true }
        return false
    }

    /// The type of a local variable (nil: unbound, or bound with a type not yet known).
    func typeOf(_ n: String) -> RegoType? {
        if n == "_" || n.hasPrefix("$") { return nil }
        for s in scopes.reversed() {
            if let t = s.types[n] { return t }
            if s.declared.contains(n) || s.bound.contains(n) { return nil }
        }
        return nil
    }

    /// Records `n`'s type in the scope that owns it.
    func bind(_ n: String, _ t: RegoType) {
        if n == "_" || n.hasPrefix("$") { return }
        let owner = scopes.lastIndex { $0.bound.contains(n) || $0.declared.contains(n) } ?? scopes.count - 1
        scopes[owner].types[n] = t
        scopes[owner].bound.insert(n)
    }

    var boundNames: Set<String> { scopes.reduce(into: []) { $0.formUnion($1.bound) } }

    func enterArguments(_ names: Set<String>) {
        scopes[scopes.count - 1].declared.formUnion(names)
        scopes[scopes.count - 1].bound.formUnion(names)
    }

    /// A function argument's type after the body: what its uses made it, `any` if unused.
    func argumentType(_ t: Term) -> RegoType {
        switch t.kind {
        case .variable(let n): return typeOf(n) ?? .any
        case .array(let items): return items.isEmpty ? .anyArray : .array(items.map(argumentType), nil)
        default: return value(t) ?? .any
        }
    }

    // MARK: - Bodies

    /// Checks a body's literals in the order the compiler runs them. `heads` are the
    /// enclosing head terms (a comprehension shares their variables).
    func checkBody(_ literals: [Literal], heads: [Term]) {
        let declared = VariableAnalysis.declaredNames(literals)
        let top = scopes.count - 1
        scopes[top].declared.formUnion(declared)
        for n in declared { scopes[top].types[n] = nil; scopes[top].bound.remove(n) }
        if let first = literals.first, let ordered = checker.plannedBodies[first.location], ordered.count == literals.count {
            for l in ordered { literal(l) }
            return
        }
        let analysis = VariableAnalysis(isVariable: { [unowned self] in self.isLocal($0) },
                                        arity: { [unowned self] in self.arity($0) })
        var planner = BodyPlanner(analysis: analysis)
        var outer: Set<String> = []
        for l in literals { planner.analysis.namesOutside(l, &outer) }
        for t in heads { planner.analysis.namesOutsideComprehensions(t, &outer) }
        planner.analysis.outerNames = outer
        // The compiler already ordered this body; an order it could not find was an error.
        guard let ordered = try? planner.order(literals, bound: boundNames) else { return }
        for l in ordered { literal(l) }
    }

    /// Runs `body` in a nested scope whose bindings do not leak out.
    func nested<T>(_ body: () -> T) -> T {
        scopes.append(Scope())
        defer { scopes.removeLast() }
        return body()
    }

    func literal(_ l: Literal) {
        let outside = replaced
        defer { replaced = outside }
        for w in l.withModifiers {
            let t = value(w.value)
            if let path = replacedPath(w.target), !isAboveRules(path) { replaced[path] = t ?? .any }
            checkFunctionReplacement(w)
        }
        switch l.kind {
        case .expression(let t):
            switch t.kind {
            case .call(let name, let args): _ = call(name, args, at: t.location, nested: false)
            // OPA rewrites an expression `a == b` to the unification `a = b` (RewriteEquals).
            case .binary(.equal, let a, let b) where checksEqualityAsUnification: unify(a, b, at: l.location)
            case .binary(let op, let a, let b): _ = call([op.builtinName], [a, b], at: t.location, nested: false)
            default: _ = value(t)
            }
        case .assignment(let a, let b), .unification(let a, let b):
            unify(a, b, at: l.location)
        case .someDeclaration:
            break
        case .someIn(let k, let v, let c):
            someIn(key: k, value: v, collection: c, at: l.location)
        case .every(let k, let v, let c, let body):
            every(key: k, value: v, domain: c, body: body)
        }
    }

    /// `some k, v in c`: OPA's rewrite `k = <key>; v = c[<key>]`.
    private func someIn(key: Term?, value v: Term, collection c: Term, at location: SourceLocation) {
        let ct = value(c)
        if let ct, let keys = ct.keys, let values = ct.values {
            if let key { unify(key, type: keys, at: location) }
            unify(v, type: values, at: location)
            return
        }
        if let ct, isReference(c) {
            var segments = referenceSegments(c)
            segments.append("[__local0__]")
            checker.report(TypeErrors.refUnsupported(segments, position: segments.count - 2, have: ct, at: c.location))
            return
        }
        checker.report(TypeErrors.match(operandType(v), nil, at: location))
    }

    /// The path below `data` a `with` target names (nil for `input` targets).
    private func replacedPath(_ target: Term) -> [String]? {
        let head: Term, steps: [Term]
        switch target.kind {
        case .ref(let h, let s): head = h; steps = s
        case .variable: head = target; steps = []
        default: return nil
        }
        var path: [String]
        switch head.variableName.map(resolve) {
        case .data?: path = []
        case .dataPath(let p)?: path = p
        default: return nil
        }
        for s in steps {
            guard case .scalar(.string(let key)) = s.kind else { return nil }
            path.append(key)
        }
        return path
    }

    /// `with f as g`, both functions (builtins or rules): OPA's checkExprWith wants g's
    /// arity and each of its argument types to unify with f's; its message says "arity
    /// mismatch" either way (`with object.keys as sort`: an object is no array or set).
    private func checkFunctionReplacement(_ w: WithModifier) {
        guard let target = w.target.dottedName.flatMap(functionType),
              let replacement = w.value.dottedName.flatMap(functionType),
              !RegoType.unifies(.function(target.type), .function(replacement.type)) else { return }
        checker.report(TypeErrors.arity(target.name, have: replacement.type.arguments, want: target.type, at: w.location))
    }

    /// The name and type of the builtin or rule function `name` calls, when known.
    private func functionType(_ name: [String]) -> (name: String, type: FunctionType)? {
        switch target(name) {
        case .builtin(let b)?:
            return (b.name, b.signature)
        case .function(let i)?:
            guard case .function(let f)? = checker.ruleTypes[i] else { return nil }
            return (checker.index.ruleSets[i].dottedName, f)
        default:
            return nil
        }
    }

    /// Whether `path` below data names a node of the rule tree that is not itself a rule
    /// (a package, or a prefix of ref heads): OPA's checker keeps the rules' types below
    /// such a node while a `with` replaces it (`data.p.q.a.b with data.p.q as 5` checks).
    private func isAboveRules(_ path: [String]) -> Bool {
        let index = checker.index
        var node = 0
        for key in path {
            guard let child = index.nodes[node].children[key] else { return false }
            node = Int(child)
            if index.nodes[node].ruleSet != nil { return false }
        }
        return true
    }

    private func isReference(_ t: Term) -> Bool {
        switch t.kind {
        case .ref: return true
        case .variable(let n): return !t.isWildcard && (!isLocal(n) || typeOf(n) != nil)
        default: return false
        }
    }
}

