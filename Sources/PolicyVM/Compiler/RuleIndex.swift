// RuleIndex: groups rule definitions by their full path (package + rule path) into
// rule sets, checks that the definitions at one path agree (kind, arity, one default),
// and builds the rule tree used to resolve `data` references.

/// A rule definition and the module it belongs to.
struct RuleDefinition {
    let rule: Rule
    let module: Int
}

/// The definitions at one path, before compilation.
struct RuleSetDraft {
    let path: [String]
    var kind: RuleKind
    var arity: Int
    var definitions: [RuleDefinition] = []
    var defaultDefinition: RuleDefinition?

    var dottedName: String { "data." + path.joined(separator: ".") }
}

/// Rule sets by path and the tree over them.
struct RuleIndex {
    var ruleSets: [RuleSetDraft] = []
    var setByPath: [[String]: Int] = [:]
    var nodes: [RuleTreeNode] = [RuleTreeNode(path: [], children: [:], ruleSet: nil)]

    static func build(_ modules: [Module]) -> (RuleIndex, [PolicyError]) {
        var index = RuleIndex()
        var errors: [PolicyError] = []
        for (m, module) in modules.enumerated() {
            for rule in module.rules {
                let path = module.package + rule.path
                let def = RuleDefinition(rule: rule, module: m)
                let arity = rule.arguments.count
                if let i = index.setByPath[path] {
                    var set = index.ruleSets[i]
                    if set.kind != rule.kind || (rule.kind == .function && set.arity != arity) {
                        errors.append(PolicyError(.type, "conflicting rules \(set.dottedName) found", at: rule.location))
                        continue
                    }
                    if rule.isDefault {
                        if set.defaultDefinition != nil {
                            errors.append(PolicyError(.compile, "multiple default rules \(set.dottedName) found", at: rule.location))
                        }
                        set.defaultDefinition = def
                    } else {
                        set.definitions.append(def)
                    }
                    index.ruleSets[i] = set
                } else {
                    var set = RuleSetDraft(path: path, kind: rule.kind, arity: arity)
                    if rule.isDefault { set.defaultDefinition = def } else { set.definitions.append(def) }
                    index.setByPath[path] = index.ruleSets.count
                    index.ruleSets.append(set)
                }
            }
        }
        index.foldConstantKeysIntoPartialObjects()
        // Every package is a document, `{}` when none of its rules is defined.
        for module in modules { index.ensureNode(module.package) }
        for (i, set) in index.ruleSets.enumerated() {
            if let error = index.insert(set.path, ruleSet: Int32(i), location: (set.definitions.first ?? set.defaultDefinition)?.rule.location) {
                errors.append(error)
            }
        }
        return (index, errors)
    }

    /// Adds a rule set to the tree; a rule may not sit above or below another rule.
    private mutating func insert(_ path: [String], ruleSet: Int32, location: SourceLocation?) -> PolicyError? {
        var n = 0
        for (depth, step) in path.enumerated() {
            if let rs = nodes[n].ruleSet {
                return PolicyError(.type, "rule \(ruleSets[Int(rs)].dottedName) conflicts with [data.\(path.joined(separator: "."))]", at: location)
            }
            if let next = nodes[n].children[step] {
                n = Int(next)
            } else {
                nodes.append(RuleTreeNode(path: Array(path.prefix(depth + 1)), children: [:], ruleSet: nil))
                nodes[n].children[step] = Int32(nodes.count - 1)
                n = nodes.count - 1
            }
        }
        if !ruleSets(under: n).isEmpty {
            return PolicyError(.type, "rule data.\(path.joined(separator: ".")) conflicts with the rules below it", at: location)
        }
        nodes[n].ruleSet = ruleSet
        return nil
    }

    /// `o["a"] := 2` beside a partial object `o[k] := v` is one more entry of `o` (as in
    /// OPA), not a separate rule at `o.a`: move such definitions into the object.
    mutating func foldConstantKeysIntoPartialObjects() {
        var removed: Set<Int> = []
        for (i, set) in ruleSets.enumerated() where set.kind == .complete && set.path.count > 1 {
            guard let parent = setByPath[Array(set.path.dropLast())], ruleSets[parent].kind == .partialObject else { continue }
            for def in set.definitions {
                var rule = def.rule
                rule.kind = .partialObject
                rule.key = Term(.scalar(.string(set.path.last!)), rule.location)
                rule.path = Array(rule.path.dropLast())
                ruleSets[parent].definitions.append(RuleDefinition(rule: rule, module: def.module))
            }
            removed.insert(i)
        }
        guard !removed.isEmpty else { return }
        ruleSets = ruleSets.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        setByPath = [:]
        for (i, s) in ruleSets.enumerated() { setByPath[s.path] = i }
    }

    /// Adds the nodes of a path (a package) without a rule.
    mutating func ensureNode(_ path: [String]) {
        var n = 0
        for (depth, step) in path.enumerated() {
            if nodes[n].ruleSet != nil { return }
            if let next = nodes[n].children[step] {
                n = Int(next)
            } else {
                nodes.append(RuleTreeNode(path: Array(path.prefix(depth + 1)), children: [:], ruleSet: nil))
                nodes[n].children[step] = Int32(nodes.count - 1)
                n = nodes.count - 1
            }
        }
    }

    /// Every rule set at or below a node (what a virtual document depends on).
    func ruleSets(under node: Int) -> [Int] {
        var out: [Int] = []
        var stack = [node]
        while let n = stack.popLast() {
            if let rs = nodes[n].ruleSet { out.append(Int(rs)) }
            stack.append(contentsOf: nodes[n].children.values.map(Int.init))
        }
        return out
    }
}
