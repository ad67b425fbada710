// RegexParser+Classes: escapes and character classes as Go's regexp/syntax parses
// them: \A \z \b \B \Q…\E, \pN \p{Name} (Go's name lookup), \d \s \w, [[:alpha:]],
// octal and hex escapes, ranges, and case folding of all of them under (?i).
// Invariant: each function consumes exactly what Go's consumes and fails with Go's
// error code and text.

extension RegexParser {
    /// A backslash in the main loop at `t`; returns where parsing goes on.
    mutating func parseBackslash(_ t: Int) throws(RegexSyntaxError) -> Int {
        if t + 1 < s.count {
            switch s[t + 1] {
            case UInt8(ascii: "A"): try push(RegexNode(.beginText, flags: flags)); return t + 2
            case UInt8(ascii: "b"): try push(RegexNode(.wordBoundary, flags: flags)); return t + 2
            case UInt8(ascii: "B"): try push(RegexNode(.noWordBoundary, flags: flags)); return t + 2
            case UInt8(ascii: "z"): try push(RegexNode(.endText, flags: flags)); return t + 2
            case UInt8(ascii: "C"): throw fail(.invalidEscape, t, t + 2)   // any byte: not supported
            case UInt8(ascii: "Q"):
                // \Q…\E: everything up to \E (or the end) is literal.
                var i = t + 2
                var end = s.count, next = s.count
                while i + 1 < s.count {
                    if s[i] == UInt8(ascii: "\\") && s[i + 1] == UInt8(ascii: "E") { end = i; next = i + 2; break }
                    i += 1
                }
                var j = t + 2
                while j < end {
                    let (c, w) = rune(at: j)
                    try literal(c)
                    j += w
                }
                return next
            default: break
            }
        }
        allocate()   // Go allocates the class before knowing whether one follows
        if let (ranges, rest) = try parseUnicodeClass(t, into: []) {
            try push(RegexNode(.charClass, flags: flags, runes: ranges))
            return rest
        }
        if let (ranges, rest) = parsePerlClassEscape(t, into: []) {
            try push(RegexNode(.charClass, flags: flags, runes: ranges))
            return rest
        }
        release()
        let (c, rest) = try parseEscape(t)
        try literal(c)
        return rest
    }

    /// A one-rune escape at `i` (which holds the backslash); returns the rune and where
    /// the text after it starts.
    func parseEscape(_ i: Int) throws(RegexSyntaxError) -> (UInt32, Int) {
        var t = i + 1
        guard t < s.count else { throw RegexSyntaxError(code: .trailingBackslash, expr: "") }
        var (c, w) = rune(at: t)
        t += w
        func isOctal(_ j: Int) -> Bool { j < s.count && s[j] >= UInt8(ascii: "0") && s[j] <= UInt8(ascii: "7") }
        switch c {
        case 0x31...0x37 where !isOctal(t):
            break   // a single non-zero digit is a backreference: not supported
        case 0x30...0x37:
            // Up to three octal digits, the first already read.
            var r = c - 0x30
            for _ in 1..<3 where isOctal(t) {
                r = r * 8 + UInt32(s[t] - UInt8(ascii: "0"))
                t += 1
            }
            return (r, t)
        case UInt32(UInt8(ascii: "x")):
            guard t < s.count else { break }
            (c, w) = rune(at: t)
            t += w
            if c == UInt32(UInt8(ascii: "{")) {
                // Any number of hex digits in braces, at least one, at most U+10FFFF.
                var digits = 0
                var r: UInt32 = 0
                while true {
                    guard t < s.count else { throw fail(.invalidEscape, i, t) }
                    (c, w) = rune(at: t)
                    t += w
                    if c == UInt32(UInt8(ascii: "}")) { break }
                    guard let v = RegexParser.hexValue(c) else { throw fail(.invalidEscape, i, t) }
                    r = r * 16 + v
                    if r > RuneRanges.maxRune { throw fail(.invalidEscape, i, t) }
                    digits += 1
                }
                if digits == 0 { break }
                return (r, t)
            }
            let x = RegexParser.hexValue(c)
            (c, w) = rune(at: t)
            t += w
            guard let x, let y = RegexParser.hexValue(c) else { break }
            return (x * 16 + y, t)
        case UInt32(UInt8(ascii: "a")): return (7, t)
        case UInt32(UInt8(ascii: "f")): return (12, t)
        case UInt32(UInt8(ascii: "n")): return (10, t)
        case UInt32(UInt8(ascii: "r")): return (13, t)
        case UInt32(UInt8(ascii: "t")): return (9, t)
        case UInt32(UInt8(ascii: "v")): return (11, t)
        default:
            // Escaped punctuation is itself; escaped letters and digits must mean something.
            if c < 0x80 && !RegexParser.isAlnum(c) { return (c, t) }
        }
        throw fail(.invalidEscape, i, t)
    }

