// BodyCompiler: compiles rule bodies, queries and comprehensions into one procedure's
// instructions. A body is backtracking search compiled to nested loops: `fail` is the
// address of the innermost retry point (an iterator's next, or the body's end), and
// every instruction that can fail jumps there. Literals are emitted in the order the
// planner found safe; variables are bound by aliasing registers, which are never
// reused, so a binding stays valid for as long as its scope.

/// Compiles bodies for one procedure.
final class BodyCompiler {
    let state: CompilationState
    /// The module the code comes from (nil for queries).
    let context: ModuleContext?
    /// The rule set being compiled (for dependencies), if any.
    let ruleSet: Int?
    var builder: ProcedureBuilder
    /// Bound variables.
    var locals: [String: Register] = [:]
    /// When each variable was bound (a lower number: earlier), for OPA's orders of a
    /// literal's terms (SourceTermOrder); registers cannot tell, as variables bound to
    /// one constant share its register.
    var bindingOrder: [String: Int] = [:]
    private var bindings = 0
    /// Variables declared in the current scope (they shadow rules of the same name).
    var declared: Set<String> = []
    /// Function argument variables (may not be redeclared).
    var argumentNames: Set<String> = []
    /// Variables bound before the next body, which its declarations (`some k in xs`,
    /// `k := e`) test instead of binding anew: a partial object's key when one key is
    /// asked for (OPA unifies the head's key first). Only the next body sees them.
    var prebound: Set<String> = []
    /// The innermost retry point.
    var fail: Address = 0
    /// The `with` literal being compiled (0: none); see `PathKey`.
    var withScope: Int32 = 0

    init(state: CompilationState, context: ModuleContext?, ruleSet: Int?, location: SourceLocation) {
        self.state = state
        self.context = context
        self.ruleSet = ruleSet
        self.builder = ProcedureBuilder(location: location)
    }

    func emit(_ i: Instruction) { builder.emit(i) }
    func newRegister() -> Register { state.newRegister() }
    func newLabel() -> Address { builder.newLabel() }
    func place(_ l: Address) { builder.place(l) }

    func unsafe(_ name: String, at location: SourceLocation) -> PolicyError {
        PolicyError(.unsafeVar, "var \(name) is unsafe", at: location)
    }

    // MARK: - Names

    func resolve(_ name: String) -> ResolvedName {
        if let r = locals[name] { return .local(r) }
        if declared.contains(name) || name == "_" || name.hasPrefix("$") { return .unbound }
        return ModuleContext.resolveGlobal(name, in: context) ?? .unbound
    }

    func isVariable(_ name: String) -> Bool {
        switch resolve(name) {
        case .local, .unbound: return true
        default: return false
        }
    }

    var analysis: VariableAnalysis {
        VariableAnalysis(isVariable: { [unowned self] in self.isVariable($0) },
                         arity: { [unowned self] in self.callArity($0) })
    }

    var bound: Set<String> { Set(locals.keys) }

    // MARK: - Bodies

    /// Compiles `literals` in a safe order, then `success`, then (when `backtrack`) a jump
    /// back to the innermost retry point for more solutions. Scope is restored after.
    /// `extraNames` are variables of the enclosing head, which comprehensions must share.
    func body(_ literals: [Literal], extraNames: [Term] = [], backtrack: Bool = true,
              success: () throws(PolicyError) -> Void) throws(PolicyError) {
        let savedLocals = locals, savedDeclared = declared, savedFail = fail
        defer { locals = savedLocals; declared = savedDeclared; fail = savedFail }
        let newlyDeclared = try Declarations.check(literals, argumentNames: argumentNames)
        let keep = prebound
        prebound = []
        for n in newlyDeclared {
            declared.insert(n)
            if !keep.contains(n) { locals[n] = nil }
        }
        // OPA refuses these `with` targets before it checks safety.
        for l in literals {
            for w in l.withModifiers {
                guard let name = w.target.dottedName, case .unbound = resolve(name[0]) else { continue }
                try Self.checkReplaceable(builtin: name.joined(separator: "."), at: w.target.location)
            }
        }
        var planner = BodyPlanner(analysis: analysis)
        var outer: Set<String> = []
        for l in literals { planner.analysis.namesOutside(l, &outer) }
        for t in extraNames { planner.analysis.namesOutsideComprehensions(t, &outer) }
        planner.analysis.outerNames = outer
        let ordered = try planner.order(literals, bound: bound)
        if let first = literals.first { state.plannedBodies[first.location] = ordered }
        for lit in ordered {
            try literal(lit, outerNames: outer)
        }
        try success()
        if backtrack { emit(.jump(target: fail)) }
    }

    /// Iterates R[collection]: the rest of the body runs once per entry.
    func iterate(_ collection: Register, wantKey: Bool) -> (key: Register, value: Register) {
        let it = state.newIterator()
        emit(.iterInit(iterator: it, src: collection, fail: fail))
        let next = newLabel()
        place(next)
        let k = wantKey ? newRegister() : -1
        let v = newRegister()
        emit(.iterNext(iterator: it, key: k, value: v, done: fail))
        fail = next
        return (k, v)
    }

    func bind(_ name: String, _ r: Register) {
        if name == "_" || name.hasPrefix("$") { return }
        locals[name] = r
        bindingOrder[name] = bindings
        bindings += 1
    }

    /// Where a bound variable was bound, for SourceTermOrder.
    var declarationOrder: (String) -> Int? {
        { [locals, bindingOrder] name in locals[name] == nil ? nil : bindingOrder[name] }
    }

    /// A register holding `v` (a constant register: read-only, loaded once).
    func constant(_ v: Value) -> Register {
        builder.constantRegister(for: v, allocate: newRegister)
    }

    func dependOn(_ other: Int) {
        guard let rs = ruleSet else { return }
        state.dependencies[rs, default: []].insert(other)
    }
}
