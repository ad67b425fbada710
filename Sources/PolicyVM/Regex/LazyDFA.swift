// LazyDFA: answers "does the pattern match anywhere in the text?" with a DFA built
// on the fly from the NFA (RE2's idea): a state is the set of NFA instructions alive
// before the next rune plus what kind of rune came before (start, newline, word,
// other) for the empty-width tests; a transition is computed once per state and rune
// class and then costs one table load per rune. The cache is bounded and starts over
// when full, so memory is bounded and time stays linear in the text.
// Invariant: `matches` is true iff the PikeVM would find a match from `from`.

final class LazyDFA {
    /// Transition-table entries the cache may hold before it starts over (4 bytes
    /// each); the states' instruction lists are held to the same count, so the cache
    /// stays within about 16 MB whatever the pattern.
    static let defaultMaxTableEntries = 1 << 20
    private let maxTableEntries: Int

    private let prog: RegexProgram
    private let unanchored: Bool
    private let prefix: [UInt8]
    /// Rune classes: runes of one class behave alike for every instruction and test.
    private let asciiClass: [Int32]
    private let boundaries: [UInt32]
    private let numClasses: Int

    // One DFA serves one search at a time (RE2Regex lends it), so its storage needs no
    // exclusivity checks: the hot loop reads `table` once per rune.
    @exclusivity(unchecked) private var seeds: [[Int32]] = []
    @exclusivity(unchecked) private var prevKind: [UInt8] = []
    /// Whether nothing is alive (anchored patterns only): no match can follow.
    @exclusivity(unchecked) private var isDead: [Bool] = []
    /// Dead, or only the start alive while a literal prefix can be skipped to: the
    /// search leaves its fast loop there.
    @exclusivity(unchecked) private var isSpecial: [Bool] = []
    @exclusivity(unchecked) private var table: [Int32] = []
    @exclusivity(unchecked) private var endMatch: [Int8] = []
    @exclusivity(unchecked) private var index: [[Int32]: Int32] = [:]
    /// Instructions listed by all states together (each list is also the index's key).
    @exclusivity(unchecked) private var seedEntries = 0
    /// Scratch for closures: a sparse set over instructions.
    @exclusivity(unchecked) private var mark: [Int32]
    @exclusivity(unchecked) private var stamp: Int32 = 0
    @exclusivity(unchecked) private var stack: [Int32] = []

    private static let unknown: Int32 = -1
    private static let matched: Int32 = -2
    private enum Kind: UInt8 { case start = 0, newline, word, other }

    init(_ prog: RegexProgram, maxTableEntries: Int = LazyDFA.defaultMaxTableEntries) {
        self.prog = prog
        self.maxTableEntries = maxTableEntries
        unanchored = !prog.isAnchoredStart
        prefix = prog.literalPrefix
        mark = Array(repeating: 0, count: prog.count)
        var points: Set<UInt32> = [0, 10, 11, 0x30, 0x3A, 0x41, 0x5B, 0x5F, 0x60, 0x61, 0x7B, 0x80]
        for pc in 0..<prog.count {
            switch prog.ops[pc] {
            case .rune1:
                let r = UInt32(bitPattern: prog.args[pc])
                points.insert(r)
                points.insert(r + 1)
            case .runeClass:
                let ranges = prog.classes[Int(prog.args[pc])]
                for i in stride(from: 0, to: ranges.count, by: 2) {
                    points.insert(ranges[i])
                    points.insert(ranges[i + 1] + 1)
                }
            default: break
            }
        }
        let sorted = points.filter { $0 <= RuneRanges.maxRune }.sorted()
        boundaries = sorted
        numClasses = sorted.count
        asciiClass = (0..<128).map { b in Int32(LazyDFA.classOf(UInt32(b), in: sorted)) }
    }

    private func classOf(_ r: UInt32) -> Int { LazyDFA.classOf(r, in: boundaries) }

