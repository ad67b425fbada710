// ConstantFolding: the value of a term that needs no evaluation (scalars, arrays, sets
// and objects made only of them, and arithmetic on constant numbers), so it compiles
// to a single constant load.

enum ConstantFolding {
    static func value(of t: Term) -> Value? {
        switch t.kind {
        case .scalar(let v):
            return v
        case .array(let items):
            var out: [Value] = []
            for i in items { guard let v = value(of: i) else { return nil }; out.append(v) }
            return .array(out)
        case .set(let items):
            var out = Set<Value>()
            for i in items { guard let v = value(of: i) else { return nil }; out.insert(v) }
            return .set(out)
        case .object(let pairs):
            var out: RegoObject = [:]
            for p in pairs {
                guard let k = value(of: p.key), let v = value(of: p.value) else { return nil }
                // A key written twice keeps its first spelling and its last value, as OPA's
                // parser builds the object (`{1: "a", 1.0: "b"}` is {1: "b"}).
                out[k] = v
            }
            return .object(out)
        case .unaryMinus(let inner):
            // OPA compiles `-x` as minus(0, x).
            if case .number(let n)? = value(of: inner), let r = try? Number.minus(.int(0), n) { return .number(r) }
            return nil
        case .binary(let op, let a, let b):
            // Arithmetic on two numbers is OPA's arithmetic, the same at every evaluation:
            // computed once here (`0.9 + 1 / 1000`). A failing one (`1 / 0`) stays an
            // evaluation-time error.
            guard !op.isComparison, let operation = BodyCompiler.arithmetic(op).numberOperation,
                  case .number(let x)? = value(of: a), case .number(let y)? = value(of: b),
                  let r = try? Number.evaluate(operation, x, y) else { return nil }
            return .number(r)
        default:
            return nil
        }
    }
}
