// JSONWriter: writes values as compact JSON the way OPA prints them: object keys
// sorted, sets as arrays in Rego's order, numbers in the text they were written in, non-string
// object keys as their own compact JSON text. Deterministic by construction, so the
// same value always prints the same bytes.

/// Writes values as JSON text.
public enum JSONWriter {
    /// Compact JSON for `value`.
    public static func write(_ value: Value) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        append(value, to: &out, indent: nil, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented JSON (two spaces per level), for people.
    public static func writePretty(_ value: Value) -> String {
        var out: [UInt8] = []
        append(value, to: &out, indent: 2, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    public static func append(_ value: Value, to out: inout [UInt8], indent: Int? = nil, level: Int = 0) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): appendNumber(n, to: &out)
        case .string(let s): appendString(s, to: &out)
        case .array(let a): appendSequence(a, to: &out, indent: indent, level: level)
        case .set(let s): appendSequence(s.sorted(), to: &out, indent: indent, level: level)
        case .object(let o):
            if o.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            // Keys sort by their text; two keys with the same text (`[]` and `set()`)
            // fall back to Rego's order, so the output never depends on hash seeds.
            let keyed = o.map { (key: objectKeyText($0.key), original: $0.key, value: $0.value) }
                .sorted {
                    let c = Value.compareCodePoints($0.key, $1.key)
                    return c != 0 ? c < 0 : Value.compare($0.original, $1.original) < 0
                }
            for (i, member) in keyed.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                append(member.value, to: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// JSON has only string keys: a non-string key is written as its compact JSON.
    public static func objectKeyText(_ key: Value) -> String {
        if case .string(let s) = key { return s }
        return write(key)
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    private static func appendSequence(_ items: [Value], to out: inout [UInt8], indent: Int?, level: Int) {
        if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            newline(&out, indent, level + 1)
            append(item, to: &out, indent: indent, level: level + 1)
        }
        newline(&out, indent, level)
        out.append(UInt8(ascii: "]"))
    }

    /// A number as JSON: its text (OPA prints the text a number was written in).
    public static func numberText(_ n: Number) -> String { n.jsonText }

    private static func appendNumber(_ n: Number, to out: inout [UInt8]) {
        switch n {
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .decimal(let d): out.append(contentsOf: d.bytes)
        case .text: out.append(contentsOf: n.jsonText.utf8)
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// 1 for the bytes appendEscaped must look at: controls, `"`, `\\`, `<`, `>`, `&`, and
    /// 0xE2 (the lead byte of U+2028 and U+2029); 0 for every byte written as it is.
    private static let mayNeedEscape: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for b in 0..<0x20 { table[b] = 1 }
        for b in "\"\\<>&".utf8 { table[Int(b)] = 1 }
        table[0xE2] = 1
        return table
    }()

    /// Writes a JSON string; escapes `"`, `\`, control characters, `<`, `>`, `&`, and
    /// U+2028 and U+2029 (which end a line in JavaScript) as Go's encoder (and so OPA) does.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Native strings are contiguous UTF-8: escape from their bytes in place; the rare
        // bridged or lazy string is copied out first.
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &out) }) == nil {
            Array(s.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The bytes of a string's text, escaped; runs that need no escape (nearly all of a
    /// decision log's text) are appended whole rather than byte by byte.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var pending = 0  // the first byte not written yet
        var i = 0
        while i < bytes.count {
            // Skip the bytes that never need an escape with one table load each.
            if mayNeedEscape[Int(bytes[i])] == 0 {
                i += 1
                continue
            }
            let b = bytes[i]
            let escape: UInt8  // the letter after the backslash, or "u" for \u00XX
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape = b
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x09: escape = UInt8(ascii: "t")
            case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): escape = UInt8(ascii: "u")
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                // U+2028 and U+2029: \u2028, \u2029.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pending..<i]))
                out.append(contentsOf: "\\u202".utf8)
                out.append(bytes[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                i += 3
                pending = i
                continue
            default:
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pending..<i]))
            out.append(0x5C)
            out.append(escape)
            if escape == UInt8(ascii: "u") {
                out.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            }
            i += 1
            pending = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pending..<bytes.count]))
    }
}
