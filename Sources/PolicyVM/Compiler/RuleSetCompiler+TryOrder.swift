// RuleSetCompiler, try order: which definition runs first, and whether the first value
// ends the search, as OPA's rule index decides them (see IndexedBranch). Decided here,
// at compile time: the definitions are laid out in OPA's order, and early exit is a
// property of the procedure (every admitted value the same for every input) or a short
// check after the first value (which of the differently valued branches the index
// admits for this input); the VM's loop is unchanged.

/// How a rule set's evaluation may stop at its first value.
enum EarlyExit {
    /// Never (partial rules; a branch the index always admits has another value).
    case never
    /// Always: every branch has the same ground value.
    case always
    /// Per branch (by definition as written, then branch): the branches with another
    /// value, whose admission keeps the evaluation going; nil: never stop there.
    case unlessAdmitted([[[IndexedBranch]?]])
}

extension RuleSetCompiler {
    /// Every branch of the definitions (as written) with its index conditions.
    func indexedBranches(_ set: RuleSetDraft, argumentBase: Register) -> [IndexedBranch] {
        var out: [IndexedBranch] = []
        let valued = set.kind == .complete || set.kind == .function
        for (d, def) in set.definitions.enumerated() {
            let rule = def.rule
            let c = BodyCompiler(state: state, context: state.contexts[def.module], ruleSet: ruleSet, location: rule.location)
            var argumentNames: Set<String> = []
            for a in rule.arguments { argumentNames.formUnion(Declarations.patternNames(a)) }
            c.declared = argumentNames
            let branches = [(rule.value, rule.body)] + rule.elseBranches.map { ($0.value, $0.body) }
            for (b, (value, body)) in branches.enumerated() {
                let heads = [rule.key, value].compactMap { $0 } + rule.nestedKeys
                let conditions = c.branchConditions(body, heads: heads, arguments: rule.arguments, argumentBase: argumentBase)
                out.append(IndexedBranch(definition: d, branch: b, conditions: conditions,
                                         value: valued ? Self.groundValue(value) : nil))
            }
        }
        return out
    }

    /// The definitions' numbers (as written) in the order OPA's index returns them when it
    /// admits them all: each where its first branch in the trie's depth-first walk is.
    static func tryOrder(_ branches: [IndexedBranch], count: Int) -> [Int] {
        let documents = rankedDocuments(branches)
        let paths = branches.map { path($0.trieValues, documents) }
        let walk = branches.indices.sorted { a, b in
            let order = comparePaths(paths[a], paths[b])
            if order != 0 { return order < 0 }
            return (branches[a].definition, branches[a].branch) < (branches[b].definition, branches[b].branch)
        }
        var seen = Set<Int>()
        var out: [Int] = []
        for i in walk where seen.insert(branches[i].definition).inserted { out.append(branches[i].definition) }
        // (Definitions without branches cannot occur; kept whole for safety.)
        for d in 0..<count where !seen.contains(d) { out.append(d) }
        return out
    }

    /// When the rule set's evaluation stops at its first value.
    static func earlyExit(_ branches: [IndexedBranch], kind: RuleKind, definitions: Int) -> EarlyExit {
        guard kind == .complete || kind == .function, branches.contains(where: { $0.value != nil }) else { return .never }
        if let first = branches.first?.value, branches.allSatisfy({ $0.value == first }) { return .always }
        return perBranch(branches, definitions: definitions)
    }

    private static func perBranch(_ branches: [IndexedBranch], definitions: Int) -> EarlyExit {
        var table: [[[IndexedBranch]?]] = Array(repeating: [], count: definitions)
        var any = false
        for b in branches {
            var others: [IndexedBranch]?
            if let v = b.value {
                let differing = branches.filter { $0.value != v }
                // A differing branch the index always admits: the value never settles it.
                if !differing.contains(where: \.isUnconditional) { others = differing; any = true }
            }
            table[b.definition].append(others)
        }
        return any ? .unlessAdmitted(table) : .never
    }

    /// A head value OPA holds as ground: scalars (a negative number is one) and
    /// collections of them; anything else it evaluates in the body first (a variable then).
    static func groundValue(_ t: Term) -> Value? {
        switch t.kind {
        case .scalar(let v): return v
        case .unaryMinus(let inner):
            guard case .scalar(.number) = inner.kind else { return nil }
            return ConstantFolding.value(of: t)
        case .array(let items), .set(let items):
            return items.allSatisfy { groundValue($0) != nil } ? ConstantFolding.value(of: t) : nil
        case .object(let pairs):
            return pairs.allSatisfy { groundValue($0.key) != nil && groundValue($0.value) != nil } ? ConstantFolding.value(of: t) : nil
        default: return nil
        }
    }

