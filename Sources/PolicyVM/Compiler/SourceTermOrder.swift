// SourceTermOrder: the order OPA keeps a set literal's source terms in. OPA iterates a
// set literal written in a body (`some x in {input.a, "b"}`) over those terms, each
// evaluated in turn: in the order of the terms, not of their values, and without
// merging equal values (`[x | some x in {input.s, "b"}]` with input.s = "b" is
// ["b", "b"]; checked with OPA v1). By then its compiler has named each call, operator
// and comprehension as a local variable and resolved global names to references, so
// the order is: constants by value (null, booleans, numbers, strings), then variables
// (in the order they were declared; the locals made for calls and comprehensions
// after them, in their own source order), then references (root, then step by step),
// then arrays, objects and sets element by element.
//
// Approximations, each a shape no differential run has produced: OPA names its locals
// `__localN__` and compares names as text (so `__local10__` sorts before `__local9__`,
// and a plain variable named in upper case before any local); a rule's name compares
// here as `data.<name>`, without its package.

struct SourceTermOrder {
    /// Where each variable was declared (a lower number: earlier).
    let declaration: (String) -> Int?
    /// True: the order once calls, operators and comprehensions are locals (the order
    /// OPA iterates in). False: the order as written, where they sort after every other
    /// term (comprehensions, then calls), which is the order OPA evaluates them in.
    var callsAsLocals = true

    func sorted(_ terms: [Term]) -> [Term] {
        sorted(Array(terms.indices), by: { terms[$0] }).map { terms[$0] }
    }

    /// A term OPA evaluates before the expression holding it, into a local of its own.
    static func isMovedOut(_ t: Term) -> Bool {
        switch t.kind {
        case .arrayComprehension, .setComprehension, .objectComprehension, .call, .binary, .unaryMinus, .membership: return true
        default: return false
        }
    }

    /// `elements` ordered by the terms `term` gives for them (ties keep their order).
    func sorted<E>(_ elements: [E], by term: (E) -> Term) -> [E] {
        elements.enumerated().sorted { a, b in
            let c = compare(term(a.element), term(b.element))
            return c != 0 ? c < 0 : a.offset < b.offset
        }.map(\.element)
    }

    /// OPA's rank of a term's kind once its compiler rewrote it.
    private func rank(_ t: Term) -> Int {
        switch t.kind {
        case .scalar(let v): return v.kindRank
        case .variable(let n): return declaration(n) == nil ? 5 : 4
        case .ref: return 5
        case .array: return 6
        case .object: return 7
        case .set: return 8
        case .arrayComprehension: return callsAsLocals ? 4 : 9
        case .objectComprehension: return callsAsLocals ? 4 : 10
        case .setComprehension: return callsAsLocals ? 4 : 11
        case .call, .binary, .unaryMinus, .membership: return callsAsLocals ? 4 : 12
        }
    }

    func compare(_ a: Term, _ b: Term) -> Int {
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a.kind, b.kind) {
        case (.scalar(let x), .scalar(let y)):
            return Value.compare(x, y)
        case (.array(let x), .array(let y)):
            return sequence(x, y)
        case (.set(let x), .set(let y)):
            return sequence(sorted(x), sorted(y))
        case (.object(let x), .object(let y)):
            let xs = x.sorted { compare($0.key, $1.key) < 0 }, ys = y.sorted { compare($0.key, $1.key) < 0 }
            for (p, q) in zip(xs, ys) {
                let k = compare(p.key, q.key)
                if k != 0 { return k }
                let v = compare(p.value, q.value)
                if v != 0 { return v }
            }
            return xs.count == ys.count ? 0 : (xs.count < ys.count ? -1 : 1)
        default:
            if ra == 5 { return sequence(path(a), path(b)) }
            if ra == 4 { return local(a, b) }
            // Written comprehensions or calls (ranks 9 to 12): by name, then operands.
            let (x, y) = (made(a), made(b))
            if x.name != y.name { return x.name < y.name ? -1 : 1 }
            return sequence(x.operands, y.operands)
        }
    }

    /// Two terms OPA holds as variables: declared variables first, by declaration; then
    /// the locals it made, in the source order of what they replaced (comprehensions,
    /// then calls by name and arguments).
    private func local(_ a: Term, _ b: Term) -> Int {
        let (ga, gb) = (made(a), made(b))
        if ga.group != gb.group { return ga.group < gb.group ? -1 : 1 }
        if ga.group == 0 {
            let (x, y) = (a.variableName.flatMap(declaration) ?? 0, b.variableName.flatMap(declaration) ?? 0)
            return x == y ? 0 : (x < y ? -1 : 1)
        }
        if ga.name != gb.name { return ga.name < gb.name ? -1 : 1 }
        return sequence(ga.operands, gb.operands)
    }

    /// A variable-held term's group (0: a declared variable, 1–3: a comprehension, 4: a
    /// call), the called name and the operands.
    private func made(_ t: Term) -> (group: Int, name: String, operands: [Term]) {
        switch t.kind {
        case .arrayComprehension: return (1, "", [])
        case .objectComprehension: return (2, "", [])
        case .setComprehension: return (3, "", [])
        case .call(let name, let args): return (4, name.joined(separator: "."), args)
        case .binary(let op, let x, let y): return (4, op.builtinName, [x, y])
        case .unaryMinus(let x): return (4, "minus", [x])
        case .membership(let k, let v, let c): return (4, "internal.member", [k, v, c].compactMap { $0 })
        default: return (0, "", [])
        }
    }

    /// A reference as OPA's terms: its root, then its steps. Roots compare by OPA's
    /// names: a local (`__localN__`, also what a composite or call root becomes) before
    /// `data` before `input`.
    private func path(_ t: Term) -> [Term] {
        func name(_ s: String) -> Term { Term(.scalar(.string(s)), t.location) }
        switch t.kind {
        case .ref(let head, let steps):
            return (head.variableName == nil ? [name("__local~")] : path(head)) + steps
        case .variable(let n) where n == "input" || n == "data":
            return [name(n)]
        case .variable(let n):
            if let d = declaration(n) { return [name("__local" + String(repeating: "0", count: max(0, 10 - String(d).count)) + String(d))] }
            return [name("data"), name(n)]
        default:
            return [t]
        }
    }

    private func sequence(_ x: [Term], _ y: [Term]) -> Int {
        for (p, q) in zip(x, y) {
            let c = compare(p, q)
            if c != 0 { return c }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}
