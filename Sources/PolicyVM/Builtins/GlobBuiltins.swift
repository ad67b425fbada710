// glob.match(pattern, delimiters, text) and glob.quote_meta(text). Delimiters: null
// means none (a `*` spans everything), an empty array means ["."], else each element
// must be one character. Invariant: a malformed pattern is an eval_builtin_error,
// never a false, and quote_meta's result matches exactly its input.

enum GlobBuiltins {
    static let all: [Builtin] = [match, quoteMeta]

    static let match = builtin("glob.match") {
        ops throws(BuiltinError) in
        let pattern = try ops.string(1)
        var delimiters: [Unicode.Scalar] = []
        switch ops[2] {
        case .null: break
        case .array(let items):
            for item in items {
                guard case .string(let s) = item else { throw .element(ops.name, 2, ops[2], item, "string") }
                guard s.unicodeScalars.count == 1, let c = s.unicodeScalars.first else {
                    throw .element(ops.name, 2, ops[2], item, "rune")
                }
                delimiters.append(c)
            }
            if delimiters.isEmpty { delimiters = ["."] }
        default:
            throw .operand(ops.name, 2, "one of {array, null}", got: ops[2])
        }
        let text = try ops.string(3)
        do throws(GlobPattern.SyntaxError) {
            return .bool(try GlobPattern(pattern, delimiters: delimiters).matches(text))
        } catch {
            throw .failure(ops.name, error.message)
        }
    }

    /// glob.quote_meta(text): every character glob syntax gives a meaning, escaped.
    static let quoteMeta = builtin("glob.quote_meta") { ops throws(BuiltinError) in
        var out = ""
        for c in try ops.string(1).unicodeScalars {
            if "*?[]{}\\".unicodeScalars.contains(c) { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return .string(out)
    }
}
