// Evaluation: the state of one evaluation of a compiled program — registers, iterators,
// the memo of rule values, input, data and `with` replacements, the instruction budget.
// One per call, never shared between threads; the program it runs is shared and
// read-only. Rule procedures own fixed register ranges: recursion is rejected at
// compile time, so no procedure is ever active twice and no frames are allocated.

/// Options for one evaluation.
public struct EvaluationOptions: Sendable {
    /// A builtin error stops evaluation (true) or makes its expression undefined (false).
    public var strictBuiltinErrors: Bool
    /// The most instructions one evaluation may execute: a policy that loops over a
    /// huge input stops with a clean error instead of holding a request hostage.
    public var instructionLimit: Int
    /// `time.now_ns` for this evaluation (nil: the clock at the start).
    public var nowNanoseconds: Int64?
    /// Record which source locations executed (for `policy test --coverage`).
    public var collectsCoverage = false

    public static let defaultInstructionLimit = 10_000_000

    /// The most steps builtins may spend on work that grows with their operands, all
    /// together (a regular-expression step moves one NFA thread one rune, or takes one
    /// DFA transition). Matching is linear in the text, but a 1 MB text against a
    /// large pattern still costs seconds: this bounds one evaluation's share, and is
    /// set to allow 100 instructions' worth of NFA work over a 1 MB text.
    public var builtinWorkLimit = defaultBuiltinWorkLimit
    public static let defaultBuiltinWorkLimit = 100_000_000

    public init(strictBuiltinErrors: Bool = false, instructionLimit: Int = defaultInstructionLimit, nowNanoseconds: Int64? = nil) {
        self.strictBuiltinErrors = strictBuiltinErrors
        self.instructionLimit = instructionLimit
        self.nowNanoseconds = nowNanoseconds
    }
}

/// A memoised rule value.
enum MemoEntry {
    case notComputed
    case undefined
    case value(Value)
    /// A partial object whose whole value raised an error: lookups of one key evaluate
    /// that key alone (see `ruleEntry`).
    case wholeFailed
}

/// A `with` replacement in force.
struct WithFrame {
    let savedInput: Value?
    let savedData: Value
    let savedMemo: [MemoEntry]
    let savedOverrides: [[String]]
    let savedMocks: [MockedFunction: FunctionMock]
}

/// A function replaced by `with`: builtins by name (each procedure has its own table).
enum MockedFunction: Hashable {
    case builtin(String)
    case function(Int32)
}

/// What replaces a function under `with`.
enum FunctionMock {
    case value(Value)
    case builtin(Builtin)
    case function(Int32)
}

/// The state of one evaluation (see the file header).
/// Its mutable state is `@exclusivity(unchecked)`: one thread drives an evaluation and
/// no access overlaps another, so the runtime's dynamic exclusivity checks (a tenth of
/// a decision's instructions) would only repeat what the design already guarantees.
final class Evaluation {
    /// A collection built by one evaluation above this size is almost certainly a
    /// runaway (a comprehension over a cross product); stop it before memory does.
    static let maxCollectionSize = 10_000_000

