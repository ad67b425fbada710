// CanonicalJSON: the bytes OPA hashes for a structured bundle file (data.json,
// data.yaml, .manifest) when it signs or verifies a bundle (bundle/hash.go): the file
// is parsed, then written back compactly with every object's keys in byte order of
// their UTF-8 text, strings escaped as Go's json.Encoder with SetEscapeHTML(false)
// escapes them, numbers as the text they were written in (OPA decodes with UseNumber).
// So a signature survives re-indenting or reordering a data file, and nothing else.
// Invariant: the same JSON value always gives the same bytes, whatever its layout.
import PolicyVM

enum CanonicalJSON {
    /// The canonical bytes of `value`.
    static func bytes(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }

    private static func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            // Go's sort.Strings compares the keys' bytes.
            let members = o.map { (key: JSONWriter.objectKeyText($0.key), value: $0.value) }
                .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .set(let items):
            // JSON has no sets; a parsed file never holds one. Written as an array so the
            // function is total.
            append(.array(items.sorted()), to: &out)
        case .string(let s):
            appendString(s, to: &out)
        default:
            // null, booleans and numbers: JSONWriter writes them as Go does (numbers as
            // their text).
            out.append(contentsOf: JSONWriter.write(value).utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string as Go's encoder writes it without HTML escaping: `"` and `\`
    /// escaped, \n \r \t \b \f by letter (Go 1.22 and later, which OPA is built with),
    /// other control characters as \u00XX, U+2028 and U+2029 as \u2028 and \u2029.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += Array("\\\"".utf8)
            case 0x5C: out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x08: out += Array("\\b".utf8)
            case 0x0C: out += Array("\\f".utf8)
            case 0..<0x20:
                out += Array("\\u00".utf8)
                out.append(hexDigits[Int(scalar.value >> 4)])
                out.append(hexDigits[Int(scalar.value & 15)])
            case 0x2028: out += Array("\\u2028".utf8)
            case 0x2029: out += Array("\\u2029".utf8)
            default: out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
