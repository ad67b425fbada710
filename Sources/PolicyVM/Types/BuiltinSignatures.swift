// BuiltinSignatures: the one table of builtin declarations (OPA's, see
// BuiltinSignatures+Table), by name: what the type checker checks calls against,
// where call arities come from, and what `policy capabilities` can print in OPA's
// shape. Invariant: every builtin in BuiltinRegistry has a declaration here (a test
// holds it), and the operators the checker reads (eq, assign, membership) do too.

/// OPA's declarations of the builtins the VM implements.
package enum BuiltinSignatures {
    /// Declarations by name.
    package static let table: [String: FunctionType] = Dictionary(
        declarations.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })

    package static func signature(_ name: String) -> FunctionType? { table[name] }
}
