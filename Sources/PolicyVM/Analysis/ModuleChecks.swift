// ModuleChecks: per-module rules that need no evaluation: imports must not shadow one
// another, rules must not be named after the roots `data` and `input`.

enum ModuleChecks {
    static func check(_ modules: [Module]) -> [PolicyError] {
        var errors: [PolicyError] = []
        for m in modules {
            var seen: [String: [String]] = [:]
            for imp in m.imports {
                let key = imp.path == ["rego", "v1"] || imp.path.first == "future" ? imp.path.joined(separator: ".") : imp.alias
                if let previous = seen[key] {
                    errors.append(PolicyError(.compile, "import must not shadow import \(previous.joined(separator: "."))", at: imp.location))
                }
                seen[key] = imp.path
            }
            for r in m.rules where r.path[0] == "data" || r.path[0] == "input" {
                errors.append(PolicyError(.compile, "rules must not shadow \(r.path[0]) (use a different rule name)", at: r.location))
            }
        }
        return errors
    }
}
