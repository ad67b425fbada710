// Comparison operators as builtins: equal, neq, lt, lte, gt, gte. Invariant: any two
// values compare, in Rego's total order (`Value.compare`), so these never fail.

enum ComparisonBuiltins {
    static let all: [Builtin] = [
        compare("equal") { $0 == 0 },
        compare("neq") { $0 != 0 },
        compare("lt") { $0 < 0 },
        compare("lte") { $0 <= 0 },
        compare("gt") { $0 > 0 },
        compare("gte") { $0 >= 0 },
    ]

    private static func compare(_ name: String, _ holds: @escaping @Sendable (Int) -> Bool) -> Builtin {
        Builtin(name) { args, _ throws(BuiltinError) in
            let ops = Operands(name, args)
            return .bool(holds(Value.compare(ops[1], ops[2])))
        }
    }
}
