// Instruction: the VM's instruction set, one case per opcode, each documented with its
// operands and effect. R[x] is a register, K[x] a constant, I[x] an iterator slot;
// `fail`/`target`/`done` are instruction addresses. Evaluation is backtracking search
// compiled to loops: a failing instruction jumps to the innermost retry point.
// The exhaustive switches over this enum (VM, verifier, disassembler) keep them in step.

/// A register index (absolute within an evaluation's register file).
package typealias Register = Int32
/// An instruction address within a procedure (or a label id while building).
package typealias Address = Int32

/// Comparison operators.
package enum ComparisonOperator: UInt8, Sendable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
}

/// Arithmetic and set operators (`-`, `|`, `&` also work on sets).
package enum ArithmeticOperator: UInt8, Sendable {
    case plus, minus, multiply, divide, remainder, union, intersection

    var builtinName: String {
        switch self {
        case .plus: return "plus"
        case .minus: return "minus"
        case .multiply: return "mul"
        case .divide: return "div"
        case .remainder: return "rem"
        case .union: return "or"
        case .intersection: return "and"
        }
    }

    /// The number operation (`union` and `intersection` are set operations only).
    var numberOperation: ArithmeticOperation? {
        switch self {
        case .plus: return .plus
        case .minus: return .minus
        case .multiply: return .times
        case .divide: return .divide
        case .remainder: return .remainder
        case .union, .intersection: return nil
        }
    }
}

/// What a `with` modifier replaces.
package enum WithTarget: UInt8, Sendable {
    case input, data
}

/// A function a `with` replaces or puts in place.
package enum FunctionRef: Sendable, Equatable {
    /// An entry of the procedure's builtin table.
    case builtin(Int32)
    /// A function rule set.
    case function(Int32)
}

