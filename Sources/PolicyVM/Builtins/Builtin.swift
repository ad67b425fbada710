// Builtin: one built-in function, its name and its body (its declaration, for the type
// checker, is OPA's, in BuiltinSignatures).
// Invariant: a builtin never crashes on any input: a wrong operand is a BuiltinError
// with OPA's code and text; "no result" (e.g. object.get on a missing path is not
// that, but `regex.match` never is) is expressed by returning nil = undefined.

/// Why a builtin failed. `type` is OPA's eval_type_error, `builtin` its eval_builtin_error.
package struct BuiltinError: Error, Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// An operand of the wrong type at run time (`eval_type_error`).
        case type
        /// The builtin failed on a well-typed operand (`eval_builtin_error`).
        case builtin
        /// The builtin used up the evaluation's work limit (`eval_limit_error`): always
        /// an error, never an undefined result, whatever the strictness.
        case limit
    }

    package let kind: Kind
    package let message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `count: operand 1 must be one of {array, object, set, string} but got null`.
    package static func operand(_ builtin: String, _ index: Int, _ expected: String, got: Value) -> BuiltinError {
        BuiltinError(.type, "\(builtin): operand \(index) must be \(expected) but got \(got.typeName)")
    }
}

/// What a builtin may read from the evaluation it runs in.
package struct BuiltinContext: Sendable {
    /// `time.now_ns` is one value per evaluation: fixed when the evaluation starts.
    package var nowNanoseconds: Int64
    /// Lines written by `print`, in order.
    package var printed: [String] = []
    /// Steps that builtins whose cost grows with their operands (regular expressions)
    /// may take in this evaluation, all together; see `EvaluationOptions.builtinWorkLimit`.
    package var workLimit: Int
    /// Steps taken so far against `workLimit`.
    package var workUsed = 0
    /// Answers of the nondeterministic builtins (uuid.rfc4122, rand.intn) by call, kept
    /// for the rest of the evaluation: OPA caches them per query, so the same call
    /// answers the same within one evaluation and afresh in the next.
    var nondeterministicAnswers: [Value: Value] = [:]

    package init(nowNanoseconds: Int64, workLimit: Int = EvaluationOptions.defaultBuiltinWorkLimit) {
        self.nowNanoseconds = nowNanoseconds
        self.workLimit = workLimit
    }

    /// The answer a nondeterministic call gave earlier in this evaluation, or `make()`'s,
    /// remembered under `key` (the builtin's name and what OPA keys its cache by).
    mutating func remembered(_ key: Value, _ make: () -> Value) -> Value {
        if let known = nondeterministicAnswers[key] { return known }
        let value = make()
        nondeterministicAnswers[key] = value
        return value
    }

    /// Counts `steps` against the work limit; past it, `name` fails with a limit error.
    mutating func charge(_ steps: Int, _ name: String) throws(BuiltinError) {
        workUsed += steps
        if workUsed > workLimit {
            throw BuiltinError(.limit, "\(name): builtins exceeded the evaluation's work limit of \(workLimit) steps")
        }
    }
}

/// A builtin's implementation: the arguments in order; nil means undefined.
package typealias BuiltinBody = @Sendable (_ args: [Value], _ context: inout BuiltinContext) throws(BuiltinError) -> Value?

/// A built-in function.
package struct Builtin: Sendable {
    /// The full dotted name (`count`, `object.get`).
    package let name: String
    package let body: BuiltinBody

    package init(_ name: String, _ body: @escaping BuiltinBody) {
        self.name = name
        self.body = body
    }

    /// OPA's declaration of this builtin.
    package var signature: FunctionType { BuiltinSignatures.table[name] ?? FunctionType(variadic: .any) }

    package var arity: Int { signature.arity }

    /// Whether the builtin reads the evaluation's clock (`BuiltinContext.nowNanoseconds`):
    /// only then does an evaluation read the system time.
    package var readsClock: Bool { name == "time.now_ns" || name == "io.jwt.decode_verify" }

    /// Whether the builtin is a relation (OPA's `relation: true`, only `walk`): a call
    /// has one solution per member of the array its body returns.
    package var isRelation: Bool { name == "walk" }
}
