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
    /// Defaults of single entries of a partial object (`default p[1] := 0`), one per key.
    var keyedDefaults: [RuleDefinition] = []
    /// Defaults after the first (of the rule, or of one key): an error (`multipleDefaults`).
    var extraDefaults: [RuleDefinition] = []
    /// Every definition of the set, defaults included (for locations and types).
    var allDefinitions: [RuleDefinition] { definitions + keyedDefaults + (defaultDefinition.map { [$0] } ?? []) }

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
                if rule.isDefault, rule.kind == .partialObject, let name = ([rule.key!] + rule.nestedKeys).lazy.compactMap(\.firstVariable).first {
                    errors.append(PolicyError(.unsafeVar, "var \(name) is unsafe", at: rule.location))
                    continue
                }
                let i = index.setByPath[path] ?? {
                    index.setByPath[path] = index.ruleSets.count
                    index.ruleSets.append(RuleSetDraft(path: path, kind: rule.kind, arity: arity))
                    return index.ruleSets.count - 1
                }()
                var set = index.ruleSets[i]
                let multiValue = set.allDefinitions.first?.rule.isMultiValueEntry ?? rule.isMultiValueEntry
                if set.kind != rule.kind || (rule.kind == .function && set.arity != arity) || multiValue != rule.isMultiValueEntry {
                    errors.append(PolicyError(.type, "conflicting rules \(set.dottedName) found", at: rule.location))
                    continue
                }
                set.add(def)
                index.ruleSets[i] = set
            }
        }
        for set in index.ruleSets { errors += set.multipleDefaults(modules) }
        index.foldConstantKeysIntoPartialObjects()
        // Every package is a document, `{}` when none of its rules is defined.
        for module in modules { index.ensureNode(module.package) }
        for (i, set) in index.ruleSets.enumerated() {
            if let error = index.insert(set.path, ruleSet: Int32(i), location: set.allDefinitions.first?.rule.location) {
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
    /// OPA), not a separate rule at `o.a`; so is anything deeper (`o.a[0] := 1`,
    /// `o.a contains 1`): move such definitions into the object, keyed by the steps
    /// below it.
    mutating func foldConstantKeysIntoPartialObjects() {
        var removed: Set<Int> = []
        for (i, set) in ruleSets.enumerated() where set.kind != .function && set.path.count > 1 {
            guard let depth = (1..<set.path.count).reversed().first(where: { n in
                setByPath[Array(set.path.prefix(n))].map { ruleSets[$0].kind == .partialObject } ?? false
            }) else { continue }
            let parent = setByPath[Array(set.path.prefix(depth))]!
            let steps = set.path[depth...]
            for def in set.allDefinitions {
                var rule = def.rule
                let at = rule.location
                var keys = steps.map { Term(.scalar(.string($0)), at) }
                switch rule.kind {
                case .partialSet:
                    rule.isMultiValueEntry = true
                    rule.value = rule.key!
                case .partialObject:
                    keys += [rule.key!] + rule.nestedKeys
                default:
                    break
                }
                rule.kind = .partialObject
                rule.key = keys[0]
                rule.nestedKeys = Array(keys.dropFirst())
                rule.path = Array(rule.path.dropLast(min(steps.count, rule.path.count - 1)))
                ruleSets[parent].add(RuleDefinition(rule: rule, module: def.module))
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

extension RuleSetDraft {
    /// Adds a definition; a second default for the same rule (or the same key) is kept
    /// aside in `extraDefaults`, for `multipleDefaults`.
    mutating func add(_ def: RuleDefinition) {
        guard def.rule.isDefault else {
            definitions.append(def)
            return
        }
        if kind == .partialObject {
            let key = ConstantFolding.value(of: def.rule.key!)
            if keyedDefaults.contains(where: { ConstantFolding.value(of: $0.rule.key!) == key }) {
                extraDefaults.append(def)
            } else {
                keyedDefaults.append(def)
            }
            return
        }
        if defaultDefinition != nil { extraDefaults.append(def) } else { defaultDefinition = def }
    }

    /// OPA's error for a rule (or a partial object's key) with more than one default, as
    /// its rule-conflict check words it: a type error at the package of the first
    /// default's module, naming every default's file and line
    /// (`multiple default rules data.t.a found at mod0.rego:2, mod0.rego:3`).
    func multipleDefaults(_ modules: [Module]) -> [PolicyError] {
        var groups: [(name: String, defaults: [RuleDefinition])] = []
        for extra in extraDefaults {
            var name = dottedName
            var first = defaultDefinition
            if kind == .partialObject, let key = ConstantFolding.value(of: extra.rule.key!) {
                first = keyedDefaults.first { ConstantFolding.value(of: $0.rule.key!) == key }
                name += "." + JSONWriter.objectKeyText(key)
            }
            if let i = groups.firstIndex(where: { $0.name == name }) {
                groups[i].defaults.append(extra)
            } else if let first {
                groups.append((name, [first, extra]))
            }
        }
        return groups.map { group in
            let places = group.defaults.map { "\($0.rule.location.file):\($0.rule.location.line)" }
            return PolicyError(.type, "multiple default rules \(group.name) found at \(places.joined(separator: ", "))",
                               at: modules[group.defaults[0].module].location)
        }
    }
}

extension Term {
    /// The first variable in a term (a key that is not ground), if any.
    var firstVariable: String? {
        switch kind {
        case .variable(let n): return n
        case .scalar: return nil
        case .ref(let h, let s): return ([h] + s).lazy.compactMap(\.firstVariable).first
        case .array(let items), .set(let items): return items.lazy.compactMap(\.firstVariable).first
        case .object(let pairs): return pairs.lazy.compactMap { $0.key.firstVariable ?? $0.value.firstVariable }.first
        case .call(_, let args): return args.lazy.compactMap(\.firstVariable).first
        case .binary(_, let a, let b): return a.firstVariable ?? b.firstVariable
        case .unaryMinus(let a): return a.firstVariable
        case .membership(let k, let v, let c): return k?.firstVariable ?? v.firstVariable ?? c.firstVariable
        case .arrayComprehension, .setComprehension, .objectComprehension: return nil
        }
    }
}
