// PolicyCompiler: modules + data -> a verified Program. Stages, in order (the order
// matters: each relies on the one before):
//   1. parse every module (stop on parse errors: later stages need whole trees)
//   2. module checks (imports, rule names; in strict mode also unused imports), then
//      the declarations of every body (LocalVariableStage: OPA checks them before the
//      stages below, so their errors win)
//   3. rule index: group definitions by path, build the rule tree
//   4. compile every rule set (safety, declarations, code) collecting errors, and
//      for a partial object its keyed procedure (one asked-for key, see RuleSetCompiler);
//      calls of undefined functions and wrong arities found here are reported alone, as
//      OPA checks them in a stage before safety
//   5. recursion check over the dependencies recorded while compiling
//   6. type check (TypeChecker): after safety and recursion, as in OPA, because it
//      walks bodies in their safe order and rules in dependency order
//   7. verify every procedure once
// Errors are collected (at most PolicyErrors.maxReported) and reported in source order.

/// Shared state while compiling one program: register and iterator counters, the rule
/// index, module contexts, dependencies and errors.
final class CompilationState {
    var index: RuleIndex
    var contexts: [ModuleContext]
    var modules: [Module]
    var nextRegister: Int32 = 0
    var nextIterator: Int32 = 0
    /// Cache slots of constant paths into input or data, each with the register that
    /// holds its value.
    var pathSlots: [PathKey: (slot: Int32, register: Register)] = [:]
    var nextPathSlot: Int32 = 0
    /// Numbers the `with` literals, whose paths need slots of their own.
    var nextWithScope: Int32 = 0
    var errors: [PolicyError] = []
    /// Rule set -> rule sets it depends on (for the recursion check).
    var dependencies: [Int: Set<Int>] = [:]
    /// Each body's literals in the order compiled, by the first literal's location: the
    /// type checker walks bodies in that same order.
    var plannedBodies: [SourceLocation: [Literal]] = [:]

    init(index: RuleIndex, contexts: [ModuleContext], modules: [Module]) {
        self.index = index
        self.contexts = contexts
        self.modules = modules
    }

    func newRegister() -> Register {
        nextRegister += 1
        return nextRegister - 1
    }

    func newRegisters(_ n: Int) -> Register {
        let base = nextRegister
        nextRegister += Int32(n)
        return base
    }

    func pathSlot(_ key: PathKey) -> (slot: Int32, register: Register) {
        if let s = pathSlots[key] { return s }
        let s = (nextPathSlot, newRegister())
        nextPathSlot += 1
        pathSlots[key] = s
        return s
    }

    func newWithScope() -> Int32 {
        nextWithScope += 1
        return nextWithScope
    }

    func newIterator() -> Int32 {
        nextIterator += 1
        return nextIterator - 1
    }

    func report(_ e: PolicyError) {
        if errors.count < PolicyErrors.maxReported { errors.append(e) }
    }
}

/// A constant path below input or data, as read by one procedure in one `with` scope
/// (the key of a path cache slot). The slot's register holds the path's value and is
/// read in place by every use, so it must not be shared where the value can differ
/// while a reader still holds it: procedures are separate (a rule evaluated under a
/// `with` refills its slots while its caller keeps the outer value), and so is the
/// code under each `with`.
struct PathKey: Hashable {
    /// The rule set whose procedure reads the path (-1: the query).
    let owner: Int
    let withScope: Int32
    let root: UInt8
    let steps: [Value]
}

/// Compiles Rego modules into a program.
public enum PolicyCompiler {
    /// Compiles named sources with base data into a program ready to evaluate. `strict`
    /// adds OPA's strict-mode checks (StrictChecks) after the module checks.
    public static func compile(_ sources: [(name: String, text: String)], data: Value = .emptyObject,
                               strict: Bool = false) throws(PolicyErrors) -> Program {
        // 1. Parse.
        var modules: [Module] = []
        var errors: [PolicyError] = []
        for s in sources {
            do { modules.append(try Parser.parseModule(s.text, file: s.name)) } catch { errors += error.errors }
        }
        if !errors.isEmpty { throw PolicyErrors(errors) }
        // 2. Module checks.
        errors = ModuleChecks.check(modules) + (strict ? StrictChecks.check(modules) : [])
        if !errors.isEmpty { throw PolicyErrors(errors) }
        // 2b. Declarations of every body (OPA's RewriteLocalVars, before everything below).
        errors = LocalVariableStage.check(modules)
        if !errors.isEmpty { throw PolicyErrors(sorted(errors)) }
        // 3. Rule index.
        let (index, indexErrors) = RuleIndex.build(modules)
        if !indexErrors.isEmpty { throw PolicyErrors(indexErrors) }
        var namesByPackage: [[String]: Set<String>] = [:]
        for m in modules { for r in m.rules { namesByPackage[m.package, default: []].insert(r.path[0]) } }
        let contexts = modules.map { m in ModuleContext(module: m, ruleNames: namesByPackage[m.package] ?? []) }
        let state = CompilationState(index: index, contexts: contexts, modules: modules)
        // 4. Compile every rule set.
        var procedures: [Procedure] = []
        var infos: [RuleSetInfo] = []
        for i in index.ruleSets.indices {
            let proc = RuleSetCompiler(state: state, ruleSet: i).compile()
            procedures.append(proc)
            // A partial object's keyed procedure is an alternative way to the same entries:
            // where it cannot be compiled, lookups use the whole object.
            var keyed: Int32?
            if index.ruleSets[i].kind == .partialObject && state.errors.isEmpty {
                let p = RuleSetCompiler(state: state, ruleSet: i, keyed: true).compile()
                if state.errors.isEmpty { keyed = Int32(procedures.count); procedures.append(p) } else { state.errors = [] }
            }
            infos.append(RuleSetInfo(path: index.ruleSets[i].path, procedure: Int32(procedures.count - (keyed == nil ? 1 : 2)),
                                     kind: proc.kind, keyedProcedure: keyed))
        }
        let callErrors = state.errors.filter { $0.code == .type }
        if !callErrors.isEmpty { throw PolicyErrors(sorted(callErrors)) }
        // 5. Recursion.
        if let e = RecursionCheck.firstCycle(state) { state.report(e) }
        if !state.errors.isEmpty { throw PolicyErrors(sorted(state.errors)) }
        // 6. Types.
        let (typeErrors, ruleTypes) = TypeChecker.check(state)
        if !typeErrors.isEmpty { throw PolicyErrors(sorted(typeErrors)) }
        let program = Program(procedures: procedures, ruleSets: infos, nodes: index.nodes,
                              registerCount: state.nextRegister, iteratorCount: state.nextIterator,
                              pathSlotCount: state.nextPathSlot, data: data, ruleTypes: ruleTypes)
        // 7. Verify.
        for p in program.procedures {
            if let e = Verifier.verify(p, registerLimit: program.registerCount, iteratorLimit: program.iteratorCount,
                                       pathSlotLimit: program.pathSlotCount, program: program) {
                throw PolicyErrors(e)
            }
        }
        return program
    }

    static func sorted(_ errors: [PolicyError]) -> [PolicyError] {
        errors.enumerated().sorted { a, b in
            let la = a.element.location ?? .unknown, lb = b.element.location ?? .unknown
            if la.file != lb.file { return a.offset < b.offset }
            if la.line != lb.line { return la.line < lb.line }
            if la.column != lb.column { return la.column < lb.column }
            return a.offset < b.offset
        }.map(\.element)
    }
}
