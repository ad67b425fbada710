// QueryCompiler: compiles a query (one or more expressions) against a program. A query
// is a body whose every solution records its variables and the value of each of its
// expressions (see QueryCapture); it gets registers after the program's, so the
// program itself is never changed.

/// A query compiled against a program, ready to evaluate many times.
public struct PreparedQuery: Sendable {
    public let program: Program
    package let procedure: Procedure
    /// The query's variables, in the order they first appear.
    public let variables: [String]
    /// The query's expressions as written (text and location), one per solution value in
    /// `QueryOutcome.expressionValues`; `some x` declarations are not among them (OPA's).
    public let expressions: [QueryTerm]
    let variableRegisters: [Register]
    /// Per expression, the register holding its value in a solution (-1: `true`).
    let expressionRegisters: [Register]
    let registerCount: Int32
    let iteratorCount: Int32
    let pathSlotCount: Int32
    /// Whether the query or a rule calls `time.now_ns`, so evaluations read the clock.
    let readsClock: Bool

    /// Compiles `query` against `program`.
    public init(_ query: String, program: Program) throws(PolicyErrors) {
        let terms: [QueryTerm]
        do { terms = try Parser.parseQueryTerms(query) } catch { throw PolicyErrors(error) }
        try self.init(terms, context: nil, program: program)
    }

    /// Compiles parsed expressions against `program`; with a module context, names
    /// resolve as in that module's rules (its package and imports).
    init(_ terms: [QueryTerm], context: ModuleContext?, program: Program) throws(PolicyErrors) {
        var index = RuleIndex()
        index.ruleSets = program.ruleSets.map { info in
            switch info.kind {
            case .partialSet: return RuleSetDraft(path: info.path, kind: .partialSet, arity: 0)
            case .partialObject: return RuleSetDraft(path: info.path, kind: .partialObject, arity: 0)
            case .function(let n): return RuleSetDraft(path: info.path, kind: .function, arity: n)
            case .complete, .query: return RuleSetDraft(path: info.path, kind: .complete, arity: 0)
            }
        }
        for (i, info) in program.ruleSets.enumerated() { index.setByPath[info.path] = i }
        index.nodes = program.nodes
        let state = CompilationState(index: index, contexts: [], modules: [])
        state.nextRegister = program.registerCount
        state.nextIterator = program.iteratorCount
        state.nextPathSlot = program.pathSlotCount
        let c = BodyCompiler(state: state, context: context, ruleSet: nil, location: SourceLocation(file: "query", line: 1, column: 1))
        let capture = QueryCapture(terms.map(\.literal), arity: c.callArity)
        let literals = capture.literals
        var names: [String] = []
        var registers: [Register] = []
        var expressionRegisters: [Register] = []
        let end = c.newLabel()
        c.fail = end
        do {
            try c.body(literals) { () throws(PolicyError) in
                var seen: Set<String> = []
                for n in QueryCompiler.variableOrder(literals, c) where !seen.contains(n) {
                    seen.insert(n)
                    if n.hasPrefix("_") || n.hasPrefix("$") { continue }
                    if let r = c.locals[n] { names.append(n); registers.append(r) }
                }
                expressionRegisters = capture.variables.map { name in name.flatMap { c.locals[$0] } ?? -1 }
                c.emit(.emitRow)
            }
        } catch {
            throw PolicyErrors(error)
        }
        c.place(end)
        // Types, as for rules.
        let typeErrors = TypeChecker.checkQuery(literals, state, ruleTypes: program.ruleTypes, context: context)
        if !typeErrors.isEmpty { throw PolicyErrors(PolicyCompiler.sorted(typeErrors)) }
        self.program = program
        self.procedure = c.builder.finish(name: "query", kind: .query, argumentBase: program.registerCount,
                                          registerBase: program.registerCount,
                                          registerCount: state.nextRegister - program.registerCount, stopsAtFirstValue: false)
        self.variables = names
        self.variableRegisters = registers
        // OPA reports no expression for `some x` declarations: they only scope names
        // (`some x in xs`, which iterates, is reported).
        let reported = terms.indices.filter { i in
            if case .someDeclaration = terms[i].literal.kind { return false }
            return true
        }
        self.expressions = reported.map { terms[$0] }
        self.expressionRegisters = reported.map { expressionRegisters[$0] }
        self.registerCount = state.nextRegister
        self.iteratorCount = state.nextIterator
        self.pathSlotCount = state.nextPathSlot
        self.readsClock = ([procedure] + program.procedures).contains { $0.builtins.contains { $0.readsClock } }
        if let e = Verifier.verify(procedure, registerLimit: registerCount, iteratorLimit: iteratorCount,
                                   pathSlotLimit: pathSlotCount, program: program) {
            throw PolicyErrors(e)
        }
    }
}

enum QueryCompiler {
    /// Variable names in the order they appear in the query text (outside comprehensions).
    static func variableOrder(_ literals: [Literal], _ c: BodyCompiler) -> [String] {
        var order: [String] = []
        func visit(_ t: Term) {
            switch t.kind {
            case .variable(let n): if c.isVariable(n) { order.append(n) }
            case .ref(let h, let s): visit(h); s.forEach(visit)
            case .call(_, let a): a.forEach(visit)
            case .array(let i), .set(let i): i.forEach(visit)
            case .object(let p): p.forEach { visit($0.key); visit($0.value) }
            case .binary(_, let a, let b): visit(a); visit(b)
            case .unaryMinus(let a): visit(a)
            case .membership(let k, let v, let col): if let k { visit(k) }; visit(v); visit(col)
            default: break
            }
        }
        for l in literals {
            switch l.kind {
            case .expression(let t): visit(t)
            case .assignment(let a, let b), .unification(let a, let b): visit(a); visit(b)
            case .someDeclaration(let vs): vs.forEach(visit)
            case .someIn(let k, let v, let col): if let k { visit(k) }; visit(v); visit(col)
            case .every(_, _, let col, _): visit(col)
            }
        }
        return order
    }
}
