// PikeVM: the leftmost-first search with submatches, run as Go's regexp machine runs
// it: every thread of the NFA advances in lockstep over the text, one rune at a
// time, kept in priority order, at most one per instruction (so time is O(text ×
// program) whatever the pattern); a thread that reaches `match` cuts off the
// threads below it. Threads are added through an explicit stack, not recursion,
// so long chains of empty transitions cannot exhaust the thread's stack.
// Storage is allocated once per machine; one machine serves one caller at a time.
// Invariant: for every pattern and text, the match and submatch positions are Go's.

final class PikeVM {
    private let prog: RegexProgram
    private let ops: UnsafeMutablePointer<RegexProgram.Op>
    private let outs: UnsafeMutablePointer<Int32>
    private let args: UnsafeMutablePointer<Int32>
    /// Every class's ranges back to back, and where each class starts and ends in them
    /// (no array of arrays in the loop, so no reference counting per step).
    private let classRanges: UnsafeMutablePointer<UInt32>
    private let classBounds: UnsafeMutablePointer<Int>
    /// Submatch slots tracked: 2 for the match only, prog.slotCount for all groups.
    private let ncap: Int
    private var runq: ThreadQueue
    private var nextq: ThreadQueue
    /// The submatch slots of the thread being added (changed and restored by captures).
    private let scratch: UnsafeMutablePointer<Int>
    /// Pending work of `add`: an instruction to explore (>= 0), or a slot to restore
    /// (-1 - slot) followed by its old value.
    private let stack: UnsafeMutablePointer<Int>
    private let stackCapacity: Int
    private var matchCaps: [Int]
    private let anchored: Bool
    private let prefix: [UInt8]

    init(_ prog: RegexProgram, slots: Int) {
        self.prog = prog
        let n = prog.count
        ops = .allocate(capacity: n)
        ops.initialize(from: prog.ops, count: n)
        outs = .allocate(capacity: n)
        outs.initialize(from: prog.outs, count: n)
        args = .allocate(capacity: n)
        args.initialize(from: prog.args, count: n)
        let flat = prog.classes.flatMap { $0 }
        classRanges = .allocate(capacity: max(flat.count, 1))
        classRanges.initialize(from: flat, count: flat.count)
        classBounds = .allocate(capacity: prog.classes.count + 1)
        var offset = 0
        for (i, c) in prog.classes.enumerated() {
            classBounds[i] = offset
            offset += c.count
        }
        classBounds[prog.classes.count] = offset
        ncap = max(2, min(slots, prog.slotCount))
        runq = ThreadQueue(size: n, ncap: ncap)
        nextq = ThreadQueue(size: n, ncap: ncap)
        scratch = .allocate(capacity: ncap)
        scratch.initialize(repeating: -1, count: ncap)
        // Each instruction is explored at most once per add, and each capture pushes one
        // restore pair: 3 entries per instruction always suffice.
        stackCapacity = 3 * n + 3
        stack = .allocate(capacity: stackCapacity)
        matchCaps = Array(repeating: -1, count: ncap)
        anchored = prog.isAnchoredStart
        prefix = prog.literalPrefix
    }

    deinit {
        ops.deallocate()
        outs.deallocate()
        args.deallocate()
        classRanges.deallocate()
        classBounds.deallocate()
        scratch.deallocate()
        stack.deallocate()
        runq.deallocate()
        nextq.deallocate()
    }

