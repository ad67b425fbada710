// PikeVM: the leftmost-first search with submatches, run as Go's regexp machine runs
// it: every thread of the NFA advances in lockstep over the text, one rune at a
// time, kept in priority order, at most one per instruction (so time is O(text ×
// program) whatever the pattern); a thread that reaches `match` cuts off the
// threads below it. Threads are added through an explicit stack, not recursion,
// so long chains of empty transitions cannot exhaust the thread's stack.
// Invariant: for every pattern and text, the match and submatch positions are Go's.

final class PikeVM {
    private let prog: RegexProgram
    /// Submatch slots tracked: 2 for the match only, prog.slotCount for all groups.
    private let ncap: Int
    private var runq: ThreadQueue
    private var nextq: ThreadQueue
    /// The submatch slots of the thread being added (changed and restored by captures).
    private var scratch: [Int]
    private var stack: [AddTask] = []
    private var matchCaps: [Int]
    private let anchored: Bool
    private let prefix: [UInt8]

    private enum AddTask {
        case explore(Int32)
        case restore(slot: Int, value: Int)
    }

    init(_ prog: RegexProgram, slots: Int) {
        self.prog = prog
        self.ncap = max(2, min(slots, prog.slotCount))
        runq = ThreadQueue(size: prog.count, ncap: ncap)
        nextq = ThreadQueue(size: prog.count, ncap: ncap)
        scratch = Array(repeating: -1, count: ncap)
        matchCaps = Array(repeating: -1, count: ncap)
        anchored = prog.isAnchoredStart
        prefix = prog.literalPrefix
    }

    /// The leftmost-first match starting at or after `from`: its slots (pairs of byte
    /// offsets, -1 for groups that did not take part), or nil.
    func search(_ text: RegexText, from: Int, work: inout RegexWork) throws(RegexWorkExceeded) -> [Int]? {
        var matched = false
        for i in matchCaps.indices { matchCaps[i] = -1 }
        runq.clear()
        nextq.clear()
        var pos = from
        var (r, width) = text.rune(at: pos)
        var (r1, width1) = r == EmptyWidth.noRune ? (EmptyWidth.noRune, 0) : text.rune(at: pos + width)
        var flag = EmptyWidth.context(text.rune(before: pos), r)
        while true {
            if runq.count == 0 {
                if anchored && pos != 0 { break }
                if matched { break }
                if !prefix.isEmpty && text.count - pos >= prefix.count {
                    // A match must start with the prefix: jump to its next occurrence.
                    guard let next = text.index(of: prefix, from: pos) else { break }
                    if next != pos {
                        pos = next
                        (r, width) = text.rune(at: pos)
                        (r1, width1) = r == EmptyWidth.noRune ? (EmptyWidth.noRune, 0) : text.rune(at: pos + width)
                    }
                } else if !prefix.isEmpty {
                    break
                }
            }
            if !matched {
                for i in scratch.indices { scratch[i] = -1 }
                scratch[0] = pos
                add(&runq, Int32(prog.start), pos: pos, cond: flag)
            }
            flag = EmptyWidth.context(r, r1)
            try work.charge(runq.count + 1)
            if step(pos: pos, nextPos: pos + width, rune: r, nextCond: flag) { matched = true }
            if width == 0 { break }
            pos += width
            (r, width) = (r1, width1)
            if r != EmptyWidth.noRune { (r1, width1) = text.rune(at: pos + width) }
            swap(&runq, &nextq)
        }
        return matched ? matchCaps : nil
    }

    /// Moves every thread of runq over rune `c` into nextq; returns whether one matched.
    private func step(pos: Int, nextPos: Int, rune c: UInt32, nextCond: Int32) -> Bool {
        var matched = false
        var j = 0
        while j < runq.count {
            defer { j += 1 }
            guard runq.isThread[j] else { continue }
            let pc = Int(runq.pcs[j])
            let takes: Bool
            switch prog.ops[pc] {
            case .match:
                for k in 0..<ncap { matchCaps[k] = runq.caps[j * ncap + k] }
                matchCaps[1] = pos
                matched = true
                // Leftmost-first: the threads after this one have lower priority.
                runq.count = 0
                return true
            case .rune1: takes = c == UInt32(bitPattern: prog.args[pc])
            case .runeClass: takes = c != EmptyWidth.noRune && RuneRanges.contains(prog.classes[Int(prog.args[pc])], c)
            case .anyRune: takes = c != EmptyWidth.noRune
            case .anyNotNL: takes = c != EmptyWidth.noRune && c != 10
            default: takes = false
            }
            if takes {
                for k in 0..<ncap { scratch[k] = runq.caps[j * ncap + k] }
                add(&nextq, prog.outs[pc], pos: nextPos, cond: nextCond)
            }
        }
        runq.count = 0
        return matched
    }

    /// Adds the thread at `pc` (with the slots in `scratch`) and everything it reaches
    /// through empty transitions allowed by `cond`, in priority order.
    private func add(_ q: inout ThreadQueue, _ pc0: Int32, pos: Int, cond: Int32) {
        stack.append(.explore(pc0))
        while let task = stack.popLast() {
            switch task {
            case .restore(let slot, let value):
                scratch[slot] = value
            case .explore(let pc32):
                let pc = Int(pc32)
                if pc == 0 || q.contains(pc) { continue }
                let j = q.append(pc)
                switch prog.ops[pc] {
                case .fail: break
                case .alt:
                    stack.append(.explore(prog.args[pc]))
                    stack.append(.explore(prog.outs[pc]))
                case .empty:
                    if prog.args[pc] & ~cond == 0 { stack.append(.explore(prog.outs[pc])) }
                case .nop:
                    stack.append(.explore(prog.outs[pc]))
                case .capture:
                    let slot = Int(prog.args[pc])
                    if slot < ncap {
                        stack.append(.restore(slot: slot, value: scratch[slot]))
                        scratch[slot] = pos
                    }
                    stack.append(.explore(prog.outs[pc]))
                case .match, .rune1, .runeClass, .anyRune, .anyNotNL:
                    q.isThread[j] = true
                    for k in 0..<ncap { q.caps[j * ncap + k] = scratch[k] }
                }
            }
        }
    }
}

/// A sparse set of instructions in insertion (priority) order, each with the
/// submatch slots of the thread parked there.
struct ThreadQueue {
    var sparse: [Int32]
    var pcs: [Int32]
    var isThread: [Bool]
    var caps: [Int]
    var count = 0

    init(size: Int, ncap: Int) {
        sparse = Array(repeating: 0, count: size)
        pcs = Array(repeating: 0, count: size)
        isThread = Array(repeating: false, count: size)
        caps = Array(repeating: -1, count: size * ncap)
    }

    @inline(__always) func contains(_ pc: Int) -> Bool {
        let j = Int(sparse[pc])
        return j < count && pcs[j] == Int32(pc)
    }

    @inline(__always) mutating func append(_ pc: Int) -> Int {
        let j = count
        pcs[j] = Int32(pc)
        sparse[pc] = Int32(j)
        isThread[j] = false
        count += 1
        return j
    }

    mutating func clear() { count = 0 }
}