    static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    // MARK: - Classes

    /// `[…]` at `i`; pushes the class and returns where parsing goes on.
    mutating func parseClass(_ i: Int) throws(RegexSyntaxError) -> Int {
        var t = i + 1
        var negated = false
        var ranges: [UInt32] = []
        if t < s.count && s[t] == UInt8(ascii: "^") {
            negated = true
            t += 1
            // Without ClassNL a negated class must not match \n: add it before negating.
            if !flags.contains(.classNL) { ranges = [10, 10] }
        }
        var first = true   // ] and - are literal as the first character
        while t >= s.count || s[t] != UInt8(ascii: "]") || first {
            first = false
            if t + 2 < s.count, s[t] == UInt8(ascii: "["), s[t + 1] == UInt8(ascii: ":"),
               let (r, rest) = try parseNamedClass(t, into: ranges) {
                ranges = r
                t = rest
                continue
            }
            if let (r, rest) = try parseUnicodeClass(t, into: ranges) {
                ranges = r
                t = rest
                continue
            }
            if let (r, rest) = parsePerlClassEscape(t, into: ranges) {
                ranges = r
                t = rest
                continue
            }
            let rangeStart = t
            let lo: UInt32
            (lo, t) = try parseClassChar(t, wholeClass: i)
            var hi = lo
            // [a-] means a or -: a range needs something other than ] after the dash.
            if t + 1 < s.count && s[t] == UInt8(ascii: "-") && s[t + 1] != UInt8(ascii: "]") {
                (hi, t) = try parseClassChar(t + 1, wholeClass: i)
                if hi < lo { throw fail(.invalidCharRange, rangeStart, t) }
            }
            if flags.contains(.foldCase) {
                RuneRanges.appendFoldedRange(&ranges, lo, hi)
            } else {
                RuneRanges.appendRange(&ranges, lo, hi)
            }
        }
        ranges = RuneRanges.cleaned(ranges)
        if negated { ranges = RuneRanges.negated(ranges) }
        allocate()
        try push(RegexNode(.charClass, flags: flags, runes: ranges))
        return t + 1
    }

    private func parseClassChar(_ t: Int, wholeClass: Int) throws(RegexSyntaxError) -> (UInt32, Int) {
        guard t < s.count else { throw fail(.missingBracket, wholeClass, s.count) }
        if s[t] == UInt8(ascii: "\\") { return try parseEscape(t) }
        let (c, w) = rune(at: t)
        return (c, t + w)
    }

    /// `[:alpha:]`, `[:^alpha:]` at `t`, or nil when there is no `:]` to close it.
    private func parseNamedClass(_ t: Int, into ranges: [UInt32]) throws(RegexSyntaxError) -> ([UInt32], Int)? {
        var j = t + 2
        while j + 1 < s.count && !(s[j] == UInt8(ascii: ":") && s[j + 1] == UInt8(ascii: "]")) { j += 1 }
        guard j + 1 < s.count else { return nil }
        let name = text(t, j + 2)
        guard let group = PerlGroups.posix[name] else { throw fail(.invalidCharRange, t, j + 2) }
        return (appendGroup(ranges, group), j + 2)
    }

