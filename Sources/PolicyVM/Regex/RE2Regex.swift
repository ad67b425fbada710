// RE2Regex: a pattern compiled once (parse, simplify, compile to an NFA) and the
// searches Go's regexp package offers on it, with Go's results: MatchString (lazy
// DFA), FindAllString(Submatch) (Pike VM), Split, ReplaceAllString with $-expansion.
// Every search runs in time linear in the text (× the program's size) and charges
// its steps to a RegexWork budget. Safe to share between threads: the DFA cache is
// lent to one caller at a time (others build their own).
// Invariant: results are those of Go's regexp for the same pattern and text.
import Synchronization

package final class RE2Regex: Sendable {
    let pattern: String
    let program: RegexProgram
    /// Capture groups in the pattern (Go's NumSubexp), even those the program dropped.
    let numSubexp: Int
    /// Names by group index; "" for index 0 and for unnamed groups.
    let subexpNames: [String]
    private let spareDFA = Mutex(SpareDFA())

    /// The DFA cache kept between searches; lent to one search at a time.
    private struct SpareDFA: @unchecked Sendable {
        var dfa: LazyDFA?
    }

    package init(_ pattern: String) throws(RegexSyntaxError) {
        let tree = try RegexParser.parse(pattern)
        self.pattern = pattern
        numSubexp = tree.maxCap
        var names = Array(repeating: "", count: numSubexp + 1)
        tree.captureNames(into: &names)
        subexpNames = names
        program = RegexCompiler.compile(RegexSimplifier.simplify(tree))
    }

    /// Whether Go's regexp/syntax.Parse accepts the pattern (what regex.is_valid asks).
    static func validate(_ pattern: String) throws(RegexSyntaxError) {
        _ = try RegexParser.parse(pattern)
    }

    // MARK: - Searches

    /// Whether the pattern matches anywhere in the text (Go's MatchString).
    package func matches(_ text: String, work: inout RegexWork) throws(RegexWorkExceeded) -> Bool {
        try withRegexText(text) { t throws(RegexWorkExceeded) in try anyMatch(t, work: &work) }
    }

    /// Successive non-overlapping matches, at most `limit` (all when negative), as Go's
    /// FindAllString(Submatch)Index: each a list of 2 × (groups + 1) byte offsets, -1
    /// for a group that did not take part; an empty match right after a match is skipped.
    func allMatches(_ text: String, limit: Int, submatches: Bool, work: inout RegexWork) throws(RegexWorkExceeded) -> [[Int]] {
        try withRegexText(text) { t throws(RegexWorkExceeded) in try allMatches(t, limit: limit, submatches: submatches, work: &work) }
    }

    private func allMatches(_ t: RegexText, limit: Int, submatches: Bool, work: inout RegexWork) throws(RegexWorkExceeded) -> [[Int]] {
        let n = limit < 0 ? t.count + 1 : limit
        var out: [[Int]] = []
        guard n > 0, try anyMatch(t, work: &work) else { return out }
        let vm = PikeVM(program, slots: submatches ? program.slotCount : 2)
        var pos = 0, prevMatchEnd = -1
        while out.count < n && pos <= t.count {
            guard var m = try vm.search(t, from: pos, work: &work) else { break }
            var accept = true
            if m[1] == pos {
                // An empty match: never right after the previous match; step one rune on.
                if m[0] == prevMatchEnd { accept = false }
                let width = t.rune(at: pos).1
                pos = width > 0 ? pos + width : t.count + 1
            } else {
                pos = m[1]
            }
            prevMatchEnd = m[1]
            if accept {
                if submatches { while m.count < 2 * (numSubexp + 1) { m.append(-1) } }
                out.append(m)
            }
        }
        return out
    }

    /// Go's Regexp.Split(s, -1).
    func split(_ text: String, work: inout RegexWork) throws(RegexWorkExceeded) -> [String] {
        if !pattern.isEmpty && text.isEmpty { return [""] }
        return try withRegexText(text) { t throws(RegexWorkExceeded) in
            let matches = try allMatches(t, limit: -1, submatches: false, work: &work)
            var parts: [String] = []
            var begin = 0, end = 0
            for m in matches {
                end = m[0]
                if m[1] != 0 { parts.append(t.string(begin, end)) }
                begin = m[1]
            }
            if end != t.count { parts.append(t.string(begin, t.count)) }
            return parts
        }
    }

    /// Go's Regexp.ReplaceAllString: `$1`, `${1}`, `$name`, `${name}` expand to groups.
    func replaceAll(_ src: String, with template: String, work: inout RegexWork) throws(RegexWorkExceeded) -> String {
        try withRegexText(src) { t throws(RegexWorkExceeded) in
            var out: [UInt8] = []
            out.reserveCapacity(t.count)
            guard try anyMatch(t, work: &work) else { return src }
            let expands = template.utf8.contains(UInt8(ascii: "$"))
            let vm = PikeVM(program, slots: expands ? 2 * (numSubexp + 1) : 2)
            let tpl = Array(template.utf8)
            var lastMatchEnd = 0, searchPos = 0
            while searchPos <= t.count {
                guard let m = try vm.search(t, from: searchPos, work: &work) else { break }
                out.append(contentsOf: t.bytes[lastMatchEnd..<m[0]])
                // No replacement for an empty match right after a match.
                if m[1] > lastMatchEnd || m[0] == 0 {
                    if expands { expand(tpl, t, m, into: &out) } else { out.append(contentsOf: tpl) }
                }
                lastMatchEnd = m[1]
                let width = t.rune(at: searchPos).1
                if searchPos + width > m[1] {
                    searchPos += width
                } else if searchPos + 1 > m[1] {
                    searchPos += 1   // only at the end of the text, where width is 0
                } else {
                    searchPos = m[1]
                }
            }
            out.append(contentsOf: t.bytes[lastMatchEnd...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether there is any match at all (the DFA), so searches that find nothing
    /// never start the slower submatch machine.
    private func anyMatch(_ t: RegexText, work: inout RegexWork) throws(RegexWorkExceeded) -> Bool {
        let dfa = spareDFA.withLock { spare in
            defer { spare.dfa = nil }
            return spare
        }.dfa ?? LazyDFA(program)
        defer { spareDFA.withLock { $0 = SpareDFA(dfa: dfa) } }
        return try dfa.matches(t, from: 0, work: &work)
    }

    /// Go's Regexp.expand: `$$` is `$`; `$name` takes the longest name of letters,
    /// digits and `_`; a malformed reference is kept as text; unknown groups are empty.
    private func expand(_ tpl: [UInt8], _ t: RegexText, _ m: [Int], into out: inout [UInt8]) {
        var i = 0
        while i < tpl.count {
            guard let dollar = tpl[i...].firstIndex(of: UInt8(ascii: "$")) else { break }
            out.append(contentsOf: tpl[i..<dollar])
            i = dollar + 1
            if i < tpl.count && tpl[i] == UInt8(ascii: "$") {
                out.append(UInt8(ascii: "$"))
                i += 1
                continue
            }
            guard let (name, rest) = RE2Regex.referenceName(tpl, at: i) else {
                out.append(UInt8(ascii: "$"))
                continue
            }
            i = rest
            func took(_ g: Int) -> Bool { 2 * g + 1 < m.count && m[2 * g] >= 0 }
            let group: Int?
            if let num = RE2Regex.groupNumber(name) {
                group = took(num) ? num : nil
            } else {
                // Several groups may share a name: the first that took part counts.
                let text = String(decoding: name, as: UTF8.self)
                group = subexpNames.indices.first { subexpNames[$0] == text && took($0) }
            }
            if let g = group { out.append(contentsOf: t.bytes[m[2 * g]..<m[2 * g + 1]]) }
        }
        if i < tpl.count { out.append(contentsOf: tpl[i...]) }
    }

    /// The name of a `$name` or `${name}` reference starting at `i` (after the `$`),
    /// and where the text after it starts; nil when there is none.
    private static func referenceName(_ tpl: [UInt8], at start: Int) -> (ArraySlice<UInt8>, Int)? {
        var i = start
        guard i < tpl.count else { return nil }
        let brace = tpl[i] == UInt8(ascii: "{")
        if brace { i += 1 }
        let nameStart = i
        while i < tpl.count {
            let (r, w) = RegexText.decode(tpl, at: i)
            guard r == 0x5F || nameCharacters.contains(r) else { break }
            i += w
        }
        if i == nameStart { return nil }
        let name = tpl[nameStart..<i]
        if brace {
            guard i < tpl.count, tpl[i] == UInt8(ascii: "}") else { return nil }
            i += 1
        }
        return (name, i)
    }

    /// A purely decimal name without leading zeros, below 1e8: a group number.
    private static func groupNumber(_ name: ArraySlice<UInt8>) -> Int? {
        if name.count > 1 && name.first == UInt8(ascii: "0") { return nil }
        var num = 0
        for b in name {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), num < 100_000_000 else { return nil }
            num = num * 10 + Int(b - UInt8(ascii: "0"))
        }
        return num
    }

    /// Letters and decimal digits (Go's unicode.IsLetter and IsDigit): name characters.
    private static let nameCharacters = NameCharacters()

    struct NameCharacters: Sendable {
        let ranges: [UInt32]
        init() {
            var all = UnicodeClasses.lookup("L")!.ranges
            RuneRanges.appendClass(&all, UnicodeClasses.lookup("Nd")!.ranges)
            ranges = RuneRanges.cleaned(all)
        }
        func contains(_ r: UInt32) -> Bool { RuneRanges.contains(ranges, r) }
    }
}

extension RegexText {
    func string(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    /// Decodes the rune at `i` of a byte array (valid UTF-8).
    static func decode(_ a: [UInt8], at i: Int) -> (UInt32, Int) {
        a.withUnsafeBufferPointer { RegexText(bytes: $0).rune(at: i) }
    }
}
