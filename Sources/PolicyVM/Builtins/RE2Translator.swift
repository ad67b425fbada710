// RE2Translator: checks a pattern against Go's RE2 syntax (regexp/syntax, Perl flags)
// and rewrites it for Swift's Regex with RE2's meaning: \d \s \w and POSIX classes
// are ASCII, `.` excludes only \n, `^`/`$` are text anchors unless (?m), and
// backreferences, lookaround and the like are errors, with Go's error text.
// Invariant: every literal is emitted as \x{…}, so Swift never reinterprets it.

struct RE2Translator {
    /// RE2 refuses repeat counts above this.
    static let maxRepeat = 1000

    struct SyntaxError: Error { let message: String }

    private struct Flags { var multiline = false, dotAll = false, ungreedy = false }

    private let s: [Unicode.Scalar]
    private let pattern: String
    private var i = 0
    private var out = ""
    private var flags = Flags()

    static func translate(_ pattern: String) throws(SyntaxError) -> String {
        var t = RE2Translator(s: Array(pattern.unicodeScalars), pattern: pattern)
        try t.sequence(depth: 0)
        return t.out
    }

    private init(s: [Unicode.Scalar], pattern: String) {
        self.s = s
        self.pattern = pattern
    }

    private func fail(_ code: String, _ expr: String) -> SyntaxError {
        SyntaxError(message: "error parsing regexp: \(code): `\(expr)`")
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[max(0, from)..<min(to, s.count)])
        return String(v)
    }

    private static func literal(_ c: Unicode.Scalar) -> String {
        c.properties.isAlphabetic && c.isASCII || ("0"..."9").contains(c) ? String(c) : "\\x{" + String(c.value, radix: 16) + "}"
    }

    // MARK: - Sequences and groups

    private mutating func sequence(depth: Int) throws(SyntaxError) {
        var canRepeat = false       // an atom precedes
        var lastRepeatStart: Int?   // where the previous repetition operator began
        while i < s.count {
            let c = s[i]
            let start = i
            switch c {
            case ")":
                if depth == 0 { throw fail("unexpected )", pattern) }
                return
            case "|":
                i += 1; out += "|"; canRepeat = false; lastRepeatStart = nil
                continue
            case "*", "+", "?", "{":
                if c == "{", !isRepeatBrace() { break }
                guard canRepeat else {
                    if c == "{" { break }
                    throw fail("missing argument to repetition operator", text(i, i + 1))
                }
                if let last = lastRepeatStart {
                    try repetition(emit: false)
                    throw fail("invalid nested repetition operator", text(last, i))
                }
                try repetition(emit: true)
                lastRepeatStart = start
                continue
            default: break
            }
            lastRepeatStart = nil
            canRepeat = try atom(depth: depth)
        }
        if depth > 0 { throw fail("missing closing )", pattern) }
    }

    /// Emits one atom; returns whether a repetition may follow it.
    private mutating func atom(depth: Int) throws(SyntaxError) -> Bool {
        let c = s[i]
        switch c {
        case "(": try group(depth: depth); return true
        case "[": try characterClass(); return true
        case ".": i += 1; out += flags.dotAll ? "[\\x{0}-\\x{10FFFF}]" : "[^\\n]"; return true
        case "^": i += 1; out += flags.multiline ? "(?m:^)" : "\\A"; return false
        case "$": i += 1; out += flags.multiline ? "(?m:$)" : "\\z"; return false
        case "\\": return try escape()
        default: i += 1; out += RE2Translator.literal(c); return true
        }
    }

    private mutating func group(depth: Int) throws(SyntaxError) {
        let open = i
        i += 1
        let saved = flags
        if i < s.count && s[i] == "?" {
            if i + 1 < s.count, s[i + 1] == "P" || s[i + 1] == "<" {
                let nameStart = s[i + 1] == "P" ? i + 3 : i + 2
                if s[i + 1] == "P" && (i + 2 >= s.count || s[i + 2] != "<") {
                    throw fail("invalid or unsupported Perl syntax", text(open, i + 3))
                }
                var j = nameStart
                while j < s.count && s[j] != ">" { j += 1 }
                guard j < s.count else { throw fail("invalid named capture", text(open, s.count)) }
                let name = text(nameStart, j)
                guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0 == "_" || $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) else {
                    throw fail("invalid named capture", text(open, j + 1))
                }
                out += "(?<\(name)>"
                i = j + 1
            } else {
                try flagGroup(open: open)
                if s[i - 1] == ")" { return }   // (?i) applies to the rest of the enclosing group
            }
        } else {
            out += "("
        }
        try sequence(depth: depth + 1)
        guard i < s.count, s[i] == ")" else { throw fail("missing closing )", pattern) }
        i += 1
        out += ")"
        flags = saved
    }

    /// `(?flags)` or `(?flags:`; i, m, s, U with an optional `-`.
    private mutating func flagGroup(open: Int) throws(SyntaxError) {
        i += 1
        var negate = false, sawFlag = false
        var caseFlag: Bool?
        while i < s.count {
            let c = s[i]
            i += 1
            switch c {
            case "i": caseFlag = !negate; sawFlag = true
            case "m": flags.multiline = !negate; sawFlag = true
            case "s": flags.dotAll = !negate; sawFlag = true
            case "U": flags.ungreedy = !negate; sawFlag = true
            case "-":
                if negate { throw fail("invalid or unsupported Perl syntax", text(open, i)) }
                negate = true; sawFlag = false
            case ":", ")":
                if negate && !sawFlag {
                    throw fail("invalid or unsupported Perl syntax", text(open, i))
                }
                let mode = caseFlag.map { $0 ? "i" : "-i" } ?? ""
                out += c == ":" ? "(?\(mode):" : (mode.isEmpty ? "" : "(?\(mode))")
                return
            default:
                throw fail("invalid or unsupported Perl syntax", text(open, i))
            }
        }
        throw fail("missing closing )", pattern)
    }

    // MARK: - Repetition

    private func isRepeatBrace() -> Bool {
        var j = i + 1, digits = 0
        while j < s.count, ("0"..."9").contains(s[j]) { j += 1; digits += 1 }
        guard digits > 0, j < s.count else { return false }
        if s[j] == "}" { return true }
        guard s[j] == "," else { return false }
        j += 1
        while j < s.count, ("0"..."9").contains(s[j]) { j += 1 }
        return j < s.count && s[j] == "}"
    }

    private mutating func repetition(emit: Bool) throws(SyntaxError) {
        let start = i
        var op: String
        if s[i] == "{" {
            var j = i + 1
            while s[j] != "}" { j += 1 }
            let body = text(i + 1, j)
            let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            let lo = Int(parts[0].prefix(9)) ?? Int.max
            let hi = parts.count == 1 ? lo : (parts[1].isEmpty ? -1 : Int(parts[1].prefix(9)) ?? Int.max)
            if lo > RE2Translator.maxRepeat || hi > RE2Translator.maxRepeat || (hi >= 0 && hi < lo) {
                throw fail("invalid repeat count", text(start, j + 1))
            }
            op = "{" + body + "}"
            i = j + 1
        } else {
            op = String(s[i])
            i += 1
        }
        var lazy = flags.ungreedy
        if i < s.count && s[i] == "?" { lazy.toggle(); i += 1 }
        if emit { out += op + (lazy ? "?" : "") }
    }

    // MARK: - Escapes

    /// Emits an escape outside a class; returns whether a repetition may follow.
    private mutating func escape() throws(SyntaxError) -> Bool {
        let start = i
        guard i + 1 < s.count else { throw fail("trailing backslash at end of expression", "") }
        let c = s[i + 1]
        switch c {
        case "A": i += 2; out += "\\A"; return false
        case "z": i += 2; out += "\\z"; return false
        case "b": i += 2; out += "\\b"; return false
        case "B": i += 2; out += "\\B"; return false
        case "Q":
            i += 2
            while i < s.count {
                if s[i] == "\\", i + 1 < s.count, s[i + 1] == "E" { i += 2; break }
                out += RE2Translator.literal(s[i])
                i += 1
            }
            return true
        case "C": i += 2; out += "[\\x{0}-\\x{10FFFF}]"; return true
        default:
            if let cls = try classEscape() { out += "[" + cls + "]"; return true }
            out += RE2Translator.literal(try singleCharEscape(start))
            return true
        }
    }

    /// \d \D \s \S \w \W \pX \p{…} \PX \P{…} as class contents, or nil.
    private mutating func classEscape() throws(SyntaxError) -> String? {
        let start = i
        let c = s[i + 1]
        switch c {
        case "d": i += 2; return "0-9"
        case "D": i += 2; return "^0-9"
        case "s": i += 2; return "\\x{9}\\x{a}\\x{c}\\x{d}\\x{20}"
        case "S": i += 2; return "^\\x{9}\\x{a}\\x{c}\\x{d}\\x{20}"
        case "w": i += 2; return "0-9A-Za-z_"
        case "W": i += 2; return "^0-9A-Za-z_"
        case "p", "P":
            var name: String
            var end: Int
            if i + 2 < s.count && s[i + 2] == "{" {
                var j = i + 3
                while j < s.count && s[j] != "}" { j += 1 }
                guard j < s.count else { throw fail("invalid character class range", text(start, s.count)) }
                name = text(i + 3, j)
                end = j + 1
            } else {
                guard i + 2 < s.count else { throw fail("invalid character class range", text(start, s.count)) }
                name = String(s[i + 2])
                end = i + 3
            }
            var negated = c == "P"
            if name.hasPrefix("^") { negated.toggle(); name.removeFirst() }
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0 == "_") }) else {
                throw fail("invalid character class range", text(start, end))
            }
            i = end
            let property = name == "Any" ? "\\x{0}-\\x{10FFFF}" : "\\p{\(name)}"
            if name != "Any" && (try? Regex(property)) == nil {
                throw fail("invalid character class range", text(start, end))
            }
            return (negated ? "^" : "") + property
        default:
            return nil
        }
    }

    /// One character written as an escape: \a \f \t \n \r \v, octal, \x, punctuation.
    private mutating func singleCharEscape(_ start: Int) throws(SyntaxError) -> Unicode.Scalar {
        let c = s[i + 1]
        i += 2
        switch c {
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "v": return "\u{0B}"
        case "0"..."7":
            if c != "0" && !(i < s.count && ("0"..."7").contains(s[i])) { break }
            var value = c.value - 0x30
            for _ in 0..<2 where i < s.count && ("0"..."7").contains(s[i]) {
                value = value * 8 + s[i].value - 0x30
                i += 1
            }
            return Unicode.Scalar(value) ?? "\u{0}"
        case "x":
            if i < s.count && s[i] == "{" {
                var j = i + 1
                while j < s.count && s[j].properties.isASCIIHexDigit { j += 1 }
                guard j < s.count, s[j] == "}", j > i + 1, let v = UInt32(text(i + 1, j), radix: 16), let scalar = Unicode.Scalar(v) else { break }
                i = j + 1
                return scalar
            }
            guard i + 1 < s.count, let v = UInt32(text(i, i + 2), radix: 16) else { break }
            i += 2
            return Unicode.Scalar(v) ?? "\u{0}"
        default:
            if c.isASCII && !(c.properties.isAlphabetic || ("0"..."9").contains(c)) { return c }
        }
        throw fail("invalid escape sequence", text(start, min(i, s.count)))
    }

    // MARK: - Classes

    private static let posixClasses: [String: String] = [
        "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x{0}-\\x{7f}", "blank": "\\x{9}\\x{20}",
        "cntrl": "\\x{0}-\\x{1f}\\x{7f}", "digit": "0-9", "graph": "\\x{21}-\\x{7e}", "lower": "a-z",
        "print": "\\x{20}-\\x{7e}", "punct": "\\x{21}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7e}",
        "space": "\\x{9}-\\x{d}\\x{20}", "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
    ]

    private mutating func characterClass() throws(SyntaxError) {
        let open = i
        i += 1
        var body = ""
        if i < s.count && s[i] == "^" { body += "^"; i += 1 }
        var first = true
        while i < s.count && (s[i] != "]" || first) {
            first = false
            if s[i] == "[", i + 1 < s.count, s[i + 1] == ":" {
                var j = i + 2
                while j + 1 < s.count && !(s[j] == ":" && s[j + 1] == "]") { j += 1 }
                if j + 1 < s.count {
                    var name = text(i + 2, j)
                    let negated = name.hasPrefix("^")
                    if negated { name.removeFirst() }
                    guard let cls = RE2Translator.posixClasses[name] else {
                        throw fail("invalid character class range", text(i, j + 2))
                    }
                    body += negated ? "[^" + cls + "]" : cls
                    i = j + 2
                    continue
                }
            }
            if s[i] == "\\", i + 1 < s.count, let cls = try classEscape() {
                body += cls.hasPrefix("^") ? "[" + cls + "]" : cls
                continue
            }
            let rangeStart = i
            let lo = try classChar(open)
            var hi = lo
            if i + 1 < s.count && s[i] == "-" && s[i + 1] != "]" {
                i += 1
                hi = try classChar(open)
                if hi < lo { throw fail("invalid character class range", text(rangeStart, i)) }
            }
            body += RE2Translator.literal(lo) + (hi == lo ? "" : "-" + RE2Translator.literal(hi))
        }
        guard i < s.count else { throw fail("missing closing ]", text(open, s.count)) }
        i += 1
        out += "[" + body + "]"
    }

    private mutating func classChar(_ open: Int) throws(SyntaxError) -> Unicode.Scalar {
        guard i < s.count else { throw fail("missing closing ]", text(open, s.count)) }
        if s[i] == "\\" {
            guard i + 1 < s.count else { throw fail("missing closing ]", text(open, s.count)) }
            return try singleCharEscape(i)
        }
        i += 1
        return s[i - 1]
    }
}
