// Value+RegoText: a value written as Rego term text, as OPA prints terms in sprintf's
// %v and in print: `[1, "a"]`, `{"a": 1}`, `{1, 2}`, `set()`. Invariant: object keys
// and set members appear in Rego's order, so the text is deterministic.

extension Value {
    /// The value as Rego source text; strings are quoted the way Go quotes them.
    public var regoText: String {
        var out = ""
        appendRegoText(to: &out)
        return out
    }

    /// Like `regoText`, except that a top-level string is written bare (print, %s).
    public var regoTextUnquoted: String {
        if case .string(let s) = self { return s }
        return regoText
    }

    private func appendRegoText(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.text
        case .string(let s): out += GoQuote.quote(s)
        case .array(let a):
            out += "["
            for (i, e) in a.enumerated() {
                if i > 0 { out += ", " }
                e.appendRegoText(to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, k) in o.keys.sorted().enumerated() {
                if i > 0 { out += ", " }
                k.appendRegoText(to: &out)
                out += ": "
                o[k]?.appendRegoText(to: &out)
            }
            out += "}"
        case .set(let s):
            if s.isEmpty { out += "set()"; return }
            out += "{"
            for (i, e) in s.sorted().enumerated() {
                if i > 0 { out += ", " }
                e.appendRegoText(to: &out)
            }
            out += "}"
        }
    }
}
