// RecursionCheck: Rego forbids recursion. A cycle in the rule dependency graph (a rule
// or function reaching itself through references or calls) is rego_recursion_error.
// This is also what lets the VM give each procedure fixed registers.

enum RecursionCheck {
    static func firstCycle(_ state: CompilationState) -> PolicyError? {
        enum Mark { case visiting, done }
        var marks: [Int: Mark] = [:]
        var stack: [Int] = []

        func visit(_ n: Int) -> [Int]? {
            if marks[n] == .done { return nil }
            if marks[n] == .visiting {
                guard let start = stack.firstIndex(of: n) else { return [n] }
                return Array(stack[start...]) + [n]
            }
            marks[n] = .visiting
            stack.append(n)
            for m in (state.dependencies[n] ?? []).sorted() {
                if let cycle = visit(m) { return cycle }
            }
            stack.removeLast()
            marks[n] = .done
            return nil
        }

        for n in state.index.ruleSets.indices {
            if let cycle = visit(n) {
                let names = cycle.map { state.index.ruleSets[$0].dottedName }
                let def = state.index.ruleSets[cycle[0]].definitions.first ?? state.index.ruleSets[cycle[0]].defaultDefinition
                return PolicyError(.recursion, "rule \(names[0]) is recursive: \(names.joined(separator: " -> "))",
                                   at: def?.rule.location)
            }
        }
        return nil
    }
}
