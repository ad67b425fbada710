// TermText: a term as OPA prints a value in its own messages and in a one-key rule
// head (`p["k"]`, `p[[1, 2]]`): strings quoted as Go quotes them, operators as the
// builtins they stand for. The formatter writes a head's key this way, as OPA does.

extension ModuleFormatter {
    func regoText(_ t: Term) -> String {
        switch t.kind {
        case .scalar(.string(let s)): return GoQuote.quote(s)
        case .scalar:
            let start = source.token(at: t.location)
            if source.tokens[start].kind == .minus { return "-" + source.text(ofToken: source.next(after: start)) }
            return source.text(ofToken: start)
        case .variable(let name): return name
        case .ref(let head, let steps):
            var out = regoText(head)
            for step in steps {
                if case .scalar(.string(let s)) = step.kind, ModuleFormatter.isVariableName(s) {
                    out += "." + s
                } else {
                    out += "[" + regoText(step) + "]"
                }
            }
            return out
        case .array(let items): return "[" + items.map(regoText).joined(separator: ", ") + "]"
        case .set(let items): return items.isEmpty ? "set()" : "{" + items.map(regoText).joined(separator: ", ") + "}"
        case .object(let pairs): return "{" + pairs.map { regoText($0.key) + ": " + regoText($0.value) }.joined(separator: ", ") + "}"
        case .call(let name, let args): return name.joined(separator: ".") + "(" + args.map(regoText).joined(separator: ", ") + ")"
        case .binary(let op, let lhs, let rhs): return op.builtinName + "(" + regoText(lhs) + ", " + regoText(rhs) + ")"
        default:
            let e = source.bareExtent(of: t)
            return String(decoding: source.text(from: e.first, through: e.last), as: UTF8.self)
        }
    }
}
