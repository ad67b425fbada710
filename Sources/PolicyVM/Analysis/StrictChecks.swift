// StrictChecks: the checks OPA's compiler adds in strict mode (`opa check --strict`)
// that this compiler implements: an import no rule uses is an error
// (`import data.x unused`, at the import). Duplicate imports are refused in every mode
// (ModuleChecks). Invariant: strict checks only add errors; a module that passes them
// compiles to the same program as without them.

enum StrictChecks {
    static func check(_ modules: [Module]) -> [PolicyError] {
        var errors: [PolicyError] = []
        for m in modules {
            var used: Set<String> = []
            for rule in m.rules { NamesRead.collect(in: rule, into: &used) }
            for imp in m.imports where imp.path.first == "data" || imp.path.first == "input" {
                if !used.contains(imp.alias) {
                    errors.append(PolicyError(.compile, "import \(imp.path.joined(separator: ".")) unused", at: imp.location))
                }
            }
        }
        return errors
    }
}
