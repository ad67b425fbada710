// Declarations: the compile-time rules for declared variables in one body, checked
// in written order as OPA does: `:=` and `some` may not redeclare a variable, nor
// declare one already used above, nor a function argument; a `some` variable must be
// used; nothing may be called `data` or `input`; only variables can be assigned to.

enum Declarations {
    /// Checks the body and returns the names it declares.
    static func check(_ literals: [Literal], argumentNames: Set<String>) throws(PolicyError) -> Set<String> {
        var declared: Set<String> = []
        var seen: Set<String> = []
        var someDeclared: [(String, SourceLocation)] = []
        let analysis = VariableAnalysis(isVariable: { _ in true }, arity: { _ in nil })

        func declare(_ names: [String], at location: SourceLocation, assignment: Bool) throws(PolicyError) {
            for n in names {
                if n == "data" || n == "input" {
                    throw PolicyError(.compile, "variables must not shadow \(n) (use a different variable name)", at: location)
                }
                if argumentNames.contains(n) { throw PolicyError(.compile, "arg \(n) redeclared", at: location) }
                if declared.contains(n) {
                    throw PolicyError(.compile, "var \(n) \(assignment ? "assigned" : "declared") above", at: location)
                }
                if seen.contains(n) { throw PolicyError(.compile, "var \(n) referenced above", at: location) }
                declared.insert(n)
            }
        }

        for lit in literals {
            switch lit.kind {
            case .assignment(let lhs, let rhs):
                // OPA refuses this before anything else it checks of a declaration.
                if lit.isNegated { throw PolicyError(.compile, "cannot assign vars inside negated expression", at: lit.location) }
                try checkAssignable(lhs)
                // The right side is read before the left is declared: `x := x + 1` uses an
                // `x` from above (a comprehension's own variables aside).
                analysis.namesOutsideComprehensions(rhs, &seen)
                try declare(patternNames(lhs), at: lit.location, assignment: true)
            case .someDeclaration(let vars):
                let names = vars.compactMap(\.variableName).filter { $0 != "_" }
                try declare(names, at: lit.location, assignment: false)
                for n in names { someDeclared.append((n, lit.location)) }
            case .someIn(let k, let v, _):
                var names: [String] = []
                for t in [k, v].compactMap({ $0 }) { names += patternNames(t) }
                try declare(names, at: lit.location, assignment: false)
            case .every(let k, let v, _, let body):
                var used: Set<String> = []
                for l in body { analysis.collectNames(l, &used) }
                for t in [k, v].compactMap({ $0 }) {
                    if let n = t.variableName, n != "_", !used.contains(n) {
                        throw PolicyError(.compile, "declared var \(n) unused", at: t.location)
                    }
                }
            default:
                break
            }
            analysis.collectNames(lit, &seen)
        }
        for (name, location) in someDeclared {
            let uses = literals.filter { l in
                if case .someDeclaration = l.kind { return false }
                var names: Set<String> = []
                analysis.collectNames(l, &names)
                return names.contains(name)
            }
            if uses.isEmpty { throw PolicyError(.compile, "declared var \(name) unused", at: location) }
        }
        return declared
    }

    /// Variables named in a pattern (wildcards excluded).
    static func patternNames(_ t: Term) -> [String] {
        switch t.kind {
        case .variable(let n): return t.isWildcard ? [] : [n]
        case .array(let items): return items.flatMap(patternNames)
        case .object(let pairs): return pairs.flatMap { patternNames($0.value) }
        default: return []
        }
    }

    /// Only variables, and arrays and objects of them, can be assigned to.
    static func checkAssignable(_ t: Term) throws(PolicyError) {
        switch t.kind {
        case .variable: return
        case .array(let items): for i in items { try checkAssignable(i) }
        case .object(let pairs): for p in pairs { try checkAssignable(p.value) }
        case .scalar(let v):
            throw PolicyError(.compile, "cannot assign to \(v.typeName)", at: t.location)
        case .ref: throw PolicyError(.compile, "cannot assign to ref", at: t.location)
        case .call: throw PolicyError(.compile, "cannot assign to call", at: t.location)
        default: throw PolicyError(.compile, "cannot assign to expression", at: t.location)
        }
    }
}