    /// The documents named by the branches' conditions: most conditions first, ties by
    /// where the first is written (arguments, which OPA holds without a place, last).
    private static func rankedDocuments(_ branches: [IndexedBranch]) -> [String] {
        var counts: [String: Int] = [:]
        var firstSeen: [String: (order: Int, location: SourceLocation?)] = [:]
        for b in branches {
            for c in b.conditions {
                // OPA counts each member of `x in {"a", "b"}` as a condition of its own.
                counts[c.key, default: 0] += max(1, TrieValue.values(of: c.value).count)
                if firstSeen[c.key] == nil { firstSeen[c.key] = (firstSeen.count, c.location) }
            }
        }
        return counts.keys.sorted { a, b in
            if counts[a]! != counts[b]! { return counts[a]! > counts[b]! }
            let (la, lb) = (firstSeen[a]!.location, firstSeen[b]!.location)
            switch (la, lb) {
            case let (x?, y?) where x != y:
                return (x.file, x.line, x.column) < (y.file, y.line, y.column)
            case (_?, nil): return true
            case (nil, _?): return false
            default: return firstSeen[a]!.order < firstSeen[b]!.order  // (OPA: either)
            }
        }
    }

    /// One step of a branch's place in the trie: its rank at a document (no condition,
    /// defined, a value), the ranks of an array pattern's elements, and whether the branch
    /// sits at this level (several scalars) rather than below it.
    private struct Step {
        let rank: Int
        let elements: [Int]
        let ends: Bool
    }

    /// A branch's steps through the trie; empty for a branch without conditions (at the root).
    private static func path(_ values: [String: [TrieValue]], _ documents: [String]) -> [Step] {
        guard !values.isEmpty else { return [] }
        var out: [Step] = []
        for d in documents {
            let vs = values[d] ?? []
            if vs.isEmpty { out.append(Step(rank: 0, elements: [], ends: false)); continue }
            if vs.count > 1 {
                if vs.contains(.defined) { out.append(Step(rank: 1, elements: [], ends: false)); continue }
                out.append(Step(rank: 2, elements: [], ends: true))
                return out
            }
            switch vs[0] {
            case .defined: out.append(Step(rank: 1, elements: [], ends: false))
            case .scalar: out.append(Step(rank: 2, elements: [], ends: false))
            case .array(let e): out.append(Step(rank: 3, elements: e.map { $0 == nil ? 1 : 2 }, ends: false))
            }
        }
        return out
    }

    /// Depth-first order of two trie paths: rank by rank; a branch that sits at a level
    /// comes before those below it; the root's before all.
    private static func comparePaths(_ a: [Step], _ b: [Step]) -> Int {
        for (x, y) in zip(a, b) {
            if x.rank != y.rank { return x.rank < y.rank ? -1 : 1 }
            for (p, q) in zip(x.elements, y.elements) where p != q { return p < q ? -1 : 1 }
            if x.elements.count != y.elements.count { return x.elements.count < y.elements.count ? -1 : 1 }
            if x.ends != y.ends { return x.ends ? -1 : 1 }
            if x.ends { return 0 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

/// What an early-exit check needs of the whole rule set: each document's reference, and
/// the documents some branch holds an array pattern for.
struct AdmissionContext {
    let refs: [String: IndexedRef]
    let arrayPatterned: Set<String>

    init(_ branches: [IndexedBranch]) {
        var refs: [String: IndexedRef] = [:]
        var arrays = Set<String>()
        for b in branches {
            for c in b.conditions { refs[c.key] = c.ref }
            for (key, vs) in b.trieValues where vs.contains(where: { if case .array = $0 { return true } else { return false } }) {
                arrays.insert(key)
            }
        }
        self.refs = refs
        arrayPatterned = arrays
    }

    /// After a value: ends the procedure unless the index admits one of `others` (the
    /// branches with another value) for this input.
    func emitEarlyExit(unlessAdmitted others: [IndexedBranch], compiler c: BodyCompiler, at location: SourceLocation) throws(PolicyError) {
        let goOn = c.newLabel()
        for b in others {
            try c.emitAdmission(b.trieValues, refs: refs, arrayPatterned: arrayPatterned, at: location, admitted: goOn)
        }
        c.emit(.return)
        c.place(goOn)
    }
}
