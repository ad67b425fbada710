// RegexProgram: a compiled pattern as a Thompson NFA, built the way Go's
// regexp/syntax.Compile builds it (the same instructions, the same priorities: an
// alternative's first branch is preferred, a greedy loop prefers another turn, and a
// star over something that can match empty is compiled as (x+)? so priorities stay
// Perl's, Go issue 46123). Instruction 0 fails. Invariant: every out/arg of a
// finished program names an instruction of the program.

struct RegexProgram: Sendable {
    enum Op: UInt8, Sendable {
        /// No thread survives.
        case fail
        /// The whole pattern matched.
        case match
        /// Consume one rune equal to `arg`.
        case rune1
        /// Consume one rune in `classes[arg]`.
        case runeClass
        /// Consume any rune.
        case anyRune
        /// Consume any rune but \n.
        case anyNotNL
        /// Go on at `out` (preferred) and at `arg`.
        case alt
        /// Go on at `out` when the empty-width conditions `arg` (EmptyWidth bits) hold here.
        case empty
        /// Record the position in submatch slot `arg`, go on at `out`.
        case capture
        /// Go on at `out`.
        case nop
    }

    var ops: [Op] = [.fail]
    var outs: [Int32] = [0]
    var args: [Int32] = [0]
    var classes: [[UInt32]] = []
    var start = 0
    /// Submatch slots the program writes: 2 × (captures + 1).
    var slotCount = 2

    var count: Int { ops.count }

    /// Whether every match must start at the beginning of the text (\A or ^ first).
    var isAnchoredStart: Bool {
        var pc = start
        while true {
            switch ops[pc] {
            case .empty:
                if args[pc] & EmptyWidth.beginText != 0 { return true }
                pc = Int(outs[pc])
            case .capture, .nop: pc = Int(outs[pc])
            default: return false
            }
        }
    }

    /// The literal text every match starts with (runes that are neither folded nor
    /// alternatives), as UTF-8; empty when there is none or the start is anchored.
    var literalPrefix: [UInt8] {
        if isAnchoredStart { return [] }
        var pc = start
        var scalars = String.UnicodeScalarView()
        while true {
            switch ops[pc] {
            case .capture, .nop: pc = Int(outs[pc])
            case .rune1:
                guard let s = Unicode.Scalar(UInt32(args[pc])) else { return Array(String(scalars).utf8) }
                scalars.append(s)
                pc = Int(outs[pc])
            default: return Array(String(scalars).utf8)
            }
        }
    }
}

/// Go's syntax.EmptyOp bits and how a position's neighbours set them.
enum EmptyWidth {
    static let beginLine: Int32 = 1
    static let endLine: Int32 = 2
    static let beginText: Int32 = 4
    static let endText: Int32 = 8
    static let wordBoundary: Int32 = 16
    static let noWordBoundary: Int32 = 32

    /// Marks "no rune": the start or the end of the text.
    static let noRune: UInt32 = .max

    static func isWordChar(_ r: UInt32) -> Bool {
        r < 0x80 && (r >= 0x30 && r <= 0x39 || r >= 0x41 && r <= 0x5A || r >= 0x61 && r <= 0x7A || r == 0x5F)
    }

    /// The conditions that hold between rune `before` and rune `after` (noRune at the ends).
    static func context(_ before: UInt32, _ after: UInt32) -> Int32 {
        var op = noWordBoundary
        var boundary = false
        if isWordChar(before) { boundary = true } else if before == 10 { op |= beginLine } else if before == noRune { op |= beginText | beginLine }
        if isWordChar(after) { boundary.toggle() } else if after == 10 { op |= endLine } else if after == noRune { op |= endText | endLine }
        if boundary { op ^= wordBoundary | noWordBoundary }
        return op
    }
}

/// Builds a RegexProgram from a simplified tree.
struct RegexCompiler {
    /// A compiled piece: its entry and the list of its dangling exits (a hole is
    /// instruction << 1 | 1 for `arg`, | 0 for `out`; unfilled fields chain the list).
    struct Fragment {
        var entry: Int32 = 0
        var head: Int32 = 0
        var tail: Int32 = 0
        var nullable = false
        var isFail: Bool { entry == 0 }
    }

    var p = RegexProgram()
    /// Each distinct class once: x{1000} of one class needs one table, not a thousand.
    private var classIndex: [[UInt32]: Int32] = [:]