    /// `\d \D \s \S \w \W` at `t`, or nil.
    func parsePerlClassEscape(_ t: Int, into ranges: [UInt32]) -> ([UInt32], Int)? {
        guard t + 1 < s.count, s[t] == UInt8(ascii: "\\"), let group = PerlGroups.perl[s[t + 1]] else { return nil }
        return (appendGroup(ranges, group), t + 2)
    }

    private func appendGroup(_ ranges: [UInt32], _ group: PerlGroups.Group) -> [UInt32] {
        var r = ranges
        var members = group.ranges
        if flags.contains(.foldCase) {
            var folded: [UInt32] = []
            RuneRanges.appendFoldedClass(&folded, members)
            members = RuneRanges.cleaned(folded)
        }
        if group.negated { RuneRanges.appendNegatedClass(&r, members) } else { RuneRanges.appendClass(&r, members) }
        return r
    }

    /// `\pN`, `\p{Name}`, `\PN`, `\P{^Name}` at `t`, or nil when `t` holds none.
    func parseUnicodeClass(_ t: Int, into ranges: [UInt32]) throws(RegexSyntaxError) -> ([UInt32], Int)? {
        guard t + 1 < s.count, s[t] == UInt8(ascii: "\\"),
              s[t + 1] == UInt8(ascii: "p") || s[t + 1] == UInt8(ascii: "P") else { return nil }
        var negated = s[t + 1] == UInt8(ascii: "P")
        let (c, w) = rune(at: t + 2)
        var name: String
        var end: Int
        if c != UInt32(UInt8(ascii: "{")) {
            end = t + 2 + w
            name = text(t + 2, end)
        } else {
            guard let close = s[t...].firstIndex(of: UInt8(ascii: "}")) else { throw fail(.invalidCharRange, t, s.count) }
            end = close + 1
            name = text(t + 3, close)
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let table = UnicodeClasses.lookup(name) else { throw fail(.invalidCharRange, t, end) }
        var members = table.ranges
        if flags.contains(.foldCase) {
            var folded: [UInt32] = []
            RuneRanges.appendFoldedClass(&folded, members)
            members = RuneRanges.cleaned(folded)
        }
        var r = ranges
        if negated != table.negated { RuneRanges.appendNegatedClass(&r, members) } else { RuneRanges.appendClass(&r, members) }
        return (r, end)
    }
}

/// Go's Perl and POSIX class groups: ASCII only, as in RE2.
enum PerlGroups {
    struct Group {
        let negated: Bool
        let ranges: [UInt32]
    }

    static let digit: [UInt32] = [0x30, 0x39]
    static let space: [UInt32] = [0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x20]
    static let word: [UInt32] = [0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A]

    static let perl: [UInt8: Group] = [
        UInt8(ascii: "d"): Group(negated: false, ranges: digit), UInt8(ascii: "D"): Group(negated: true, ranges: digit),
        UInt8(ascii: "s"): Group(negated: false, ranges: space), UInt8(ascii: "S"): Group(negated: true, ranges: space),
        UInt8(ascii: "w"): Group(negated: false, ranges: word), UInt8(ascii: "W"): Group(negated: true, ranges: word),
    ]

    static let posix: [String: Group] = {
        let classes: [String: [UInt32]] = [
            "alnum": [0x30, 0x39, 0x41, 0x5A, 0x61, 0x7A], "alpha": [0x41, 0x5A, 0x61, 0x7A],
            "ascii": [0x00, 0x7F], "blank": [0x09, 0x09, 0x20, 0x20], "cntrl": [0x00, 0x1F, 0x7F, 0x7F],
            "digit": [0x30, 0x39], "graph": [0x21, 0x7E], "lower": [0x61, 0x7A], "print": [0x20, 0x7E],
            "punct": [0x21, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7E], "space": [0x09, 0x0D, 0x20, 0x20],
            "upper": [0x41, 0x5A], "word": word, "xdigit": [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
        ]
        var groups: [String: Group] = [:]
        for (name, ranges) in classes {
            groups["[:\(name):]"] = Group(negated: false, ranges: ranges)
            groups["[:^\(name):]"] = Group(negated: true, ranges: ranges)
        }
        return groups
    }()
}
