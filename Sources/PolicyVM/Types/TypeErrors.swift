// TypeErrors: the rego_type_error messages, in OPA's words with OPA's detail lines
// (`have:`/`want:` for calls, `left`/`right` for unification, the reference with a
// caret under the offending key); and TermText, terms written as OPA writes them in
// those messages. Invariant: texts are the engine's, taken from its answers, so a
// message differs from OPA's only in OPA's generated variable names.

enum TypeErrors {
    /// `count: invalid argument(s)` with the operands' types and the declaration.
    static func arguments(_ name: String, have: [RegoType?], want: FunctionType, at location: SourceLocation) -> PolicyError {
        PolicyError(.type, "\(name): invalid argument(s)\n\thave: \(RegoType.list(have))\n\twant: "
                    + want.argumentList(named: true, result: true), at: location)
    }

    /// `count: arity mismatch` for a builtin called with too many or too few operands.
    static func arity(_ name: String, have: [RegoType?], want: FunctionType, at location: SourceLocation) -> PolicyError {
        PolicyError(.type, "\(name): arity mismatch\n\thave: \(RegoType.list(have))\n\twant: "
                    + want.argumentList(named: true), at: location)
    }

    /// `function data.p.f has arity 1, got 3 arguments`.
    static func functionArity(_ name: String, arity: Int, got: Int, at location: SourceLocation) -> PolicyError {
        PolicyError(.type, "function \(name) has arity \(arity), got \(got) argument\(got == 1 ? "" : "s")", at: location)
    }

    /// `function data.p.f used as reference, not called` (OPA's first line; its details
    /// give the function's type, which is not known before the type checker runs).
    static func functionReference(_ name: String, at location: SourceLocation) -> PolicyError {
        PolicyError(.type, "function \(name) used as reference, not called", at: location)
    }

    /// `print(1) used as value`: a call of a function without a result in a value position.
    static func voidCall(_ call: String, at location: SourceLocation) -> PolicyError {
        PolicyError(.type, "\(call) used as value", at: location)
    }

    /// `match error`: the two sides of `=` can hold no common value.
    static func match(_ left: RegoType?, _ right: RegoType?, at location: SourceLocation) -> PolicyError {
        PolicyError(.type, "match error\n\tleft  : \(RegoType.text(left))\n\tright : \(RegoType.text(right))", at: location)
    }

    /// `undefined ref`: the value at `position` cannot be indexed at all (a scalar).
    static func refUnsupported(_ segments: [String], position: Int, have: RegoType, at location: SourceLocation) -> PolicyError {
        let ref = segments.joined()
        let carets = String(repeating: "^", count: segments.prefix(position + 1).joined().count)
        return PolicyError(.type, "undefined ref: \(ref)\n\t\(ref)\n\t\(carets)\n\thave: \(have)", at: location)
    }

    /// `undefined ref`: the key at `position` is not one the value can have.
    static func refInvalid(_ segments: [String], position: Int, have: RegoType?, haveTerm: String, want: RegoType,
                           oneOf: [Value], at location: SourceLocation) -> PolicyError {
        let ref = segments.joined()
        let pad = String(repeating: " ", count: segments.prefix(position).joined().count + 1)
        var text = "undefined ref: \(ref)\n\t\(ref)\n\t\(pad)^\n\t"
        text += have.map { "\(pad)have (type): \($0)" } ?? "\(pad)have: \(haveTerm)"
        text += oneOf.isEmpty ? "\n\t\(pad)want (type): \(want)"
                              : "\n\t\(pad)want (one of): [" + oneOf.map(\.regoText).joined(separator: " ") + "]"
        return PolicyError(.type, text, at: location)
    }

    /// The known keys of an object type (of each object in a union), sorted.
    static func oneOf(_ t: RegoType) -> [Value] {
        switch t {
        case .object(let props, _): return props.map(\.key)
        case .anyOf(let ts): return Array(Set(ts.flatMap(oneOf))).sorted()
        default: return []
        }
    }
}

/// Terms written as OPA prints them in type errors.
enum TermText {
    static func text(_ t: Term) -> String {
        if let v = ConstantFolding.value(of: t) { return v.regoText }
        switch t.kind {
        case .scalar(let v): return v.regoText
        case .variable(let n): return n
        case .ref(let head, let steps): return text(head) + steps.map(segment).joined()
        case .array(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .set(let items): return "{" + items.map(text).joined(separator: ", ") + "}"
        case .object(let pairs): return "{" + pairs.map { "\(text($0.key)): \(text($0.value))" }.joined(separator: ", ") + "}"
        case .arrayComprehension(let h, _): return "[\(text(h)) | …]"
        case .setComprehension(let h, _): return "{\(text(h)) | …}"
        case .objectComprehension(let k, let v, _): return "{\(text(k)): \(text(v)) | …}"
        case .call(let name, let args): return name.joined(separator: ".") + "(" + args.map(text).joined(separator: ", ") + ")"
        case .binary(let op, let a, let b): return "\(text(a)) \(op.rawValue) \(text(b))"
        case .unaryMinus(let a): return "-\(text(a))"
        case .membership(let k, let v, let c): return (k.map { text($0) + ", " } ?? "") + "\(text(v)) in \(text(c))"
        }
    }

    /// One step of a reference: `.key` for a string that is a name, `[term]` otherwise.
    static func segment(_ t: Term) -> String {
        if case .scalar(.string(let s)) = t.kind, isName(s) { return "." + s }
        return "[" + text(t) + "]"
    }

    /// An ASCII identifier (Rego's variable names): a letter or `_`, then letters,
    /// digits and `_`.
    private static func isName(_ s: String) -> Bool {
        func letter(_ b: UInt8) -> Bool { b == UInt8(ascii: "_") || (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        guard let first = s.utf8.first, letter(first) else { return false }
        return s.utf8.allSatisfy { letter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }
}
