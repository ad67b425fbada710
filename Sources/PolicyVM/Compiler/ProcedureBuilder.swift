// ProcedureBuilder: collects one procedure's instructions, line table, constants and
// builtins. Jumps name labels while building; `finish` resolves every label to an
// address, so no instruction is ever patched by hand.

/// Builds one procedure.
struct ProcedureBuilder {
    private(set) var instructions: [Instruction] = []
    private(set) var locations: [SourceLocation] = []
    private(set) var constants: [Value] = []
    private var constantIndex: [Value: Int32] = [:]
    /// Registers that hold a constant for every evaluation (loaded once when the
    /// evaluation is created, never written by code), each with its constant's index.
    private(set) var constantRegisters: [(register: Register, constant: Int32)] = []
    private var constantRegisterIndex: [Value: Register] = [:]
    private(set) var paths: [ConstantPath] = []
    private(set) var builtins: [Builtin] = []
    private var builtinIndex: [String: Int32] = [:]
    /// Rule indexes, their addresses still labels.
    private(set) var indexTables: [IndexTable] = []
    /// Label id -> address, once placed.
    private var labels: [Address?] = []
    /// The location given to instructions emitted from now on.
    var location: SourceLocation

    init(location: SourceLocation) {
        self.location = location
    }

    mutating func newLabel() -> Address {
        labels.append(nil)
        return Address(labels.count - 1)
    }

    /// Places `label` at the next instruction.
    mutating func place(_ label: Address) {
        labels[Int(label)] = Address(instructions.count)
    }

    mutating func emit(_ instruction: Instruction) {
        instructions.append(instruction)
        locations.append(location)
    }

    mutating func constant(_ value: Value) -> Int32 {
        // Keys compare 1 and 1.0 equal; keep them apart so constants print as written.
        if case .number = value {
            constants.append(value)
            return Int32(constants.count - 1)
        }
        if let i = constantIndex[value] { return i }
        constants.append(value)
        let i = Int32(constants.count - 1)
        constantIndex[value] = i
        return i
    }

    mutating func path(_ steps: [Value]) -> Int32 {
        paths.append(ConstantPath(steps))
        return Int32(paths.count - 1)
    }

    /// The register holding `value` for this procedure; `allocate` gives a new one when
    /// the value has none yet. Numbers are not shared (1 and 1.0 print differently).
    mutating func constantRegister(for value: Value, allocate: () -> Register) -> Register {
        if case .number = value {} else if let r = constantRegisterIndex[value] { return r }
        let r = allocate()
        constantRegisters.append((r, constant(value)))
        if case .number = value {} else { constantRegisterIndex[value] = r }
        return r
    }

    mutating func builtin(_ b: Builtin) -> Int32 {
        if let i = builtinIndex[b.name] { return i }
        builtins.append(b)
        let i = Int32(builtins.count - 1)
        builtinIndex[b.name] = i
        return i
    }

    mutating func indexTable(_ t: IndexTable) -> Int32 {
        indexTables.append(t)
        return Int32(indexTables.count - 1)
    }

    /// The finished procedure: labels resolved, a final `return` appended.
    mutating func finish(name: String, kind: ProcedureKind, argumentBase: Register, registerBase: Register,
                         registerCount: Int32, stopsAtFirstValue: Bool) -> Procedure {
        emit(.return)
        let labels = self.labels, last = Address(instructions.count - 1)
        let address = { (label: Address) in labels[Int(label)] ?? last }
        let resolved = instructions.map { $0.mappingAddresses(address) }
        return Procedure(name: name, kind: kind, instructions: resolved, locations: locations, constants: constants, paths: paths,
                         constantRegisters: constantRegisters, builtins: builtins,
                         indexTables: indexTables.map { $0.mappingAddresses(address) }, argumentBase: argumentBase, registerBase: registerBase,
                         registerCount: registerCount, stopsAtFirstValue: stopsAtFirstValue)
    }
}
