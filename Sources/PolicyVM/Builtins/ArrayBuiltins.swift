// Array builtins: array.concat, array.slice, array.reverse, array.flatten. Invariant:
// slice bounds are clamped to the array, so no index is ever out of range.

enum ArrayBuiltins {
    static let all: [Builtin] = [concat, slice, reverse, flatten]

    static let concat = builtin("array.concat") { ops throws(BuiltinError) in
        let a = try ops.array(1), b = try ops.array(2)
        return .array(a + b)
    }

    static let slice = builtin("array.slice") { ops throws(BuiltinError) in
        let a = try ops.array(1)
        let start = try ops.integer(2), stop = try ops.integer(3)
        let upper = Swift.max(0, Swift.min(stop, Int64(a.count)))
        let lower = Swift.max(0, Swift.min(start, upper))
        return .array(Array(a[Int(lower)..<Int(upper)]))
    }

    static let reverse = builtin("array.reverse") { ops throws(BuiltinError) in
        .array(try ops.array(1).reversed())
    }

    /// array.flatten(arr): the members of nested arrays in place of them, one level deep.
    static let flatten = builtin("array.flatten") { ops throws(BuiltinError) in
        var out: [Value] = []
        for item in try ops.array(1) {
            if case .array(let inner) = item { out += inner } else { out.append(item) }
        }
        return .array(out)
    }
}
