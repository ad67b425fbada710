// Evaluation, builtin work: each builtin call and each set operation is charged the
// sizes of its operands (before it runs) and of its result (after) against the
// evaluation's builtin work limit (`EvaluationOptions.builtinWorkLimit`), which the
// regular-expression builtins draw on too. The instruction budget counts a call as one
// instruction, yet the work inside grows with the values read and written (concat,
// sprintf, json.marshal, object.union, walk over huge values): without this charge a
// loop of a few million cheap instructions could each move megabytes. Sizes are
// shallow (a collection's element count, a string's UTF-8 bytes) so reading one costs
// O(1); a builtin that walks deep shows it in its result (walk's pairs, marshal's text).
// Invariant: charging never changes an answer; past the limit the evaluation ends with
// eval_limit_error naming the limit.

extension Value {
    /// The work a value stands for when a builtin reads or writes it (see the header).
    @inline(__always) var workSize: Int {
        switch self {
        case .string(let s): return s.utf8.count
        case .array(let a): return a.count
        case .object(let o): return o.count
        case .set(let s): return s.count
        case .null, .bool, .number: return 0
        }
    }
}

enum BuiltinWork {
    /// Builtins that read a fixed part of their operands (one key, the kind, a stored
    /// count), charged for their result alone: `object.get(input.big, k, 0)` in a loop
    /// over `input.big` is linear, as in OPA. (`count` of a string counts its
    /// characters, which the instruction budget bounds, as it bounds any one call.)
    static let readsOperandsInPart: Set<String> = [
        "object.get", "count", "type_name", "is_array", "is_boolean", "is_null", "is_number",
        "is_object", "is_set", "is_string",
    ]

    /// Per builtin of a procedure: whether its operands are charged.
    static func chargesOperands(_ builtins: [Builtin]) -> [Bool] {
        builtins.map { !readsOperandsInPart.contains($0.name) }
    }
}

extension Evaluation {
    /// Charges `amount` steps of builtin work done by `name`; past the limit, the error.
    @inline(__always) func chargeWork(_ amount: Int, by name: @autoclosure () -> String,
                                      at location: SourceLocation) throws(PolicyError) {
        context.workUsed &+= amount
        if context.workUsed > context.workLimit {
            throw PolicyError(.limit, "\(name()): builtins exceeded the evaluation's work limit of \(context.workLimit) steps",
                              at: location)
        }
    }

    /// The work of a builtin's operands, R[args ..< args+count], when its kind reads them.
    @inline(__always) func operandWork(_ p: Procedure, builtin b: Int, args: Register, count: Int32) -> Int {
        guard p.builtinChargesOperands[b] else { return 0 }
        var total = 0
        for i in 0..<Int(count) { total &+= registers[Int(args) + i].workSize }
        return total
    }
}
