// NamesRead: every name a rule, literal or term mentions — variables, reference heads,
// the first part of call names — for checks that ask whether a name is used at all
// (strict mode's unused imports, the variables a failing test expression shows).
// Invariant: it over-approximates (a local that shadows an import counts as a use).

enum NamesRead {
    /// Every name a rule reads.
    static func collect(in rule: Rule, into used: inout Set<String>) {
        var terms = rule.arguments + [rule.value] + rule.nestedKeys
        if let key = rule.key { terms.append(key) }
        for t in terms { collect(in: t, into: &used) }
        for l in rule.body { collect(in: l, into: &used) }
        for branch in rule.elseBranches {
            collect(in: branch.value, into: &used)
            for l in branch.body { collect(in: l, into: &used) }
        }
    }

    static func collect(in literal: Literal, into used: inout Set<String>) {
        for w in literal.withModifiers {
            collect(in: w.target, into: &used)
            collect(in: w.value, into: &used)
        }
        switch literal.kind {
        case .expression(let t): collect(in: t, into: &used)
        case .assignment(let a, let b), .unification(let a, let b):
            collect(in: a, into: &used)
            collect(in: b, into: &used)
        case .someDeclaration(let ts): for t in ts { collect(in: t, into: &used) }
        case .someIn(let k, let v, let c):
            for t in [k, v, c].compactMap({ $0 }) { collect(in: t, into: &used) }
        case .every(let k, let v, let c, let body):
            for t in [k, v, c].compactMap({ $0 }) { collect(in: t, into: &used) }
            for l in body { collect(in: l, into: &used) }
        }
    }

    static func collect(in term: Term, into used: inout Set<String>) {
        switch term.kind {
        case .scalar: return
        case .variable(let n): used.insert(n)
        case .ref(let head, let steps):
            collect(in: head, into: &used)
            for s in steps { collect(in: s, into: &used) }
        case .array(let ts), .set(let ts): for t in ts { collect(in: t, into: &used) }
        case .object(let pairs):
            for p in pairs { collect(in: p.key, into: &used); collect(in: p.value, into: &used) }
        case .arrayComprehension(let t, let body), .setComprehension(let t, let body):
            collect(in: t, into: &used)
            for l in body { collect(in: l, into: &used) }
        case .objectComprehension(let k, let v, let body):
            collect(in: k, into: &used)
            collect(in: v, into: &used)
            for l in body { collect(in: l, into: &used) }
        case .call(let name, let args):
            if let first = name.first { used.insert(first) }
            for a in args { collect(in: a, into: &used) }
        case .binary(_, let a, let b):
            collect(in: a, into: &used)
            collect(in: b, into: &used)
        case .unaryMinus(let t): collect(in: t, into: &used)
        case .membership(let k, let v, let c):
            for t in [k, v, c].compactMap({ $0 }) { collect(in: t, into: &used) }
        }
    }
}
