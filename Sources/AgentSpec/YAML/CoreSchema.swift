// CoreSchema: the YAML 1.2 core schema's resolution of plain scalars: null, booleans,
// integers (decimal, 0o octal, 0x hex), floats (with .inf and .nan). Anything else,
// including YAML 1.1's yes/no/on/off, stays a string.

/// Resolves plain scalar text to a typed value.
enum CoreSchema {
    static func resolve(_ text: String) -> YAMLScalarValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let u = Array(text.utf8)
        guard let first = u.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || isDigit(first) else { return .string(text) }
        if u.count > 2, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "o") {
            if let v = Int64(String(decoding: u[2...], as: UTF8.self), radix: 8) { return .int(v) }
            return .string(text)
        }
        if u.count > 2, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "x") {
            if let v = Int64(String(decoding: u[2...], as: UTF8.self), radix: 16) { return .int(v) }
            return .string(text)
        }
        if isInteger(u) {
            if let v = Int64(text) { return .int(v) }
            if let d = Double(text) { return .double(d) }
            return .string(text)
        }
        if isFloat(u), let d = Double(text) { return .double(d) }
        return .string(text)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `[-+]?[0-9]+`
    private static func isInteger(_ u: [UInt8]) -> Bool {
        var i = 0
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        guard i < u.count else { return false }
        return u[i...].allSatisfy(isDigit)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isFloat(_ u: [UInt8]) -> Bool {
        var i = 0
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        var intDigits = 0, fracDigits = 0
        while i < u.count, isDigit(u[i]) { i += 1; intDigits += 1 }
        var hasDot = false
        if i < u.count, u[i] == UInt8(ascii: ".") {
            hasDot = true
            i += 1
            while i < u.count, isDigit(u[i]) { i += 1; fracDigits += 1 }
        }
        if intDigits == 0 && fracDigits == 0 { return false }
        if !hasDot && intDigits == 0 { return false }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            var expDigits = 0
            while i < u.count, isDigit(u[i]) { i += 1; expDigits += 1 }
            if expDigits == 0 { return false }
        }
        return i == u.count
    }
}
