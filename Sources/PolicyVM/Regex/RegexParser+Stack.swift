// RegexParser+Stack: the parse stack as Go's regexp/syntax keeps it: pushes that
// merge literals into strings and one-rune classes into literals, concatenation and
// alternation at `|` and `)`, alternatives of single runes merged into one class, and
// Go's limits checked on every node pushed (with Go's allocation count, which decides
// when the size check starts). Invariant: the stack holds finished nodes above markers
// (left parens and bars) only.

extension RegexParser {
    /// Counts a node as Go's newRegexp does: reused from the free list or new.
    mutating func allocate() {
        if freeNodes > 0 { freeNodes -= 1 } else { numRegexp += 1 }
    }

    /// Counts a node Go hands back to its free list.
    mutating func release(_ n: Int = 1) { freeNodes += n }

    /// Pushes a node, turning one-rune classes into literals and merging literals.
    mutating func push(_ node: RegexNode) throws(RegexSyntaxError) {
        var node = node
        numRunes += node.runes.count
        let r = node.runes
        if node.op == .charClass && r.count == 2 && r[0] == r[1] {
            if maybeConcat(r[0], flags.subtracting(.foldCase)) { return }
            node = RegexNode(.literal, flags: flags.subtracting(.foldCase), runes: [r[0]])
        } else if node.op == .charClass && (r.count == 4 && r[0] == r[1] && r[2] == r[3]
                    && CaseFolding.simpleFold(r[0]) == r[2] && CaseFolding.simpleFold(r[2]) == r[0]
                    || r.count == 2 && r[0] + 1 == r[1]
                    && CaseFolding.simpleFold(r[0]) == r[1] && CaseFolding.simpleFold(r[1]) == r[0]) {
            // A case-insensitive rune such as [Aa] or [Δδ].
            if maybeConcat(r[0], flags.union(.foldCase)) { return }
            node = RegexNode(.literal, flags: flags.union(.foldCase), runes: [r[0]])
        } else {
            _ = maybeConcat(nil, [])
        }
        stack.append(node)
        try checkLimits(node)
    }

    /// Merges the top two literals when their case sensitivity agrees (the newest
    /// literal stays apart until the next push, so `ab*` repeats only `b`); then, with
    /// `r`, pushes it as a new literal and returns true.
    mutating func maybeConcat(_ r: UInt32?, _ litFlags: RegexFlags) -> Bool {
        let n = stack.count
        guard n >= 2 else { return false }
        let top = stack[n - 1], below = stack[n - 2]
        guard top.op == .literal, below.op == .literal,
              top.flags.contains(.foldCase) == below.flags.contains(.foldCase) else { return false }
        stack[n - 2].runes.append(contentsOf: top.runes)
        stack[n - 2].measure()
        if let r {
            stack[n - 1] = RegexNode(.literal, flags: litFlags, runes: [r])
            return true
        }
        stack.removeLast()
        release()
        return false
    }

    /// Pushes a literal rune (its smallest case variant under (?i)).
    mutating func literal(_ r: UInt32) throws(RegexSyntaxError) {
        allocate()
        try push(RegexNode(.literal, flags: flags, runes: [flags.contains(.foldCase) ? CaseFolding.minFoldRune(r) : r]))
    }

    mutating func checkLimits(_ node: RegexNode) throws(RegexSyntaxError) {
        if numRunes > RegexParser.maxRunes { throw RegexSyntaxError(code: .large, expr: pattern) }
        try checkSize(node)
        if node.height > RegexParser.maxHeight { throw RegexSyntaxError(code: .nestingDepth, expr: pattern) }
    }

    /// Go's checkSize: until nodes × the product of repeat counts seen reaches the
    /// limit, sizes are not checked; from then on every node (and, once, the stack) is.
    mutating func checkSize(_ node: RegexNode) throws(RegexSyntaxError) {
        let large = RegexSyntaxError(code: .large, expr: pattern)
        if !tracksSize {
            if node.op == .repeat {
                var n = node.max == -1 ? node.min : node.max
                if n <= 0 { n = 1 }
                repeats = Int64(n) > RegexParser.maxSize / repeats ? RegexParser.maxSize : repeats * Int64(n)
            }
            if Int64(numRegexp) < RegexParser.maxSize / repeats { return }
            tracksSize = true
            if stack.contains(where: { $0.size > RegexParser.maxSize }) { throw large }
        }
        if node.size > RegexParser.maxSize { throw large }
    }