    static func compile(_ tree: RegexNode) -> RegexProgram {
        var c = RegexCompiler()
        let f = c.compile(tree)
        let match = c.emit(.match)
        c.patch(f, to: match)
        c.p.start = Int(f.entry)
        return c.p
    }

    private mutating func emit(_ op: RegexProgram.Op, arg: Int32 = 0) -> Int32 {
        p.ops.append(op)
        p.outs.append(0)
        p.args.append(arg)
        return Int32(p.ops.count - 1)
    }

    /// A one-exit fragment for instruction i (its `out`, or its `arg`).
    private func single(_ i: Int32, arg: Bool = false, nullable: Bool = true) -> Fragment {
        let hole = i << 1 | (arg ? 1 : 0)
        return Fragment(entry: i, head: hole, tail: hole, nullable: nullable)
    }

    private mutating func patch(_ f: Fragment, to target: Int32) {
        var hole = f.head
        while hole != 0 {
            let i = Int(hole >> 1)
            if hole & 1 == 0 { hole = p.outs[i]; p.outs[i] = target } else { hole = p.args[i]; p.args[i] = target }
        }
    }

    /// Joins two exit lists.
    private mutating func join(_ a: Fragment, _ b: Fragment) -> (Int32, Int32) {
        if a.head == 0 { return (b.head, b.tail) }
        if b.head == 0 { return (a.head, a.tail) }
        let i = Int(a.tail >> 1)
        if a.tail & 1 == 0 { p.outs[i] = b.head } else { p.args[i] = b.head }
        return (a.head, b.tail)
    }

    private mutating func compile(_ n: RegexNode) -> Fragment {
        switch n.op {
        case .noMatch: return Fragment()
        case .emptyMatch: return single(emit(.nop))
        case .literal:
            var f: Fragment?
            for r in n.runes {
                let g = rune(r, fold: n.flags.contains(.foldCase))
                f = f.map { cat($0, g) } ?? g
            }
            return f ?? single(emit(.nop))
        case .charClass: return runeClass(n.runes)
        case .anyCharNotNL: return single(emit(.anyNotNL), nullable: false)
        case .anyChar: return single(emit(.anyRune), nullable: false)
        case .beginLine: return single(emit(.empty, arg: EmptyWidth.beginLine))
        case .endLine: return single(emit(.empty, arg: EmptyWidth.endLine))
        case .beginText: return single(emit(.empty, arg: EmptyWidth.beginText))
        case .endText: return single(emit(.empty, arg: EmptyWidth.endText))
        case .wordBoundary: return single(emit(.empty, arg: EmptyWidth.wordBoundary))
        case .noWordBoundary: return single(emit(.empty, arg: EmptyWidth.noWordBoundary))
        case .capture:
            let open = single(emit(.capture, arg: Int32(2 * n.cap)))
            let body = compile(n.subs[0])
            let close = single(emit(.capture, arg: Int32(2 * n.cap + 1)))
            p.slotCount = max(p.slotCount, 2 * n.cap + 2)
            return cat(cat(open, body), close)
        case .star: return star(compile(n.subs[0]), nonGreedy: n.flags.contains(.nonGreedy))
        case .plus: return plus(compile(n.subs[0]), nonGreedy: n.flags.contains(.nonGreedy))
        case .quest: return quest(compile(n.subs[0]), nonGreedy: n.flags.contains(.nonGreedy))
        case .concat:
            var f: Fragment?
            for sub in n.subs {
                let g = compile(sub)
                f = f.map { cat($0, g) } ?? g
            }
            return f ?? single(emit(.nop))
        case .alternate:
            var f = Fragment()
            for sub in n.subs { f = alt(f, compile(sub)) }
            return f
        case .repeat:
            return boundedRepeat(n)
        case .leftParen, .verticalBar:
            return Fragment()
        }
    }

