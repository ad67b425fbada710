// Verifier: checks a procedure once, after compilation, so the VM loop can trust its
// operands: every register, iterator, constant, builtin, rule set and node index in
// range, every jump inside the procedure, and the code ending in `return`.

enum Verifier {
    static func verify(_ p: Procedure, registerLimit: Int32, iteratorLimit: Int32, pathSlotLimit: Int32,
                       program: Program) -> PolicyError? {
        let count = Int32(p.instructions.count)
        func bad(_ what: String, _ pc: Int) -> PolicyError {
            PolicyError(.compile, "internal error: \(p.name) instruction \(pc): \(what)", at: p.locations[pc])
        }
        guard p.instructions.last.map({ if case .return = $0 { return true } else { return false } }) == true else {
            return PolicyError(.compile, "internal error: \(p.name) does not end in return")
        }
        guard p.locations.count == p.instructions.count else {
            return PolicyError(.compile, "internal error: \(p.name) line table length differs")
        }
        // Constant registers are loaded once per evaluation, so no code may write one.
        var readOnly = Set<Register>()
        for q in program.procedures + [p] {
            for (r, k) in q.constantRegisters {
                if r < 0 || r >= registerLimit || k < 0 || Int(k) >= q.constants.count {
                    return PolicyError(.compile, "internal error: \(q.name) has a bad constant register \(r)")
                }
                readOnly.insert(r)
            }
        }
        // A path slot's register is read in place by every use: only its path loads write it.
        var pathRegisters = Set<Register>()
        for case .cachedPath(let d, _, _, _, _) in p.instructions { pathRegisters.insert(d) }
        for (pc, ins) in p.instructions.enumerated() {
            for r in destinations(of: ins) where readOnly.contains(r) { return bad("writes constant register \(r)", pc) }
            if case .cachedPath = ins {} else {
                for r in destinations(of: ins) where pathRegisters.contains(r) { return bad("writes path register \(r)", pc) }
            }
            for t in ins.jumpTargets where t < 0 || t >= count { return bad("jump to \(t) outside the procedure", pc) }
            for r in registers(of: ins) where r < -1 || r >= registerLimit { return bad("register \(r) out of range", pc) }
            switch ins {
            case .loadConstant(_, let k), .lookupConstant(_, _, let k, _), .withPush(_, let k, _):
                if k < 0 || Int(k) >= p.constants.count { return bad("constant \(k) out of range", pc) }
            case .cachedPath(_, _, let k, let slot, _):
                if k < 0 || Int(k) >= p.paths.count { return bad("path \(k) out of range", pc) }
                if slot < 0 || slot >= pathSlotLimit { return bad("path slot \(slot) out of range", pc) }
            case .callBuiltin(_, let b, _, _, _, _):
                if b < 0 || Int(b) >= p.builtins.count { return bad("builtin \(b) out of range", pc) }
            case .callRule(_, let rs, _), .callFunction(_, let rs, _, _, _), .callRuleKey(_, let rs, _, _):
                if rs < 0 || Int(rs) >= program.ruleSets.count { return bad("rule set \(rs) out of range", pc) }
            case .indexJump(_, let t, _), .indexNext(let t, _, _):
                guard t >= 0, Int(t) < p.indexTables.count else { return bad("index \(t) out of range", pc) }
                let table = p.indexTables[Int(t)]
                for a in table.starts + [table.end] where a < 0 || a >= count { return bad("index \(t) jumps to \(a) outside the procedure", pc) }
                if table.lists.isEmpty || table.lists.contains(where: { $0.contains { $0 < 0 || Int($0) >= table.starts.count } })
                    || table.listOfValue.values.contains(where: { $0 < 0 || Int($0) >= table.lists.count }) {
                    return bad("index \(t) has a bad list", pc)
                }
            case .virtualDocument(_, let n, _):
                if n < 0 || Int(n) >= program.nodes.count { return bad("node \(n) out of range", pc) }
            case .iterInit(let i, _, _), .iterNext(let i, _, _, _):
                if i < 0 || i >= iteratorLimit { return bad("iterator \(i) out of range", pc) }
            case .withFunction(let target, let replacement, _):
                for f in [target, replacement].compactMap({ $0 }) {
                    switch f {
                    case .builtin(let b) where b < 0 || Int(b) >= p.builtins.count: return bad("builtin \(b) out of range", pc)
                    case .function(let rs) where rs < 0 || Int(rs) >= program.ruleSets.count: return bad("rule set \(rs) out of range", pc)
                    default: break
                    }
                }
            default: break
            }
        }
        return nil
    }

