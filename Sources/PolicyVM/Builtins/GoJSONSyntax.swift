// GoJSONSyntax: what OPA's JSON decoding (util.UnmarshalJSON: a Go json.Decoder for
// one value, then one more Token) makes of text JSONReader rejected, so json.unmarshal
// and io.jwt.decode fail with OPA's text ("unexpected EOF", "invalid character ']'
// looking for beginning of value") — or succeed as OPA does on a first value followed
// by `null` (Go's Token reads null as no token at all). Invariant: a scan never
// recurses deeper than JSONReader.maxDepth + 1 levels.

struct GoJSONSyntax {
    private let b: [UInt8]
    private var i = 0

    private struct Failure: Error { let message: String }

    /// OPA's verdict on text JSONReader rejected.
    enum Diagnosis: Equatable {
        /// The error message OPA gives.
        case invalid(String)
        /// OPA takes the value in bytes[0..<end] and ignores the rest.
        case firstValue(end: Int)
        /// The syntax is Go's: what JSONReader refused is elsewhere (depth, UTF-8).
        case valid
    }

    /// The value OPA decodes from `bytes`, or its error message.
    static func decode(_ bytes: [UInt8]) -> Result<Value, JSONDecodeFailure> {
        if let v = try? JSONReader.parse(bytes: bytes) { return .success(v) }
        switch diagnose(bytes) {
        case .invalid(let message):
            return .failure(JSONDecodeFailure(message: message))
        case .firstValue(let end):
            return parseRepairingUTF8(Array(bytes[..<end]))
        case .valid:
            return parseRepairingUTF8(bytes)
        }
    }

    /// Go's decoder reads bytes that are not UTF-8 inside strings as U+FFFD; what
    /// JSONReader still rejects after that is too deep.
    private static func parseRepairingUTF8(_ bytes: [UInt8]) -> Result<Value, JSONDecodeFailure> {
        guard let v = try? JSONReader.parse(String(decoding: bytes, as: UTF8.self)) else {
            return .failure(JSONDecodeFailure(message: "exceeded max depth"))
        }
        return .success(v)
    }

    static func diagnose(_ bytes: [UInt8]) -> Diagnosis {
        var scanner = GoJSONSyntax(b: bytes)
        scanner.skipSpace()
        if scanner.i == bytes.count { return .invalid("EOF") }
        do {
            try scanner.value(depth: 0)
        } catch {
            return .invalid(error.message)
        }
        let firstEnd = scanner.i
        scanner.skipSpace()
        guard scanner.i < bytes.count else { return .valid }
        return scanner.trailingToken(firstEnd: firstEnd)
    }

    /// Go's Decoder.Token after the first value: a delimiter that cannot start a value
    /// is a syntax error, a value that does not scan is its error, `null` is no token
    /// (the first value stands), and any other token is reported by its text.
    private mutating func trailingToken(firstEnd: Int) -> Diagnosis {
        let start = i
        let afterTopLevel = { (text: String) in Diagnosis.invalid("error: invalid character '\(text)' after top-level value") }
        switch b[start] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return afterTopLevel(String(decoding: [b[start]], as: UTF8.self))
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: ":"):
            return .invalid(invalid("looking for beginning of value").message)
        default:
            break
        }
        do {
            try value(depth: 0)
        } catch {
            return .invalid(error.message)
        }
        let token = Array(b[start..<i])
        switch b[start] {
        case UInt8(ascii: "n"): return .firstValue(end: firstEnd)
        case UInt8(ascii: "t"): return afterTopLevel("%!s(bool=true)")
        case UInt8(ascii: "f"): return afterTopLevel("%!s(bool=false)")
        case UInt8(ascii: "\""):
            guard case .string(let s)? = try? JSONReader.parse(bytes: token) else { return afterTopLevel("") }
            return afterTopLevel(s)
        default: return afterTopLevel(String(decoding: token, as: UTF8.self))
        }
    }

    private static func quoteChar(_ c: UInt8) -> String {
        if c == UInt8(ascii: "'") { return "'\\''" }
        if c == UInt8(ascii: "\"") { return "'\"'" }
        // Go quotes the byte as the rune of the same number (0xff is 'ÿ').
        let q = GoQuote.quote(String(Character(Unicode.Scalar(c))))
        return "'" + q.dropFirst().dropLast() + "'"
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    private func invalid(_ context: String) -> Failure {
        Failure(message: "invalid character \(GoJSONSyntax.quoteChar(b[i])) \(context)")
    }

    private mutating func next(_ context: String) throws(Failure) -> UInt8 {
        guard i < b.count else { throw Failure(message: "unexpected EOF") }
        return b[i]
    }

    private mutating func value(depth: Int) throws(Failure) {
        if depth > JSONReader.maxDepth { throw Failure(message: "exceeded max depth") }
        skipSpace()
        let c = try next("")
        switch c {
        case UInt8(ascii: "{"):
            i += 1; skipSpace()
            if try next("") == UInt8(ascii: "}") { i += 1; return }
            while true {
                skipSpace()
                guard try next("") == UInt8(ascii: "\"") else { throw invalid("looking for beginning of object key string") }
                try string()
                skipSpace()
                guard try next("") == UInt8(ascii: ":") else { throw invalid("after object key") }
                i += 1
                try value(depth: depth + 1)
                skipSpace()
                let d = try next("")
                i += 1
                if d == UInt8(ascii: "}") { return }
                if d != UInt8(ascii: ",") { i -= 1; throw invalid("after object key:value pair") }
            }
        case UInt8(ascii: "["):
            i += 1; skipSpace()
            if try next("") == UInt8(ascii: "]") { i += 1; return }
            while true {
                try value(depth: depth + 1)
                skipSpace()
                let d = try next("")
                i += 1
                if d == UInt8(ascii: "]") { return }
                if d != UInt8(ascii: ",") { i -= 1; throw invalid("after array element") }
            }
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw invalid("looking for beginning of value")
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let w = Array(word.utf8)
        i += 1
        for k in 1..<w.count {
            let c = try next("")
            if c != w[k] { throw invalid("in literal \(word) (expecting '\(Character(Unicode.Scalar(w[k])))')") }
            i += 1
        }
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private mutating func number() throws(Failure) {
        if b[i] == UInt8(ascii: "-") {
            i += 1
            guard isDigit(try next("")) else { throw invalid("in numeric literal") }
        }
        if b[i] == UInt8(ascii: "0") { i += 1 } else { while i < b.count && isDigit(b[i]) { i += 1 } }
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(try next("")) else { throw invalid("after decimal point in numeric literal") }
            while i < b.count && isDigit(b[i]) { i += 1 }
        }
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if try next("") == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(try next("")) else { throw invalid("in exponent of numeric literal") }
            while i < b.count && isDigit(b[i]) { i += 1 }
        }
    }

    private mutating func string() throws(Failure) {
        i += 1
        while true {
            let c = try next("")
            if c == UInt8(ascii: "\"") { i += 1; return }
            if c < 0x20 { throw invalid("in string literal") }
            i += 1
            guard c == UInt8(ascii: "\\") else { continue }
            let e = try next("")
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                 UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i += 1
            case UInt8(ascii: "u"):
                i += 1
                for _ in 0..<4 {
                    let h = try next("")
                    guard isDigit(h) || ((h | 0x20) >= UInt8(ascii: "a") && (h | 0x20) <= UInt8(ascii: "f")) else {
                        throw invalid("in \\u hexadecimal character escape")
                    }
                    i += 1
                }
            default: throw invalid("in string escape code")
            }
        }
    }
}

struct JSONDecodeFailure: Error {
    let message: String
}
