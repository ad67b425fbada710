// Output builtins: sprintf (Go's fmt over Rego values) and print (one line per call
// into the evaluation's `printed` list). Invariant: neither fails on any value;
// only a wrong operand type for sprintf is an error.

enum PrintBuiltins {
    static let all: [Builtin] = [sprintf, print]

    static let sprintf = builtin("sprintf") { ops throws(BuiltinError) in
        let format = try ops.string(1)
        let values = try ops.array(2)
        return .string(SprintfFormatter.format(format, values))
    }

    /// print(x, ...): the arguments' text separated by spaces; strings unquoted.
    static let print = Builtin("print") { args, context throws(BuiltinError) in
        context.printed.append(args.map(\.regoTextUnquoted).joined(separator: " "))
        return .true
    }
}
