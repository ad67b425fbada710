// BuiltinOperands: how builtins read their arguments, with OPA's operand errors.
// Invariant: every accessor either returns a well-typed value or throws the exact
// `eval_type_error` text OPA gives for that operand position.

extension BuiltinError {
    /// `<name>: operand 2 must be array of strings but got array containing number`.
    static func element(_ builtin: String, _ index: Int, _ composite: Value, _ element: Value, _ expected: String) -> BuiltinError {
        let kind = composite.typeName
        return BuiltinError(.type, "\(builtin): operand \(index) must be \(kind) of \(expected)s but got \(kind) containing \(element.typeName)")
    }

    /// An operand error with free text after `operand N `.
    static func operandText(_ builtin: String, _ index: Int, _ text: String) -> BuiltinError {
        BuiltinError(.type, "\(builtin): operand \(index) \(text)")
    }

    /// An `eval_builtin_error` prefixed with the builtin's name, as OPA wraps Go errors.
    static func failure(_ builtin: String, _ message: String) -> BuiltinError {
        BuiltinError(.builtin, "\(builtin): \(message)")
    }
}

/// Typed access to a builtin's arguments; `name` prefixes every error.
struct Operands {
    let name: String
    let values: [Value]

    init(_ name: String, _ values: [Value]) {
        self.name = name
        self.values = values
    }

    /// The argument at 1-based `index`; a missing argument reads as null, which every
    /// typed accessor rejects, so a short argument list is an error and never a crash.
    subscript(_ index: Int) -> Value {
        index >= 1 && index <= values.count ? values[index - 1] : .null
    }

    func string(_ index: Int) throws(BuiltinError) -> String {
        if case .string(let s) = self[index] { return s }
        throw .operand(name, index, "string", got: self[index])
    }

    func number(_ index: Int) throws(BuiltinError) -> Number {
        if case .number(let n) = self[index] { return n }
        throw .operand(name, index, "number", got: self[index])
    }

    /// An integral number that fits in Int64 (OPA's IntOperand).
    func integer(_ index: Int) throws(BuiltinError) -> Int64 {
        let n = try number(index)
        guard let i = n.exactInt else {
            throw .operandText(name, index, "must be integer number but got floating-point number")
        }
        return i
    }

    /// An integral number of any size (OPA's BigIntOperand): `1.0` and `1e30` are
    /// integers; a number past the arithmetic limit reads as not one.
    func bigInteger(_ index: Int) throws(BuiltinError) -> BigInt {
        guard case .number(let n) = self[index] else { throw .operand(name, index, "integer", got: self[index]) }
        guard (try? n.checkMagnitude()) != nil, let i = n.exactInteger else {
            throw .operandText(name, index, "must be integer number but got floating-point number")
        }
        return i
    }

    func array(_ index: Int) throws(BuiltinError) -> [Value] {
        if case .array(let a) = self[index] { return a }
        throw .operand(name, index, "array", got: self[index])
    }

    func set(_ index: Int) throws(BuiltinError) -> Set<Value> {
        if case .set(let s) = self[index] { return s }
        throw .operand(name, index, "set", got: self[index])
    }

    func object(_ index: Int) throws(BuiltinError) -> RegoObject {
        if case .object(let o) = self[index] { return o }
        throw .operand(name, index, "object", got: self[index])
    }

    /// The members of an array or a set (a set in Rego's order).
    func arrayOrSetElements(_ index: Int, expected: String = "one of {array, set}") throws(BuiltinError) -> [Value] {
        switch self[index] {
        case .array(let a): return a
        case .set(let s): return s.sorted()
        default: throw .operand(name, index, expected, got: self[index])
        }
    }

    /// An array or set whose members must all be strings.
    func strings(_ index: Int, expected: String = "one of {array, set}") throws(BuiltinError) -> [String] {
        let composite = self[index]
        let items = try arrayOrSetElements(index, expected: expected)
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case .string(let s) = item else { throw .element(name, index, composite, item, "string") }
            out.append(s)
        }
        return out
    }
}

/// Builds a builtin whose body reads its arguments through `Operands`.
func builtin(
    _ name: String,
    _ body: @escaping @Sendable (Operands) throws(BuiltinError) -> Value?
) -> Builtin {
    Builtin(name) { args, _ throws(BuiltinError) in
        try body(Operands(name, args))
    }
}

/// Builds a builtin whose body also reads and updates the evaluation's context (its
/// work budget).
func builtin(
    _ name: String,
    _ body: @escaping @Sendable (Operands, inout BuiltinContext) throws(BuiltinError) -> Value?
) -> Builtin {
    Builtin(name) { args, context throws(BuiltinError) in
        try body(Operands(name, args), &context)
    }
}
