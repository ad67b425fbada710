// RegexSimplifier: Go's Regexp.Simplify: counted repetitions become stars, pluses
// and copies, and redundant operators go ((?:a+)+ is a+). Bounded repetitions
// x{n,m} with m > n stay as `.repeat` nodes whose optional tail the compiler unrolls
// without recursion (Go nests it as x(x(x)?)?, which matches the same way).
// Invariant: the result matches exactly what the input matches, with the same
// submatch positions.

enum RegexSimplifier {
    static func simplify(_ node: RegexNode) -> RegexNode {
        switch node.op {
        case .capture, .concat, .alternate:
            var out = node
            out.subs = node.subs.map(simplify)
            out.measure()
            return out
        case .star, .plus, .quest:
            return simplify1(node.op, node.flags, simplify(node.subs[0]))
        case .repeat:
            if node.min == 0 && node.max == 0 { return RegexNode(.emptyMatch) }
            let sub = simplify(node.subs[0])
            if node.max == -1 {
                if node.min == 0 { return simplify1(.star, node.flags, sub) }
                if node.min == 1 { return simplify1(.plus, node.flags, sub) }
                // x{4,} is xxxx+.
                return RegexNode(.concat, subs: Array(repeating: sub, count: node.min - 1) + [simplify1(.plus, node.flags, sub)])
            }
            if node.min == 1 && node.max == 1 { return sub }
            if node.min == node.max { return RegexNode(.concat, subs: Array(repeating: sub, count: node.min)) }
            var out = node
            out.subs = [sub]
            out.measure()
            return out
        default:
            return node
        }
    }

    /// `op` over an already simple `sub`: the empty string repeated is itself, and the
    /// operators are idempotent when their greediness agrees.
    static func simplify1(_ op: RegexNode.Op, _ flags: RegexFlags, _ sub: RegexNode) -> RegexNode {
        if sub.op == .emptyMatch { return sub }
        if sub.op == op && sub.flags.contains(.nonGreedy) == flags.contains(.nonGreedy) { return sub }
        return RegexNode(op, flags: flags, subs: [sub])
    }
}