    let program: Program
    let registers: UnsafeMutablePointer<Value>
    let registerCount: Int
    let iterators: UnsafeMutablePointer<IteratorState>
    let iteratorCount: Int
    @exclusivity(unchecked) var memo: [MemoEntry]
    /// Cache slots of constant paths into input and data; a slot's value lives in its
    /// register. An input path is valid when its stamp equals `generation` (new for every
    /// evaluation and every `with`); a data path when it equals `dataGeneration` (new only
    /// when `with data` changes data, so a reused evaluator keeps data paths across
    /// decisions). The two counters never meet: input stamps are odd, data stamps even.
    let pathDefined: UnsafeMutablePointer<Bool>
    let pathStamps: UnsafeMutablePointer<UInt64>
    /// Per slot, where the path's first key was found in its root object last time.
    let pathHints: UnsafeMutablePointer<Int>
    let pathSlotCount: Int
    @exclusivity(unchecked) var generation: UInt64 = 1
    @exclusivity(unchecked) var dataGeneration: UInt64 = 2
    @exclusivity(unchecked) var input: Value? {
        didSet { inputObject = Evaluation.storage(of: input) }
    }
    /// The input's storage when the input is an object, unretained (`input` keeps it
    /// alive): path loads start there without copying the input for every path.
    @exclusivity(unchecked) var inputObject: Unmanaged<ObjectStorage>?
    @exclusivity(unchecked) var data: Value
    /// Paths below `data` replaced by `with`, newest last.
    @exclusivity(unchecked) var overrides: [[String]] = []
    /// Functions and builtins replaced by `with` (calls check only when it is not empty).
    @exclusivity(unchecked) var mocks: [MockedFunction: FunctionMock] = [:]
    @exclusivity(unchecked) var withStack: [WithFrame] = []
    @exclusivity(unchecked) var context: BuiltinContext
    @exclusivity(unchecked) var strict: Bool
    @exclusivity(unchecked) var budget: Int
    @exclusivity(unchecked) var instructionLimit: Int
    /// Query solutions: the query variables' values, per solution.
    @exclusivity(unchecked) var rows: [[Value]] = []
    @exclusivity(unchecked) var queryRegisters: [Register] = []
    /// Query solutions: each query expression's value, per solution.
    @exclusivity(unchecked) var expressionRows: [[Value]] = []
    @exclusivity(unchecked) var expressionRegisters: [Register] = []
    /// The first solution's first variable, kept without building rows.
    @exclusivity(unchecked) var firstValue: Value?
    /// False on the decision path, which reads only `firstValue`.
    @exclusivity(unchecked) var collectsRows = true
    /// The storage of the last partial set built: once its reader has let it go, the
    /// next decision refills it instead of allocating (see `freshSetStorage`).
    @exclusivity(unchecked) var spareSet = Set<Value>()
    /// Source locations of executed instructions, when coverage is on.
    @exclusivity(unchecked) var covered: Set<SourceLocation> = []
    let collectsCoverage: Bool

    init(program: Program, registerCount: Int, iteratorCount: Int, pathSlotCount: Int, input: Value?,
         options: EvaluationOptions, now: Int64) {
        self.pathSlotCount = pathSlotCount
        self.pathDefined = .allocate(capacity: max(pathSlotCount, 1))
        pathDefined.initialize(repeating: false, count: max(pathSlotCount, 1))
        self.pathStamps = .allocate(capacity: max(pathSlotCount, 1))
        pathStamps.initialize(repeating: 0, count: max(pathSlotCount, 1))
        self.pathHints = .allocate(capacity: max(pathSlotCount, 1))
        pathHints.initialize(repeating: -1, count: max(pathSlotCount, 1))
        self.program = program
        self.registerCount = registerCount
        self.registers = .allocate(capacity: max(registerCount, 1))
        registers.initialize(repeating: .null, count: max(registerCount, 1))
        self.iteratorCount = iteratorCount
        self.iterators = .allocate(capacity: max(iteratorCount, 1))
        iterators.initialize(repeating: .empty, count: max(iteratorCount, 1))
        self.memo = Array(repeating: .notComputed, count: program.ruleSets.count)
        self.input = input
        self.inputObject = Evaluation.storage(of: input)  // (observers do not run in init)
        self.data = program.data
        self.context = BuiltinContext(nowNanoseconds: options.nowNanoseconds ?? now, workLimit: options.builtinWorkLimit)
        self.strict = options.strictBuiltinErrors
        self.budget = options.instructionLimit
        self.instructionLimit = options.instructionLimit
        self.collectsCoverage = options.collectsCoverage
        for p in program.procedures { loadConstantRegisters(p) }
    }

    static func storage(of input: Value?) -> Unmanaged<ObjectStorage>? {
        if case .object(let o)? = input { return o.unretainedStorage }
        return nil
    }

    /// `storage(of:)` for a value read in place (no copy of it).
    @inline(__always) static func storage(ofValueAt value: UnsafeMutablePointer<Value>) -> Unmanaged<ObjectStorage>? {
        if case .object(let o) = value.pointee { return o.unretainedStorage }
        return nil
    }