    /// The class of `r`: the index of the last boundary at or below it.
    private static func classOf(_ r: UInt32, in boundaries: [UInt32]) -> Int {
        var lo = 0, hi = boundaries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if boundaries[mid] <= r { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    private static func kind(of r: UInt32) -> Kind {
        r == EmptyWidth.noRune ? .start : r == 10 ? .newline : EmptyWidth.isWordChar(r) ? .word : .other
    }

    /// A rune standing for a kind in the empty-width tests.
    private static let kindRune: [UInt32] = [EmptyWidth.noRune, 10, 0x61, 0x20]

    /// Whether a match starts anywhere at or after `from`.
    func matches(_ text: RegexText, from: Int, work: inout RegexWork) throws(RegexWorkExceeded) -> Bool {
        let startSeeds: [Int32] = [Int32(prog.start)]
        var s = state(startSeeds, LazyDFA.kind(of: text.rune(before: from)))
        var pos = from
        let n = text.count
        while pos < n {
            if isSpecial[Int(s)] {
                if isDead[Int(s)] { return false }
                // Only the start is alive: a match must begin at the prefix's next occurrence.
                guard let next = text.index(of: prefix, from: pos) else { return false }
                if next != pos {
                    pos = next
                    s = state(startSeeds, LazyDFA.kind(of: text.rune(before: pos)))
                }
            }
            // Follow cached transitions as far as they go, then compute the next one.
            var (cls, width) = (0, 0)
            // One more than the budget left, so running it out shows in `charge`.
            let left = max(0, work.limit - work.steps)
            let taken = follow(text, &s, &pos, &cls, &width, budget: left == Int.max ? left : left + 1)
            try work.charge(taken)
            guard pos < n else { break }
            if width == 0 { continue }   // stopped at a special state
            var t = table[Int(s) * numClasses + cls]
            if t == LazyDFA.unknown {
                t = try transition(s, cls, work: &work)
                if t >= 0 && (table.count > maxTableEntries || seedEntries > maxTableEntries) {
                    // Full: start over with only the state we are going to.
                    let keep = seeds[Int(t)], kind = prevKind[Int(t)]
                    reset()
                    t = state(keep, Kind(rawValue: kind)!)
                } else {
                    table[Int(s) * numClasses + cls] = t
                }
            }
            try work.charge(1)
            if t == LazyDFA.matched { return true }
            s = t
            pos += width
        }
        return try matchesAtEnd(s, work: &work)
    }

    /// Takes cached transitions from state `s` at `pos` while they lead to ordinary
    /// states, at most `budget` of them; stops before a rune whose transition is not
    /// cached or matches (setting its class and width), or at a special state or the
    /// end (width left 0). Returns the number taken.
    private func follow(_ text: RegexText, _ s: inout Int32, _ pos: inout Int, _ cls: inout Int, _ width: inout Int,
                        budget: Int) -> Int {
        let bytes = text.bytes
        let n = bytes.count
        let classes = numClasses
        var state = Int(s), p = pos, taken = 0
        table.withUnsafeBufferPointer { tb in
            asciiClass.withUnsafeBufferPointer { ascii in
                isSpecial.withUnsafeBufferPointer { special in
                    while p < n && taken < budget {
                        let b = bytes[p]
                        var c: Int, w: Int
                        if b < 0x80 {
                            c = Int(ascii[Int(b)])
                            w = 1
                        } else {
                            let (r, rw) = text.rune(at: p)
                            c = classOf(r)
                            w = rw
                        }
                        let t = tb[state * classes + c]
                        if t < 0 {
                            cls = c
                            width = w
                            return
                        }
                        state = Int(t)
                        p += w
                        taken += 1
                        if special[state] { return }
                    }
                }
            }
        }
        s = Int32(state)
        pos = p
        return taken
    }

    private func reset() {
        seeds = []
        prevKind = []
        isDead = []
        isSpecial = []
        table = []
        endMatch = []
        index = [:]
        seedEntries = 0
    }

    /// The state for these seeds after a rune of this kind, made if new.
    private func state(_ seedList: [Int32], _ kind: Kind) -> Int32 {
        let key = seedList + [-1 - Int32(kind.rawValue)]
        if let s = index[key] { return s }
        let s = Int32(seeds.count)
        seeds.append(seedList)
        seedEntries += seedList.count + 1
        prevKind.append(kind.rawValue)
        isDead.append(seedList.isEmpty)
        isSpecial.append(seedList.isEmpty || !prefix.isEmpty && seedList == [Int32(prog.start)])
        endMatch.append(-1)
        table.append(contentsOf: repeatElement(LazyDFA.unknown, count: numClasses))
        index[key] = s
        return s
    }

    /// Follows empty transitions from the seeds under `cond`; calls `visit` on each
    /// instruction that consumes a rune or matches.
    private func closure(_ seedList: [Int32], cond: Int32, work: inout RegexWork, _ visit: (Int) -> Void) throws(RegexWorkExceeded) {
        stamp &+= 1
        if stamp == Int32.max { for i in mark.indices { mark[i] = 0 }; stamp = 1 }
        stack.append(contentsOf: seedList.reversed())
        var visited = 0
        while let pc32 = stack.popLast() {
            let pc = Int(pc32)
            if pc == 0 || mark[pc] == stamp { continue }
            mark[pc] = stamp
            visited += 1
            switch prog.ops[pc] {
            case .fail: break
            case .alt:
                stack.append(prog.args[pc])
                stack.append(prog.outs[pc])
            case .empty:
                if prog.args[pc] & ~cond == 0 { stack.append(prog.outs[pc]) }
            case .nop, .capture:
                stack.append(prog.outs[pc])
            case .match, .rune1, .runeClass, .anyRune, .anyNotNL:
                visit(pc)
            }
        }
        try work.charge(visited)
    }

    private func transition(_ s: Int32, _ cls: Int, work: inout RegexWork) throws(RegexWorkExceeded) -> Int32 {
        let c = boundaries[cls]
        let cond = EmptyWidth.context(LazyDFA.kindRune[Int(prevKind[Int(s)])], c)
        var next: [Int32] = []
        var hit = false
        try closure(seeds[Int(s)], cond: cond, work: &work) { pc in
            let takes: Bool
            switch prog.ops[pc] {
            case .match: hit = true; takes = false
            case .rune1: takes = c == UInt32(bitPattern: prog.args[pc])
            case .runeClass: takes = RuneRanges.contains(prog.classes[Int(prog.args[pc])], c)
            case .anyRune: takes = true
            case .anyNotNL: takes = c != 10
            default: takes = false
            }
            if takes { next.append(prog.outs[pc]) }
        }
        if hit { return LazyDFA.matched }
        if unanchored { next.append(Int32(prog.start)) }
        next = Array(Set(next)).sorted()
        return state(next, LazyDFA.kind(of: c))
    }

    private func matchesAtEnd(_ s: Int32, work: inout RegexWork) throws(RegexWorkExceeded) -> Bool {
        if endMatch[Int(s)] >= 0 { return endMatch[Int(s)] == 1 }
        let cond = EmptyWidth.context(LazyDFA.kindRune[Int(prevKind[Int(s)])], EmptyWidth.noRune)
        var hit = false
        try closure(seeds[Int(s)], cond: cond, work: &work) { pc in if prog.ops[pc] == .match { hit = true } }
        endMatch[Int(s)] = hit ? 1 : 0
        return hit
    }
}