    /// x{n,m}, m > n: n copies, then m-n optional copies, each inside the one before
    /// (x{2,4} = xx(x(x)?)?), unrolled in a loop.
    private mutating func boundedRepeat(_ n: RegexNode) -> Fragment {
        let nonGreedy = n.flags.contains(.nonGreedy)
        var f: Fragment?
        for _ in 0..<n.min {
            let g = compile(n.subs[0])
            f = f.map { cat($0, g) } ?? g
        }
        // The optional tail: every skip exits; each copy's end leads to the next alt.
        var tail: Fragment?
        var pending: Fragment?   // the previous copy, whose end the next alt follows
        for _ in n.min..<n.max {
            let body = compile(n.subs[0])
            let skip = choice(body.entry, nonGreedy: nonGreedy)
            let a = skip.entry
            if let prev = pending { patch(prev, to: a) }
            if var t = tail {
                (t.head, t.tail) = join(t, skip)
                tail = t
            } else {
                tail = Fragment(entry: a, head: skip.head, tail: skip.tail, nullable: true)
            }
            pending = body
        }
        if var t = tail, let last = pending {
            (t.head, t.tail) = join(t, last)
            f = f.map { cat($0, t) } ?? t
        }
        return f ?? single(emit(.nop))
    }

    private mutating func rune(_ r: UInt32, fold: Bool) -> Fragment {
        if fold && CaseFolding.simpleFold(r) != r {
            var ranges: [UInt32] = []
            RuneRanges.appendFoldedRange(&ranges, r, r)
            return runeClass(RuneRanges.cleaned(ranges))
        }
        return single(emit(.rune1, arg: Int32(bitPattern: r)), nullable: false)
    }

    private mutating func runeClass(_ ranges: [UInt32]) -> Fragment {
        if ranges.count == 2 && ranges[0] == ranges[1] { return single(emit(.rune1, arg: Int32(bitPattern: ranges[0])), nullable: false) }
        if ranges == [0, RuneRanges.maxRune] { return single(emit(.anyRune), nullable: false) }
        if ranges == [0, 9, 11, RuneRanges.maxRune] { return single(emit(.anyNotNL), nullable: false) }
        let index: Int32
        if let known = classIndex[ranges] {
            index = known
        } else {
            index = Int32(p.classes.count)
            p.classes.append(ranges)
            classIndex[ranges] = index
        }
        return single(emit(.runeClass, arg: index), nullable: false)
    }

    private mutating func cat(_ a: Fragment, _ b: Fragment) -> Fragment {
        if a.isFail || b.isFail { return Fragment() }
        patch(a, to: b.entry)
        return Fragment(entry: a.entry, head: b.head, tail: b.tail, nullable: a.nullable && b.nullable)
    }

    private mutating func alt(_ a: Fragment, _ b: Fragment) -> Fragment {
        if a.isFail { return b }
        if b.isFail { return a }
        let i = emit(.alt)
        p.outs[Int(i)] = a.entry
        p.args[Int(i)] = b.entry
        var f = Fragment(entry: i, nullable: a.nullable || b.nullable)
        (f.head, f.tail) = join(a, b)
        return f
    }

    /// An alt between `entry` and a way out, preferring `entry` unless non-greedy; the
    /// fragment's one exit is the way out.
    private mutating func choice(_ entry: Int32, nonGreedy: Bool) -> Fragment {
        let i = emit(.alt)
        if nonGreedy {
            p.args[Int(i)] = entry
            return single(i)
        }
        p.outs[Int(i)] = entry
        return single(i, arg: true)
    }

    private mutating func quest(_ a: Fragment, nonGreedy: Bool) -> Fragment {
        var f = choice(a.entry, nonGreedy: nonGreedy)
        (f.head, f.tail) = join(f, a)
        return f
    }

    /// The loop of x+ and x*: an alt after x that goes round again or leaves.
    private mutating func loop(_ a: Fragment, nonGreedy: Bool) -> Fragment {
        let f = choice(a.entry, nonGreedy: nonGreedy)
        patch(a, to: f.entry)
        return f
    }

    private mutating func star(_ a: Fragment, nonGreedy: Bool) -> Fragment {
        // x* over a nullable x is (x+)?, or priorities would differ from Perl's.
        if a.nullable { return quest(plus(a, nonGreedy: nonGreedy), nonGreedy: nonGreedy) }
        return loop(a, nonGreedy: nonGreedy)
    }

    private mutating func plus(_ a: Fragment, nonGreedy: Bool) -> Fragment {
        let l = loop(a, nonGreedy: nonGreedy)
        return Fragment(entry: a.entry, head: l.head, tail: l.tail, nullable: a.nullable)
    }
}