    /// Fills a procedure's constant registers; no instruction writes them afterwards,
    /// so they stay valid across `reset`.
    func loadConstantRegisters(_ p: Procedure) {
        for (r, k) in p.constantRegisters { registers[Int(r)] = p.constants[Int(k)] }
    }

    /// Makes the evaluation ready to run again with new input: the register file and
    /// iterator slots are kept (their old values are overwritten as code runs).
    func reset(input: Value?, options: EvaluationOptions, now: Int64) {
        for i in memo.indices { memo[i] = .notComputed }
        generation &+= 2
        self.input = input
        if !overrides.isEmpty || !withStack.isEmpty {
            data = program.data
            dataGeneration &+= 2
            overrides = []
            withStack = []
            mocks = [:]
        }
        context.nowNanoseconds = options.nowNanoseconds ?? now
        context.workLimit = options.builtinWorkLimit
        context.workUsed = 0
        // Emptied only when used: assigning an empty collection still releases the old one.
        if !context.printed.isEmpty { context.printed = [] }
        if !context.nondeterministicAnswers.isEmpty { context.nondeterministicAnswers = [:] }
        strict = options.strictBuiltinErrors
        budget = options.instructionLimit
        instructionLimit = options.instructionLimit
        if !rows.isEmpty { rows = [] }
        if !expressionRows.isEmpty { expressionRows = [] }
        firstValue = nil
        // The query's registers hold the last answer: let it go, so its storage can be
        // reused (see `freshSetStorage`) once the caller has let it go too.
        for q in queryRegisters { registers[Int(q)] = .null }
        if !covered.isEmpty { covered = [] }
    }

    deinit {
        registers.deinitialize(count: max(registerCount, 1))
        registers.deallocate()
        iterators.deinitialize(count: max(iteratorCount, 1))
        iterators.deallocate()
        pathDefined.deallocate()
        pathStamps.deallocate()
        pathHints.deallocate()
    }

    // MARK: - Rules

    /// The value of a rule set: memoised, with `with` replacements honoured.
    func ruleValue(_ index: Int32) throws(PolicyError) -> Value? {
        if !overrides.isEmpty, let replaced = overriddenValue(for: program.ruleSets[Int(index)]) { return replaced }
        switch memo[Int(index)] {
        case .value(let v): return v
        case .undefined: return nil
        case .notComputed, .wholeFailed: break
        }
        let value = try run(program.ruleProcedures[Int(index)])
        memo[Int(index)] = value.map { .value($0) } ?? .undefined
        return value
    }

    /// The entry at `key` of a partial object rule set. The whole object is evaluated and
    /// memoised as for any reference; only when that raises an error (a conflict or a
    /// failing builtin at another key) is the key evaluated alone, as OPA evaluates it.
    func ruleEntry(_ index: Int32, key: Value) throws(PolicyError) -> Value? {
        if !overrides.isEmpty, let replaced = overriddenValue(for: program.ruleSets[Int(index)]) { return replaced?.lookup(key) }
        guard let keyed = program.keyedProcedures[Int(index)] else { return try ruleValue(index)?.lookup(key) }
        switch memo[Int(index)] {
        case .value(let v): return v.lookup(key)
        case .undefined: return nil
        case .notComputed:
            do {
                return try ruleValue(index)?.lookup(key)
            } catch where error.code != .limit {
                memo[Int(index)] = .wholeFailed
            }
        case .wholeFailed: break
        }
        registers[Int(keyed.argumentBase)] = key
        return try run(keyed)?.lookup(key)
    }

    /// When a `with data…` replacement covers a rule's path, the rule's value is the
    /// replacement (outer nil: not covered; inner nil: covered and undefined).
    private func overriddenValue(for info: RuleSetInfo) -> Value?? {
        for path in overrides.reversed() where path.count <= info.path.count && Array(info.path.prefix(path.count)) == path {
            var v: Value? = data
            for step in info.path { v = v?.lookup(.string(step)) }
            return .some(v)
        }
        return nil
    }

    /// Calls a function with arguments already in registers.
    func callFunction(_ index: Int32, args: Register, count: Int32) throws(PolicyError) -> Value? {
        let proc = program.ruleProcedures[Int(index)]
        for i in 0..<Int(count) {
            registers[Int(proc.argumentBase) + i] = registers[Int(args) + i]
        }
        return try run(proc)
    }

