// ModuleChecks: per-module rules that need no evaluation: imports must not shadow one
// another, rules must not be named after the roots `data` and `input`, function
// arguments are patterns (no calls: `f(1 + 2)`, `f(-x)`).

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
            for r in m.rules {
                for a in r.arguments { if let call = firstCall(inArgument: a) { errors.append(call) } }
            }
        }
        return errors
    }

    /// OPA walks an argument's refs, arrays and object values; a call there is an error
    /// (sets and comprehensions are left alone).
    static func firstCall(inArgument t: Term) -> PolicyError? {
        switch t.kind {
        case .call, .binary, .membership:
            return PolicyError(.compile, "rule arguments cannot contain calls", at: t.location)
        case .unaryMinus(let inner):
            return inner.scalarValue == nil ? PolicyError(.compile, "rule arguments cannot contain calls", at: t.location) : nil
        case .ref(let head, let steps):
            return ([head] + steps).lazy.compactMap(firstCall(inArgument:)).first
        case .array(let items):
            return items.lazy.compactMap(firstCall(inArgument:)).first
        case .object(let pairs):
            return pairs.lazy.compactMap { firstCall(inArgument: $0.value) }.first
        default:
            return nil
        }
    }
}
