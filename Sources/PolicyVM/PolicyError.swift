// PolicyError: every error the compiler and the VM report, with OPA's stable code, a
// message, and where it happened. The compiler collects several (capped); evaluation
// stops at the first.

/// OPA's error codes, as OPA spells them.
public enum PolicyErrorCode: String, Sendable {
    case parse = "rego_parse_error"
    case compile = "rego_compile_error"
    case unsafeVar = "rego_unsafe_var_error"
    case type = "rego_type_error"
    case recursion = "rego_recursion_error"
    case conflict = "eval_conflict_error"
    case evalType = "eval_type_error"
    case evalBuiltin = "eval_builtin_error"
    /// A limit (instructions, nesting, size) was exceeded; not an OPA code.
    case limit = "eval_limit_error"
    /// A construct outside the supported subset.
    case unsupported = "unsupported"
}

/// One error with its code, message and location.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public let code: PolicyErrorCode
    public let message: String
    public let location: SourceLocation?

    public init(_ code: PolicyErrorCode, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// `file:line:col: code: message`, the format the CLI prints.
    public var description: String {
        if let l = location, l.line > 0 { return "\(l): \(code.rawValue): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}

/// Several compile errors, in source order.
public struct PolicyErrors: Error, Sendable, CustomStringConvertible {
    /// The compiler stops collecting after this many: more only bury the first ones.
    public static let maxReported = 10

    public let errors: [PolicyError]

    public init(_ errors: [PolicyError]) { self.errors = errors }
    public init(_ error: PolicyError) { self.errors = [error] }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
