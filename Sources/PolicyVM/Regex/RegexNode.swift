// RegexNode: the parse tree of an RE2 pattern, shaped as Go's regexp/syntax.Regexp
// (the same operators, flags and limits), built by RegexParser and rewritten by
// RegexSimplifier before compilation. Invariant: `size` and `height` are those of
// the node as built (callers refresh them with `measure()` after changing it).

/// Parse flags, with Go's bit values.
struct RegexFlags: OptionSet, Hashable, Sendable {
    let rawValue: UInt16
    static let foldCase = RegexFlags(rawValue: 1)
    static let literal = RegexFlags(rawValue: 2)
    /// Negated classes and [[:space:]] may match a newline.
    static let classNL = RegexFlags(rawValue: 4)
    /// `.` matches a newline: (?s).
    static let dotNL = RegexFlags(rawValue: 8)
    /// `^` and `$` match only at the ends of the text: unset by (?m).
    static let oneLine = RegexFlags(rawValue: 16)
    /// Repetitions prefer fewer: (?U).
    static let nonGreedy = RegexFlags(rawValue: 32)
    /// Perl extensions: \d, (?i), \A, \z, \Q…\E, non-greedy operators.
    static let perlX = RegexFlags(rawValue: 64)
    /// \pN and \p{Name}.
    static let unicodeGroups = RegexFlags(rawValue: 128)
    /// An end-of-text node that was written `$`.
    static let wasDollar = RegexFlags(rawValue: 256)

    /// What Go's `regexp.Compile` (and so OPA) parses with: `syntax.Perl`.
    static let perl: RegexFlags = [.classNL, .oneLine, .perlX, .unicodeGroups]
}

/// One node of the parse tree.
struct RegexNode: Sendable {
    /// Go's `syntax.Op`, in Go's order (the parser compares operators by it).
    enum Op: UInt8, Comparable, Sendable {
        case noMatch = 1, emptyMatch, literal, charClass, anyCharNotNL, anyChar
        case beginLine, endLine, beginText, endText, wordBoundary, noWordBoundary
        case capture, star, plus, quest, `repeat`, concat, alternate
        /// Parser stack markers, never in a finished tree.
        case leftParen = 128, verticalBar

        static func < (a: Op, b: Op) -> Bool { a.rawValue < b.rawValue }
        var isPseudo: Bool { rawValue >= Op.leftParen.rawValue }
    }

    var op: Op
    var flags: RegexFlags = []
    /// A literal's runes, or a class's ranges as lo, hi pairs (sorted, disjoint).
    var runes: [UInt32] = []
    var subs: [RegexNode] = []
    /// Repeat bounds; max -1 means unbounded.
    var min = 0, max = 0
    /// Capture index (1-based); on a left-paren marker, 0 for a non-capturing group.
    var cap = 0
    var name = ""
    /// Instructions this node compiles to, as Go estimates them (its size limit).
    private(set) var size: Int64 = 1
    /// Depth of the tree below and including this node (its nesting limit).
    private(set) var height = 1

    init(_ op: RegexNode.Op, flags: RegexFlags = [], runes: [UInt32] = [], subs: [RegexNode] = []) {
        self.op = op
        self.flags = flags
        self.runes = runes
        self.subs = subs
        measure()
    }

    /// Recomputes `size` and `height` from the node and its children's figures.
    mutating func measure() {
        var s: Int64 = 0
        switch op {
        case .literal: s = Int64(runes.count)
        case .capture, .star: s = 2 + subs[0].size
        case .plus, .quest: s = 1 + subs[0].size
        case .concat: s = subs.reduce(0) { $0 + $1.size }
        case .alternate: s = subs.reduce(0) { $0 + $1.size } + Int64(Swift.max(subs.count - 1, 0))
        case .repeat:
            let sub = subs[0].size
            if max == -1 {
                s = min == 0 ? 2 + sub : 1 + Int64(min) * sub
            } else {
                s = Int64(max) * sub + Int64(max - min)
            }
        default: s = 0
        }
        size = Swift.max(1, s)
        height = 1 + (subs.map(\.height).max() ?? 0)
    }

    /// Whether the node matches one rune from a set: a one-rune literal, a class, `.`.
    var isCharClass: Bool {
        op == .literal && runes.count == 1 || op == .charClass || op == .anyCharNotNL || op == .anyChar
    }

    /// The largest capture index in the tree (Go's MaxCap).
    var maxCap: Int {
        var m = op == .capture ? cap : 0
        for s in subs { m = Swift.max(m, s.maxCap) }
        return m
    }

    /// Capture names by index, "" for unnamed ones (Go's CapNames).
    func captureNames(into names: inout [String]) {
        if op == .capture { names[cap] = name }
        for s in subs { s.captureNames(into: &names) }
    }
}