    /// Replaces the nodes above the topmost marker with their concatenation.
    mutating func concat() throws(RegexSyntaxError) {
        _ = maybeConcat(nil, [])
        var i = stack.count
        while i > 0 && !stack[i - 1].op.isPseudo { i -= 1 }
        let subs = Array(stack[i...])
        stack.removeSubrange(i...)
        if subs.isEmpty {
            allocate()
            try push(RegexNode(.emptyMatch, flags: flags))
        } else {
            try push(collapse(subs, .concat))
        }
    }

    /// Replaces the nodes above the topmost left paren with their alternation.
    mutating func alternate() throws(RegexSyntaxError) {
        var i = stack.count
        while i > 0 && !stack[i - 1].op.isPseudo { i -= 1 }
        var subs = Array(stack[i...])
        stack.removeSubrange(i...)
        if !subs.isEmpty { RegexParser.cleanAlternative(&subs[subs.count - 1]) }
        if subs.isEmpty {
            allocate()
            try push(RegexNode(.noMatch, flags: flags))
        } else {
            try push(collapse(subs, .alternate))
        }
    }

    /// Tidies a class that joins an alternation: everything is `.`, all but \n is `.`.
    static func cleanAlternative(_ node: inout RegexNode) {
        guard node.op == .charClass else { return }
        node.runes = RuneRanges.cleaned(node.runes)
        if node.runes == [0, RuneRanges.maxRune] {
            node = RegexNode(.anyChar, flags: node.flags)
        } else if node.runes == [0, 9, 11, RuneRanges.maxRune] {
            node = RegexNode(.anyCharNotNL, flags: node.flags)
        }
    }

    /// One node for `op` over `subs`, flattening children of the same operator.
    mutating func collapse(_ subs: [RegexNode], _ op: RegexNode.Op) -> RegexNode {
        if subs.count == 1 { return subs[0] }
        allocate()
        var flat: [RegexNode] = []
        for sub in subs {
            if sub.op == op {
                flat.append(contentsOf: sub.subs)
                release()
            } else {
                flat.append(sub)
            }
        }
        return RegexNode(op, subs: flat)
    }

    /// With `x | y` on top of the stack, swaps the bar below y (merging y into x when both
    /// are one-rune sets); returns whether a bar was there.
    mutating func swapVerticalBar() throws(RegexSyntaxError) -> Bool {
        let n = stack.count
        if n >= 3 && stack[n - 2].op == .verticalBar && stack[n - 1].isCharClass && stack[n - 3].isCharClass {
            var into = stack[n - 3], from = stack[n - 1]
            if from.op > into.op { swap(&into, &from) }
            RegexParser.mergeCharClass(&into, from)
            stack[n - 3] = into
            stack.removeLast()
            release()
            return true
        }
        if n >= 2 && stack[n - 2].op == .verticalBar {
            if n >= 3 { RegexParser.cleanAlternative(&stack[n - 3]) }
            stack.swapAt(n - 2, n - 1)
            return true
        }
        return false
    }

    /// dst |= src, for one-rune sets with dst the more general operator.
    static func mergeCharClass(_ dst: inout RegexNode, _ src: RegexNode) {
        switch dst.op {
        case .anyChar: break
        case .anyCharNotNL:
            if src.matchesRune(10) { dst = RegexNode(.anyChar, flags: dst.flags) }
        case .charClass:
            if src.op == .literal {
                RuneRanges.appendLiteral(&dst.runes, src.runes[0], fold: src.flags.contains(.foldCase))
            } else {
                RuneRanges.appendClass(&dst.runes, src.runes)
            }
        case .literal:
            if src.runes[0] == dst.runes[0] && src.flags == dst.flags { break }
            var ranges: [UInt32] = []
            RuneRanges.appendLiteral(&ranges, dst.runes[0], fold: dst.flags.contains(.foldCase))
            RuneRanges.appendLiteral(&ranges, src.runes[0], fold: src.flags.contains(.foldCase))
            dst = RegexNode(.charClass, flags: dst.flags, runes: ranges)
        default: break
        }
    }
}
