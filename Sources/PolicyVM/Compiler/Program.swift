// Program: the compiler's output. Procedures (one per rule set, function, and query)
// with their instructions, constants, builtins and line table; the rule tree that
// maps data paths to rule sets. Immutable once built and verified, so one program is
// shared by any number of concurrent evaluations.

/// What a procedure computes.
package enum ProcedureKind: Sendable, Equatable {
    /// A complete rule: at most one value.
    case complete
    /// A partial set rule: a set (empty when no body succeeds).
    case partialSet
    /// A partial object rule: an object.
    case partialObject
    /// A function of the given arity: at most one value per argument list.
    case function(arity: Int)
    /// A query: every solution is recorded with `emitRow`.
    case query
}

/// A constant path below input or data, with each step's hash under
/// `RegoObject.seed` computed once at compile time.
package struct ConstantPath: Sendable {
    package let steps: ContiguousArray<Value>
    let hashes: ContiguousArray<UInt64>

    init(_ steps: [Value]) {
        self.steps = ContiguousArray(steps)
        self.hashes = ContiguousArray(steps.map(RegoObject.hash(of:)))
    }
}

/// One compiled unit of code. A class: the VM hands procedures around on every call,
/// and a reference costs one retain where a struct of arrays costs one per array.
package final class Procedure: Sendable {
    /// `data.pkg.rule` for rules and functions, `query` for queries.
    package let name: String
    package let kind: ProcedureKind
    package let instructions: [Instruction]
    /// The source location of each instruction (the line table).
    package let locations: [SourceLocation]
    package let constants: [Value]
    /// Each constant's hash under `RegoObject.seed` (for lookups by a constant key).
    let constantHashes: [UInt64]
    /// The constant paths of `cachedPath` instructions.
    package let paths: [ConstantPath]
    /// The same paths, flat, for the VM.
    let flatPaths: FlatPaths
    /// The instructions again, flat, for the VM's dispatch.
    let flatCode: FlatCode
    /// Registers preloaded with a constant when an evaluation starts (operands read
    /// them in place: no instruction copies a constant per use).
    package let constantRegisters: [(register: Register, constant: Int32)]
    package let builtins: [Builtin]
    /// Per builtin: whether a call is charged its operands' sizes (see `BuiltinWork`).
    let builtinChargesOperands: [Bool]
    /// The rule indexes of `indexJump` and `indexNext`.
    package let indexTables: [IndexTable]
    /// Functions: the arguments are copied to R[argumentBase ..< argumentBase + arity].
    package let argumentBase: Register
    /// The registers this procedure owns: [registerBase, registerBase + registerCount).
    package let registerBase: Register
    package let registerCount: Int32
    /// For complete rules whose every definition yields the same constant: the first
    /// solution settles the value, so the search can stop there.
    package let stopsAtFirstValue: Bool

    init(name: String, kind: ProcedureKind, instructions: [Instruction], locations: [SourceLocation], constants: [Value], paths: [ConstantPath],
         constantRegisters: [(register: Register, constant: Int32)], builtins: [Builtin], indexTables: [IndexTable] = [], argumentBase: Register, registerBase: Register, registerCount: Int32, stopsAtFirstValue: Bool) {
        self.name = name
        self.kind = kind
        self.instructions = instructions
        self.flatCode = FlatCode(instructions)
        self.locations = locations
        self.constants = constants
        self.constantHashes = constants.map(RegoObject.hash(of:))
        self.paths = paths
        self.flatPaths = FlatPaths(paths)
        self.constantRegisters = constantRegisters
        self.builtins = builtins
        self.builtinChargesOperands = BuiltinWork.chargesOperands(builtins)
        self.indexTables = indexTables
        self.argumentBase = argumentBase
        self.registerBase = registerBase
        self.registerCount = registerCount
        self.stopsAtFirstValue = stopsAtFirstValue
    }
}

/// A group of rule definitions at one path, compiled into one procedure.
package struct RuleSetInfo: Sendable {
    package let path: [String]
    package let procedure: Int32
    package let kind: ProcedureKind
    /// A partial object's procedure for one asked-for key (nil: none).
    package let keyedProcedure: Int32?

    package var dottedName: String { "data." + path.joined(separator: ".") }
}

/// A node of the rule tree: a path below `data` with rules at or under it.
package struct RuleTreeNode: Sendable {
    package let path: [String]
    package internal(set) var children: [String: Int32]
    package internal(set) var ruleSet: Int32?
}

/// A compiled set of modules plus base data. Immutable and shared by reference: every
/// evaluation points at the same program.
public final class Program: Sendable {
    package let procedures: [Procedure]
    package let ruleSets: [RuleSetInfo]
    /// Node 0 is the root (`data`).
    package let nodes: [RuleTreeNode]
    /// Registers used by all rule procedures; queries get registers after these.
    package let registerCount: Int32
    package let iteratorCount: Int32
    /// Cache slots for constant paths into input and data.
    package let pathSlotCount: Int32
    package let data: Value
    /// The procedure of each rule set, by rule set index (the VM's call path).
    let ruleProcedures: [Procedure]
    /// The keyed procedure of each partial object rule set, by rule set index.
    let keyedProcedures: [Procedure?]
    /// The type checker's type of each rule set, by rule set index (queries are checked
    /// against them).
    let ruleTypes: [RegoType]

    init(procedures: [Procedure], ruleSets: [RuleSetInfo], nodes: [RuleTreeNode], registerCount: Int32,
         iteratorCount: Int32, pathSlotCount: Int32, data: Value, ruleTypes: [RegoType]) {
        self.ruleTypes = ruleTypes
        self.pathSlotCount = pathSlotCount
        self.procedures = procedures
        self.ruleSets = ruleSets
        self.nodes = nodes
        self.registerCount = registerCount
        self.iteratorCount = iteratorCount
        self.data = data
        self.ruleProcedures = ruleSets.map { procedures[Int($0.procedure)] }
        self.keyedProcedures = ruleSets.map { $0.keyedProcedure.map { procedures[Int($0)] } }
    }
}
