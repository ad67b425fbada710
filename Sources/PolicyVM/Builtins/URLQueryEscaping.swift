// URLQueryEscaping: Go's url.QueryEscape, url.QueryUnescape and url.ParseQuery, which
// OPA's urlquery.* builtins call. Invariant: escaping keeps exactly RFC 3986's
// unreserved bytes (A-Z a-z 0-9 - _ . ~), writes a space as `+` and every other byte
// as %XX in uppercase; unescaping fails on the first `%` not followed by two hex
// digits, with Go's message.

package enum URLQueryEscaping {
    static func escape(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The unescaped text, or Go's `invalid URL escape "%zz"`.
    static func unescape(_ s: String) -> Result<String, EscapeError> {
        let src = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(src.count)
        var i = 0
        while i < src.count {
            switch src[i] {
            case UInt8(ascii: "%"):
                guard i + 2 < src.count, let hi = hexValue(src[i + 1]), let lo = hexValue(src[i + 2]) else {
                    return .failure(EscapeError(bytes: Array(src[i..<min(src.count, i + 3)])))
                }
                out.append(hi << 4 | lo)
                i += 3
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
                i += 1
            default:
                out.append(src[i])
                i += 1
            }
        }
        return .success(String(decoding: out, as: UTF8.self))
    }

    /// url.ParseQuery: `&`-separated pairs, `key=value` (a bare key has the value ""),
    /// each side unescaped; values per key in order. Like Go, every pair is read and
    /// the first error is reported (a `;` inside a pair is one).
    static func parseQuery(_ query: String) -> Result<[(key: String, values: [String])], EscapeError> {
        let parsed = readPairs(query)
        if let error = parsed.firstError { return .failure(error) }
        return .success(parsed.pairs)
    }

    /// Every pair that unescapes, by key in first-seen order, and the first error met:
    /// what Go's URL.Query keeps (it drops the pairs in error) and ParseQuery reports.
    package static func readPairs(_ query: String) -> (pairs: [(key: String, values: [String])], firstError: EscapeError?) {
        var pairs: [(key: String, values: [String])] = []
        var positions: [String: Int] = [:]
        var firstError: EscapeError?
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            if part.contains(";") {
                firstError = firstError ?? EscapeError(message: "invalid semicolon separator in query")
                continue
            }
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key: String, value: String
            switch (unescape(String(kv[0])), unescape(kv.count > 1 ? String(kv[1]) : "")) {
            case (.success(let k), .success(let v)): (key, value) = (k, v)
            case (.failure(let e), _), (_, .failure(let e)):
                firstError = firstError ?? e
                continue
            }
            if let at = positions[key] {
                pairs[at].values.append(value)
            } else {
                positions[key] = pairs.count
                pairs.append((key, [value]))
            }
        }
        return (pairs, firstError)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    package struct EscapeError: Error {
        let message: String
        init(message: String) { self.message = message }

        /// Go's EscapeError: `invalid URL escape ` and the (at most three) bytes from the
        /// `%`, quoted by strconv.Quote (a byte cut out of a character shows as `\xNN`).
        init(bytes: [UInt8]) {
            var valid = bytes
            var broken: [UInt8] = []
            while String(validating: valid, as: UTF8.self) == nil { broken.insert(valid.removeLast(), at: 0) }
            var quoted = GoQuote.quote(String(decoding: valid, as: UTF8.self))
            quoted.removeLast()
            for b in broken { quoted += "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16) }
            message = "invalid URL escape " + quoted + "\""
        }
    }
}
