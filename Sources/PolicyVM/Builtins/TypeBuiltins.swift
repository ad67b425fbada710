// Type builtins: is_string, is_number, is_boolean, is_array, is_set, is_object,
// is_null and type_name. Invariant: they accept any value and never fail; a value
// of another type gives false (OPA v1), not undefined.

enum TypeBuiltins {
    static let all: [Builtin] = [
        check("is_string") { if case .string = $0 { true } else { false } },
        check("is_number") { if case .number = $0 { true } else { false } },
        check("is_boolean") { if case .bool = $0 { true } else { false } },
        check("is_array") { if case .array = $0 { true } else { false } },
        check("is_set") { if case .set = $0 { true } else { false } },
        check("is_object") { if case .object = $0 { true } else { false } },
        check("is_null") { if case .null = $0 { true } else { false } },
        typeName,
    ]

    static let typeName = builtin("type_name") { ops throws(BuiltinError) in
        .string(ops[1].typeName)
    }

    private static func check(_ name: String, _ holds: @escaping @Sendable (Value) -> Bool) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in .bool(holds(ops[1])) }
    }
}
