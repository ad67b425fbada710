// json.marshal_with_options(x, opts): x as JSON, laid out as OPA lays it out. opts may
// hold "pretty" (boolean), "indent" and "prefix" (strings), nothing else; pretty is on
// when asked for, or when indent or prefix is given and pretty is not false. Pretty
// output is Go's json.MarshalIndent (the compact text re-indented as json.Indent does:
// a line per element, "key": value, empty {} and [] kept whole) with the prefix also
// before the first line, as OPA writes it; indent defaults to a tab.
// Invariant: the compact text is json.marshal's, so both builtins print the same value
// the same way; option errors are OPA's eval_type_error texts, checked in key order.

enum JSONMarshalOptions {
    static let all: [Builtin] = [marshalWithOptions]

    static let marshalWithOptions = builtin("json.marshal_with_options") { ops throws(BuiltinError) in
        let options = try ops.object(2)
        var pretty: Bool?, indent: String?, prefix: String?
        for (key, value) in options.sorted(by: { Value.compare($0.key, $1.key) < 0 }) {
            let name: String
            if case .string(let s) = key { name = s } else { name = JSONWriter.write(key) }
            switch (name, value) {
            case ("pretty", .bool(let b)): pretty = b
            case ("indent", .string(let s)): indent = s
            case ("prefix", .string(let s)): prefix = s
            case ("pretty", _): throw .operandText(ops.name, 2, "key \"pretty\" failed cast to bool")
            case ("indent", _), ("prefix", _):
                throw .operandText(ops.name, 2, "key \"\(name)\" failed cast to string: operand 0 must be string but got \(value.typeName)")
            default: throw .operandText(ops.name, 2, "object contained unknown key \"\(name)\"")
            }
        }
        try EncodingBuiltins.refuseNumbersWithoutJSONText(ops[1], ops.name)
        let compact = JSONWriter.write(ops[1])
        guard pretty ?? (indent != nil || prefix != nil) else { return .string(compact) }
        return .string(indented(compact, prefix: prefix ?? "", indent: indent ?? "\t"))
    }

    /// Go's json.Indent of compact JSON, with `prefix` before the first line too.
    static func indented(_ compact: String, prefix: String, indent: String) -> String {
        let bytes = Array(compact.utf8)
        var out = Array(prefix.utf8)
        let prefixBytes = Array(prefix.utf8), indentBytes = Array(indent.utf8)
        var depth = 0, inString = false, escaped = false
        func newline() {
            out.append(0x0A)
            out.append(contentsOf: prefixBytes)
            for _ in 0..<depth { out.append(contentsOf: indentBytes) }
        }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            defer { i += 1 }
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                inString = true
                out.append(c)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                out.append(c)
                // An empty object or array stays on its line.
                if i + 1 < bytes.count, bytes[i + 1] == c + 2 {
                    out.append(bytes[i + 1])
                    i += 1
                } else {
                    depth += 1
                    newline()
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                newline()
                out.append(c)
            case UInt8(ascii: ","):
                out.append(c)
                newline()
            case UInt8(ascii: ":"):
                out.append(contentsOf: [c, 0x20])
            default:
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
