// Time builtins: time.now_ns (one instant per evaluation, from the context) and
// time.parse_rfc3339_ns. Invariant: the clock is never read here, so an evaluation
// sees the same "now" everywhere and tests can fix it.

enum TimeBuiltins {
    static let all: [Builtin] = [nowNs, parseRFC3339Ns]

    static let nowNs = Builtin("time.now_ns") { _, context throws(BuiltinError) in
        .number(.int(context.nowNanoseconds))
    }

    static let parseRFC3339Ns = builtin("time.parse_rfc3339_ns") { ops throws(BuiltinError) in
        switch RFC3339Parser.parse(try ops.string(1)) {
        case .success(let ns): return .number(.int(ns))
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }
}