/// One VM instruction.
package enum Instruction: Sendable {
    /// R[dst] := K[constant]
    case loadConstant(dst: Register, constant: Int32)
    /// R[dst] := input; jump `fail` when the evaluation has no input
    case loadInput(dst: Register, fail: Address)
    /// R[dst] := the base data document (with `with data…` replacements applied)
    case loadData(dst: Register)
    /// R[dst] := R[src]
    case move(dst: Register, src: Register)
    /// R[dst] := input or data (per `root`) looked up along the procedure's constant path
    /// `path`, computed once per evaluation (data: once per data) for path slot `slot`,
    /// whose register R[dst] is (only path loads of the slot write it); jump `fail` when
    /// undefined
    case cachedPath(dst: Register, root: WithTarget, path: Int32, slot: Int32, fail: Address)
    /// R[dst] := R[src][K[key]]; jump `fail` when undefined
    case lookupConstant(dst: Register, src: Register, key: Int32, fail: Address)
    /// R[dst] := R[src][R[key]]; jump `fail` when undefined
    case lookup(dst: Register, src: Register, key: Register, fail: Address)
    /// R[dst] := R[src][R[key]] read as OPA's store reads base data (Value+StoredLookup:
    /// keys as text, so `data.users[1]` reads key "1"); jump `fail` when undefined
    case lookupStored(dst: Register, src: Register, key: Register, fail: Address)
    /// I[iterator] := an iterator over R[src]; jump `fail` when R[src] is not a collection
    case iterInit(iterator: Int32, src: Register, fail: Address)
    /// R[key], R[value] := next entry of I[iterator] (key -1: not wanted); jump `done` at the end
    case iterNext(iterator: Int32, key: Register, value: Register, done: Address)
    /// jump `fail` unless R[a] op R[b]
    case test(op: ComparisonOperator, a: Register, b: Register, fail: Address)
    /// jump `fail` when R[src] is `false` (every other value passes)
    case testTruthy(src: Register, fail: Address)
    /// R[dst] := (R[a] op R[b])
    case compare(op: ComparisonOperator, dst: Register, a: Register, b: Register)
    /// R[dst] := R[a] op R[b]; a type or domain error raises (strict) or jumps `fail`
    case arithmetic(op: ArithmeticOperator, dst: Register, a: Register, b: Register, fail: Address, line: Int32)
    /// R[dst] := -R[src]; a non-number raises (strict) or jumps `fail`
    case negate(dst: Register, src: Register, fail: Address, line: Int32)
    /// R[dst] := builtins[builtin](R[args ..< args+count]); undefined or error (non-strict) jumps `fail`
    case callBuiltin(dst: Register, builtin: Int32, args: Register, count: Int32, fail: Address, line: Int32)
    /// R[dst] := the value of rule set `ruleSet` (memoised); jump `fail` when undefined
    case callRule(dst: Register, ruleSet: Int32, fail: Address)
    /// R[dst] := the entry at key R[key] of partial object rule set `ruleSet`, evaluated for
    /// that key alone when the whole object raises an error (OPA evaluates only the key
    /// asked for); jump `fail` when undefined
    case callRuleKey(dst: Register, ruleSet: Int32, key: Register, fail: Address)
    /// R[dst] := function `function`(R[args ..< args+count]); jump `fail` when undefined
    case callFunction(dst: Register, function: Int32, args: Register, count: Int32, fail: Address)
    /// R[dst] := the document at rule-tree node `node`: base data merged with every rule below it
    case virtualDocument(dst: Register, node: Int32, fail: Address)
    /// R[dst] := [] / set() / {}
    case newCollection(dst: Register, kind: CollectionKind)
    /// append R[src] to the array, set or (with R[key]) object in R[acc]; a second, different value
    /// for an object key raises eval_conflict_error
    case collect(acc: Register, key: Register, src: Register, line: Int32)
    /// R[dst] := a collection of R[start ..< start+count] (objects: alternating keys and values)
    case makeCollection(dst: Register, kind: CollectionKind, start: Register, count: Int32)
    /// jump `fail` unless R[value] is a member of R[collection] (with key R[key] when key ≥ 0)
    case testMember(key: Register, value: Register, collection: Register, fail: Address)
    /// R[dst] := whether R[value] (with key R[key] when key ≥ 0) is a member of R[collection]
    case member(dst: Register, key: Register, value: Register, collection: Register)
    /// jump `fail` unless R[src] is an array of exactly `count` elements
    case testArrayLength(src: Register, count: Int32, fail: Address)
    /// jump `fail` unless R[src] is an object with exactly `count` keys
    case testObjectSize(src: Register, count: Int32, fail: Address)
    /// jump to `target`
    case jump(target: Address)
    /// R[cursor] := the list of index `table` for the value R[src] (src -1: undefined);
    /// jump to its first definition, or to the table's end when it has none
    case indexJump(src: Register, table: Int32, cursor: Register)
    /// jump to the definition after definition number `after` in the list R[cursor] of
    /// index `table`, or to the table's end
    case indexNext(table: Int32, cursor: Register, after: Int32)
    /// R[dst] := K-free boolean flag
    case setFlag(dst: Register, value: Bool)
    /// jump `target` when R[src] is `true`
    case jumpIfTrue(src: Register, target: Address)
    /// record R[src] as the rule's or function's value; a different earlier value raises eval_conflict_error
    case yieldValue(src: Register, line: Int32)
    /// add R[src] to the partial set being built
    case yieldSetElement(src: Register)
    /// add R[key]: R[value] to the partial object being built (conflicts raise)
    case yieldObjectEntry(key: Register, value: Register, line: Int32)
    /// put R[value] at the path of keys R[keys ..< keys+count] in the partial object being
    /// built (`p[a][b] := v`), creating objects on the way; a different value at the leaf,
    /// or a whole entry of another definition on the way, raises eval_conflict_error
    case yieldNestedEntry(keys: Register, count: Int32, value: Register, line: Int32)
    /// add R[element] to the set at the path of keys R[keys ..< keys+count] in the partial
    /// object being built (`q[a] contains x`), creating it; conflicts as `yieldNestedEntry`
    case yieldNestedSetElement(keys: Register, count: Int32, element: Register, line: Int32)
    /// jump `target` when this procedure already has a value (used before a default)
    case jumpIfDefined(target: Address)
    /// jump `target` unless builtin errors raise in this evaluation (strict mode)
    case jumpUnlessStrict(target: Address)
    /// jump `target` when the partial object being built has key R[key] (used before a
    /// default for one key, `default p[1] := 0`)
    case jumpIfEntryDefined(key: Register, target: Address)
    /// record a query solution: the values of the query's variables
    case emitRow
    /// replace input or part of data by R[value] (path K[path], an array of keys) until the matching pop
    case withPush(target: WithTarget, path: Int32, value: Register)
    /// replace the function `target` by the function `replacement`, or (nil) by the value
    /// R[value], until the matching pop; calls anywhere below see the replacement
    case withFunction(target: FunctionRef, replacement: FunctionRef?, value: Register)
    /// undo the newest `withPush` or `withFunction`
    case withPop
    /// end the procedure
    case `return`
    /// add R[src]'s text to the print output (undefined arguments print as `<undefined>`)
    case print(args: Register, count: Int32)
}

