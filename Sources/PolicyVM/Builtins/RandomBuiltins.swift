// Random builtins: rand.intn(key, n), a random integer in [0, |n|), the same for the
// same key and n throughout one evaluation (OPA caches it per query under "key-n").
// Invariant: the answer for n = 0 is 0, and every answer lies in [0, |n|).

enum RandomBuiltins {
    static let all: [Builtin] = [intn]

    static let intn = builtin("rand.intn") { ops, context throws(BuiltinError) in
        let key = try ops.string(1)
        let n = try ops.integer(2)
        if n == 0 { return .int(0) }
        let bound = n.magnitude
        return context.remembered(.array([.string(ops.name), .string("\(key)-\(bound)")])) {
            .number(.int(Int64(UInt64.random(in: 0..<bound))))
        }
    }
}
