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
}

/// A `with` replacement in force.
struct WithFrame {
    let savedInput: Value?
    let savedData: Value
    let savedMemo: [MemoEntry]
    let savedOverrides: [[String]]
}

final class Evaluation {
    /// A collection built by one evaluation above this size is almost certainly a
    /// runaway (a comprehension over a cross product); stop it before memory does.
    static let maxCollectionSize = 10_000_000

    let program: Program
    let registers: UnsafeMutablePointer<Value>
    let registerCount: Int
    let iterators: UnsafeMutablePointer<IteratorState>
    let iteratorCount: Int
    var memo: [MemoEntry]
    var input: Value?
    var data: Value
    /// Paths below `data` replaced by `with`, newest last.
    var overrides: [[String]] = []
    var withStack: [WithFrame] = []
    var context: BuiltinContext
    let strict: Bool
    var budget: Int
    let instructionLimit: Int
    /// Query solutions: the query variables' values, per solution.
    var rows: [[Value]] = []
    var queryRegisters: [Register] = []
    /// The first solution's first variable, kept without building rows.
    var firstValue: Value?
    /// False on the decision path, which reads only `firstValue`.
    var collectsRows = true
    /// Source locations of executed instructions, when coverage is on.
    var covered: Set<SourceLocation> = []
    let collectsCoverage: Bool

    init(program: Program, registerCount: Int, iteratorCount: Int, input: Value?, options: EvaluationOptions, now: Int64) {
        self.program = program
        self.registerCount = registerCount
        self.registers = .allocate(capacity: max(registerCount, 1))
        registers.initialize(repeating: .null, count: max(registerCount, 1))
        self.iteratorCount = iteratorCount
        self.iterators = .allocate(capacity: max(iteratorCount, 1))
        iterators.initialize(repeating: .empty, count: max(iteratorCount, 1))
        self.memo = Array(repeating: .notComputed, count: program.ruleSets.count)
        self.input = input
        self.data = program.data
        self.context = BuiltinContext(nowNanoseconds: options.nowNanoseconds ?? now)
        self.strict = options.strictBuiltinErrors
        self.budget = options.instructionLimit
        self.instructionLimit = options.instructionLimit
        self.collectsCoverage = options.collectsCoverage
    }

    deinit {
        registers.deinitialize(count: max(registerCount, 1))
        registers.deallocate()
        iterators.deinitialize(count: max(iteratorCount, 1))
        iterators.deallocate()
    }

    // MARK: - Rules

    /// The value of a rule set: memoised, with `with` replacements honoured.
    func ruleValue(_ index: Int32) throws(PolicyError) -> Value? {
        if !overrides.isEmpty, let replaced = overriddenValue(for: program.ruleSets[Int(index)]) { return replaced }
        switch memo[Int(index)] {
        case .value(let v): return v
        case .undefined: return nil
        case .notComputed: break
        }
        let value = try run(program.ruleProcedures[Int(index)])
        memo[Int(index)] = value.map { .value($0) } ?? .undefined
        return value
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

    // MARK: - Errors

    func builtinFailure(_ error: BuiltinError, at location: SourceLocation) -> PolicyError {
        PolicyError(error.kind == .type ? .evalType : .evalBuiltin, error.message, at: location)
    }
}