    /// Makes the slot's register hold the value at a constant path below input or data,
    /// looked up once per evaluation (data paths: once per data); false when undefined.
    @inline(__always) func loadCachedPath(_ root: WithTarget, _ p: Procedure, path: Int, slot: Int,
                                          into register: UnsafeMutablePointer<Value>) -> Bool {
        let stamp = root == .input ? generation : dataGeneration
        if pathStamps[slot] != stamp { fillPathSlot(root, p, path: path, slot: slot, stamp: stamp, into: register) }
        return pathDefined[slot]
    }

    private func fillPathSlot(_ root: WithTarget, _ p: Procedure, path index: Int, slot: Int, stamp: UInt64,
                              into register: UnsafeMutablePointer<Value>) {
        pathStamps[slot] = stamp
        pathDefined[slot] = fillPathSlot(root, p.flatPaths.path(index), hint: pathHints + slot, into: register)
    }

    private func fillPathSlot(_ root: WithTarget, _ path: (steps: UnsafeBufferPointer<Value>, hashes: UnsafePointer<UInt64>),
                              hint: UnsafeMutablePointer<Int>, into register: UnsafeMutablePointer<Value>) -> Bool {
        let (steps, hashes) = path
        // Objects are walked borrowed, each step reading the entry in place in its
        // parent's storage (the root keeps them all alive); only the value at the end of
        // the path is copied, once, into the register.
        var object = root == .input ? inputObject : Evaluation.storage(of: data)
        var reached: UnsafeMutablePointer<ObjectEntry>?
        var i = 0
        while i < steps.count, let o = object {
            let position = o._withUnsafeGuaranteedRef { storage in
                // The first step (below input or data) remembers where it found its key.
                (i == 0 ? storage.find(keyAt: steps.baseAddress!, hash: hashes[0], hint: &hint.pointee)
                        : storage.find(keyAt: steps.baseAddress! + i, hash: hashes[i])).map { index in
                    storage.withUnsafeMutablePointerToElements { $0 + index }
                }
            }
            guard let position else {
                return root == .data && fillStoredPath(steps, into: register)
            }
            reached = position
            i += 1
            object = Evaluation.storage(ofValueAt: &position.pointee.value)
        }
        if i == steps.count, let reached {
            register.pointee = reached.pointee.value
            return true
        }
        // The root, or a step below something that is not an object (an array index,
        // a string): copies.
        if root == .data { return fillStoredPath(steps, into: register) }
        var v: Value? = reached?.pointee.value ?? (root == .input ? input : data)
        while i < steps.count, let current = v {
            v = current.lookup(keyAt: steps.baseAddress! + i, hash: hashes[i])
            i += 1
        }
        guard let v else { return false }
        register.pointee = v
        return true
    }

    /// A constant path below base data not found as object keys, read again as OPA's
    /// store reads it (number keys as text, string keys as array indices:
    /// Value+StoredLookup).
    private func fillStoredPath(_ steps: UnsafeBufferPointer<Value>, into register: UnsafeMutablePointer<Value>) -> Bool {
        var v: Value? = data
        for step in steps {
            guard let current = v else { return false }
            v = current.storedLookup(step)
        }
        guard let v else { return false }
        register.pointee = v
        return true
    }

    /// An empty set with room for a few elements (growing 1, 2, 4 rehashes on every
    /// decision). A reused evaluator takes back the previous decision's set when nothing
    /// else holds it any more; a set allocated here costs a run-time lookup of the
    /// storage's generic metadata on top of the allocation.
    func freshSetStorage() -> Set<Value> {
        if spareSet.capacity >= 8 {
            var s = spareSet
            spareSet = Set()
            s.removeAll(keepingCapacity: true)
            return s
        }
        return Set(minimumCapacity: 8)
    }

    // MARK: - Errors

    func builtinFailure(_ error: BuiltinError, at location: SourceLocation) -> PolicyError {
        let code: PolicyErrorCode = switch error.kind {
        case .type: .evalType
        case .builtin: .evalBuiltin
        case .limit: .limit
        }
        return PolicyError(code, error.message, at: location)
    }
}
