// OPAYAMLScalar: a plain YAML scalar typed the way OPA types it in data and input files.
// OPA reads YAML through sigs.k8s.io/yaml, whose decoder is go-yaml v2 — YAML 1.1, not
// the 1.2 core schema the manifest reader uses — and then goes through JSON:
//   - `y`, `yes`, `on`, `true` (and their capitalised forms) are true; `n`, `no`, `off`,
//     `false` are false; ``, `~`, `null` are null (so `country: no` is false in OPA);
//   - integers as Go's ParseInt with base 0 reads them after `_` is removed: `0x1F`,
//     `0o17` and `017` (octal), `+12`, `1_000`; beyond int64, uint64; beyond that a float;
//   - floats by go-yaml's pattern, as float64: Go's json.Marshal then writes them
//     shortest, so `1.0` is 1 and `2.50` is 2.5; a float beyond float64's range stays text;
//   - `.inf` and `.nan` are floats JSON cannot hold: OPA refuses the file;
//   - anything else, timestamps included, is a string.
// Quoted and block scalars are always strings. Invariant: a value the reader gives is the
// value OPA evaluates for the same file.

enum OPAYAMLScalar: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case float(Double)
    case string(String)

    static func resolve(_ scalar: YAMLScalar) -> OPAYAMLScalar {
        guard scalar.style == .plain else { return .string(scalar.text) }
        let text = scalar.text
        if let fixed = named[text] { return fixed }
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "."):
            if let d = Double(text), d.isFinite { return .float(d) }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let plain = text.replacingAll("_")
            if let number = integer(plain) { return number }
            if isFloatSyntax(plain), let d = Double(plain), d.isFinite { return .float(d) }
            if plain.hasPrefix("0b"), let n = Int64(plain.dropFirst(2), radix: 2) { return .int(n) }
            if plain.hasPrefix("-0b"), let n = Int64("-" + plain.dropFirst(3), radix: 2) { return .int(n) }
        default:
            break
        }
        return .string(text)
    }

    /// The scalars go-yaml v2 resolves by name (its resolve table).
    private static let named: [String: OPAYAMLScalar] = {
        var table: [String: OPAYAMLScalar] = [:]
        for t in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { table[t] = .bool(true) }
        for f in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { table[f] = .bool(false) }
        for n in ["", "~", "null", "Null", "NULL"] { table[n] = .null }
        for n in [".nan", ".NaN", ".NAN"] { table[n] = .float(.nan) }
        for i in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { table[i] = .float(.infinity) }
        for i in ["-.inf", "-.Inf", "-.INF"] { table[i] = .float(-.infinity) }
        return table
    }()

    /// Go's strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64) (which takes no sign).
    private static func integer(_ s: String) -> OPAYAMLScalar? {
        var body = Substring(s)
        var sign = ""
        if let c = body.first, c == "+" || c == "-" {
            sign = String(c)
            body = body.dropFirst()
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)] where body.hasPrefix(prefix) {
            radix = base
            body = body.dropFirst(2)
            break
        }
        if radix == 10, body.count > 1, body.hasPrefix("0") {
            radix = 8
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.first != "+", body.first != "-", let magnitude = UInt64(body, radix: radix) else { return nil }
        if sign == "-" {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            return magnitude == UInt64(Int64.max) + 1 ? .int(Int64.min) : nil
        }
        if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        return sign.isEmpty ? .uint(magnitude) : nil
    }

    /// go-yaml's float pattern: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    private static func isFloatSyntax(_ s: String) -> Bool {
        var bytes = Array(s.utf8)[...]
        func digits() -> Int {
            let n = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        if let c = bytes.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                _ = digits()
            }
        }
        if let c = bytes.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let c = bytes.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

private extension String {
    func replacingAll(_ character: Character) -> String { String(filter { $0 != character }) }
}