    /// The registers an instruction writes.
    static func destinations(of ins: Instruction) -> [Register] {
        switch ins {
        case .loadConstant(let d, _), .loadInput(let d, _), .loadData(let d), .move(let d, _),
             .cachedPath(let d, _, _, _, _), .lookupConstant(let d, _, _, _), .lookup(let d, _, _, _), .lookupStored(let d, _, _, _),
             .compare(_, let d, _, _), .arithmetic(_, let d, _, _, _, _), .negate(let d, _, _, _),
             .callBuiltin(let d, _, _, _, _, _), .callRule(let d, _, _), .callFunction(let d, _, _, _, _),
             .callRuleKey(let d, _, _, _),
             .virtualDocument(let d, _, _), .newCollection(let d, _), .collect(let d, _, _, _),
             .makeCollection(let d, _, _, _), .member(let d, _, _, _), .setFlag(let d, _),
             .indexJump(_, _, let d):
            return [d]
        case .iterNext(_, let k, let v, _): return [k, v]
        case .iterInit, .test, .testTruthy, .testMember, .testArrayLength, .testObjectSize, .jump, .jumpIfTrue,
             .yieldValue, .yieldSetElement, .yieldObjectEntry, .yieldNestedEntry, .yieldNestedSetElement,
             .jumpIfDefined, .jumpIfEntryDefined, .jumpUnlessStrict, .emitRow,
             .withPush, .withFunction, .withPop, .return, .print, .indexNext:
            return []
        }
    }

    /// Every register operand (ranges included by their ends); -1 means "none".
    static func registers(of ins: Instruction) -> [Register] {
        switch ins {
        case .loadConstant(let d, _), .loadInput(let d, _), .loadData(let d), .newCollection(let d, _),
             .setFlag(let d, _), .callRule(let d, _, _), .virtualDocument(let d, _, _):
            return [d]
        case .cachedPath(let d, _, _, _, _): return [d]
        case .move(let d, let s), .lookupConstant(let d, let s, _, _), .negate(let d, let s, _, _):
            return [d, s]
        case .lookup(let d, let s, let k, _), .lookupStored(let d, let s, let k, _): return [d, s, k]
        case .callRuleKey(let d, _, let k, _): return [d, k]
        case .iterInit(_, let s, _), .testTruthy(let s, _), .testArrayLength(let s, _, _), .testObjectSize(let s, _, _),
             .jumpIfTrue(let s, _), .yieldValue(let s, _), .yieldSetElement(let s):
            return [s]
        case .iterNext(_, let k, let v, _): return [k, v]
        case .test(_, let a, let b, _): return [a, b]
        case .compare(_, let d, let a, let b), .arithmetic(_, let d, let a, let b, _, _): return [d, a, b]
        case .callBuiltin(let d, _, let a, let c, _, _), .callFunction(let d, _, let a, let c, _):
            return c > 0 ? [d, a, a + c - 1] : [d]
        case .collect(let acc, let k, let s, _): return [acc, k, s]
        case .makeCollection(let d, _, let s, let c): return c > 0 ? [d, s, s + c - 1] : [d]
        case .testMember(let k, let v, let c, _): return [k, v, c]
        case .member(let d, let k, let v, let c): return [d, k, v, c]
        case .yieldObjectEntry(let k, let v, _): return [k, v]
        case .yieldNestedEntry(let k, let c, let v, _), .yieldNestedSetElement(let k, let c, let v, _):
            return [k, k + c - 1, v]
        case .jumpIfEntryDefined(let k, _): return [k]
        case .withPush(_, _, let v), .withFunction(_, _, let v): return [v]
        case .print(let a, let c): return c > 0 ? [a, a + c - 1] : []
        case .indexJump(let s, _, let c): return [s, c]
        case .indexNext(_, let c, _): return [c]
        case .jump, .emitRow, .withPop, .return, .jumpIfDefined, .jumpUnlessStrict: return []
        }
    }
}
