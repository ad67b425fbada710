// GoJSONLayout: JSON laid out the way Go's encoding/json Encoder with SetIndent("", "  ")
// writes a struct: fields in declaration order (not sorted), two spaces per level, a
// space after each colon, a newline at the end. Values inside are written by
// JSONWriter (sorted keys, Go's escapes), so one document mixes both as OPA's does.
import PolicyVM

indirect enum GoJSONLayout {
    /// A Rego value, written by JSONWriter.
    case value(Value)
    /// A struct: fields in the order given.
    case fields([(String, GoJSONLayout)])
    case list([GoJSONLayout])

    /// The indented document with its final newline.
    func document() -> String {
        var out: [UInt8] = []
        write(to: &out, level: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], level: Int) {
        switch self {
        case .value(let v):
            JSONWriter.append(v, to: &out, indent: 2, level: level)
        case .fields(let fields):
            if fields.isEmpty { out += Array("{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (name, field)) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, level + 1)
                JSONWriter.appendString(name, to: &out)
                out += Array(": ".utf8)
                field.write(to: &out, level: level + 1)
            }
            newline(&out, level)
            out.append(UInt8(ascii: "}"))
        case .list(let items):
            if items.isEmpty { out += Array("[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, level + 1)
                item.write(to: &out, level: level + 1)
            }
            newline(&out, level)
            out.append(UInt8(ascii: "]"))
        }
    }

    private func newline(_ out: inout [UInt8], _ level: Int) {
        out.append(0x0A)
        out += [UInt8](repeating: UInt8(ascii: " "), count: 2 * level)
    }
}