    /// The leftmost-first match starting at or after `from`: its slots (pairs of byte
    /// offsets, -1 for groups that did not take part), or nil.
    func search(_ text: RegexText, from: Int, work: inout RegexWork) throws(RegexWorkExceeded) -> [Int]? {
        var matched = false
        for i in 0..<ncap { matchCaps[i] = -1 }
        runq.count = 0
        nextq.count = 0
        var pos = from
        var (r, width) = text.rune(at: pos)
        var (r1, width1) = r == EmptyWidth.noRune ? (EmptyWidth.noRune, 0) : text.rune(at: pos + width)
        var flag = EmptyWidth.context(text.rune(before: pos), r)
        while true {
            if runq.count == 0 {
                if matched || anchored && pos != 0 { break }
                if !prefix.isEmpty {
                    // A match must start with the prefix: jump to its next occurrence.
                    guard let next = text.index(of: prefix, from: pos) else { break }
                    if next != pos {
                        pos = next
                        (r, width) = text.rune(at: pos)
                        (r1, width1) = r == EmptyWidth.noRune ? (EmptyWidth.noRune, 0) : text.rune(at: pos + width)
                    }
                }
            }
            if !matched {
                for i in 0..<ncap { scratch[i] = -1 }
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
        let q = runq
        var j = 0
        while j < q.count {
            defer { j += 1 }
            guard q.isThread[j] else { continue }
            let pc = Int(q.pcs[j])
            let takes: Bool
            switch ops[pc] {
            case .match:
                let caps = q.caps + j * ncap
                for k in 0..<ncap { matchCaps[k] = caps[k] }
                matchCaps[1] = pos
                // Leftmost-first: the threads after this one have lower priority.
                runq.count = 0
                return true
            case .rune1: takes = c == UInt32(bitPattern: args[pc])
            case .runeClass: takes = c != EmptyWidth.noRune && inClass(Int(args[pc]), c)
            case .anyRune: takes = c != EmptyWidth.noRune
            case .anyNotNL: takes = c != EmptyWidth.noRune && c != 10
            default: takes = false
            }
            if takes {
                scratch.update(from: q.caps + j * ncap, count: ncap)
                add(&nextq, outs[pc], pos: nextPos, cond: nextCond)
            }
        }
        runq.count = 0
        return false
    }

    /// Whether rune `c` is in class `k` (binary search over its ranges).
    @inline(__always) private func inClass(_ k: Int, _ c: UInt32) -> Bool {
        RuneRanges.contains(classRanges + classBounds[k], pairs: (classBounds[k + 1] - classBounds[k]) / 2, c)
    }

    /// Adds the thread at `pc` (with the slots in `scratch`) and everything it reaches
    /// through empty transitions allowed by `cond`, in priority order.
    private func add(_ q: inout ThreadQueue, _ pc0: Int32, pos: Int, cond: Int32) {
        var top = 0
        stack[top] = Int(pc0)
        top += 1
        while top > 0 {
            top -= 1
            let entry = stack[top]
            if entry < 0 {
                // A capture's subtree is done: put the slot back for the next branch.
                top -= 1
                scratch[-1 - entry] = stack[top]
                continue
            }
            let pc = entry
            if pc == 0 || q.contains(pc) { continue }
            let j = q.append(pc)
            switch ops[pc] {
            case .fail: break
            case .alt:
                stack[top] = Int(args[pc])
                stack[top + 1] = Int(outs[pc])
                top += 2
            case .empty:
                if args[pc] & ~cond == 0 {
                    stack[top] = Int(outs[pc])
                    top += 1
                }
            case .nop:
                stack[top] = Int(outs[pc])
                top += 1
            case .capture:
                let slot = Int(args[pc])
                if slot < ncap {
                    stack[top] = scratch[slot]
                    stack[top + 1] = -1 - slot
                    top += 2
                    scratch[slot] = pos
                }
                stack[top] = Int(outs[pc])
                top += 1
            case .match, .rune1, .runeClass, .anyRune, .anyNotNL:
                q.isThread[j] = true
                (q.caps + j * ncap).update(from: scratch, count: ncap)
            }
        }
    }
}

/// A sparse set of instructions in insertion (priority) order, each with the
/// submatch slots of the thread parked there. Unmanaged storage: the owner frees it.
struct ThreadQueue {
    let sparse: UnsafeMutablePointer<Int32>
    let pcs: UnsafeMutablePointer<Int32>
    let isThread: UnsafeMutablePointer<Bool>
    let caps: UnsafeMutablePointer<Int>
    var count = 0

    init(size: Int, ncap: Int) {
        sparse = .allocate(capacity: size)
        sparse.initialize(repeating: 0, count: size)
        pcs = .allocate(capacity: size)
        pcs.initialize(repeating: 0, count: size)
        isThread = .allocate(capacity: size)
        isThread.initialize(repeating: false, count: size)
        caps = .allocate(capacity: size * ncap)
        caps.initialize(repeating: -1, count: size * ncap)
    }

    func deallocate() {
        sparse.deallocate()
        pcs.deallocate()
        isThread.deallocate()
        caps.deallocate()
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
}