/// The kind of collection an instruction builds.
package enum CollectionKind: UInt8, Sendable {
    case array, set, object
}

extension Instruction {
    /// The instruction with every address passed through `f` (labels -> addresses).
    func mappingAddresses(_ f: (Address) -> Address) -> Instruction {
        switch self {
        case .loadInput(let d, let fail): return .loadInput(dst: d, fail: f(fail))
        case .cachedPath(let d, let root, let path, let slot, let fail):
            return .cachedPath(dst: d, root: root, path: path, slot: slot, fail: f(fail))
        case .lookupConstant(let d, let s, let k, let fail): return .lookupConstant(dst: d, src: s, key: k, fail: f(fail))
        case .lookup(let d, let s, let k, let fail): return .lookup(dst: d, src: s, key: k, fail: f(fail))
        case .lookupStored(let d, let s, let k, let fail): return .lookupStored(dst: d, src: s, key: k, fail: f(fail))
        case .iterInit(let i, let s, let fail): return .iterInit(iterator: i, src: s, fail: f(fail))
        case .iterNext(let i, let k, let v, let done): return .iterNext(iterator: i, key: k, value: v, done: f(done))
        case .test(let op, let a, let b, let fail): return .test(op: op, a: a, b: b, fail: f(fail))
        case .testTruthy(let s, let fail): return .testTruthy(src: s, fail: f(fail))
        case .arithmetic(let op, let d, let a, let b, let fail, let l): return .arithmetic(op: op, dst: d, a: a, b: b, fail: f(fail), line: l)
        case .negate(let d, let s, let fail, let l): return .negate(dst: d, src: s, fail: f(fail), line: l)
        case .callBuiltin(let d, let b, let a, let c, let fail, let l): return .callBuiltin(dst: d, builtin: b, args: a, count: c, fail: f(fail), line: l)
        case .callRule(let d, let r, let fail): return .callRule(dst: d, ruleSet: r, fail: f(fail))
        case .callRuleKey(let d, let r, let k, let fail): return .callRuleKey(dst: d, ruleSet: r, key: k, fail: f(fail))
        case .callFunction(let d, let fn, let a, let c, let fail): return .callFunction(dst: d, function: fn, args: a, count: c, fail: f(fail))
        case .virtualDocument(let d, let n, let fail): return .virtualDocument(dst: d, node: n, fail: f(fail))
        case .testMember(let k, let v, let c, let fail): return .testMember(key: k, value: v, collection: c, fail: f(fail))
        case .testArrayLength(let s, let c, let fail): return .testArrayLength(src: s, count: c, fail: f(fail))
        case .testObjectSize(let s, let c, let fail): return .testObjectSize(src: s, count: c, fail: f(fail))
        case .jump(let t): return .jump(target: f(t))
        case .jumpIfTrue(let s, let t): return .jumpIfTrue(src: s, target: f(t))
        case .jumpIfDefined(let t): return .jumpIfDefined(target: f(t))
        case .jumpUnlessStrict(let t): return .jumpUnlessStrict(target: f(t))
        case .jumpIfEntryDefined(let k, let t): return .jumpIfEntryDefined(key: k, target: f(t))
        default: return self
        }
    }

    /// The addresses this instruction may jump to.
    var jumpTargets: [Address] {
        var targets: [Address] = []
        _ = mappingAddresses { targets.append($0); return $0 }
        return targets
    }
}
