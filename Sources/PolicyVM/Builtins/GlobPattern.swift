// GlobPattern: OPA's glob syntax (gobwas/glob): `*` any run of non-delimiter
// characters, `**` any run at all, `?` one non-delimiter character, `[abc]`,
// `[a-z]`, `[!…]` one character, `{a,b}` alternatives, `\` escapes. Matching runs
// over sets of positions, so it is linear in the text per pattern node: no
// backtracking blow-up on hostile patterns.

/// A compiled glob pattern.
struct GlobPattern {
    indirect enum Node {
        case text([Unicode.Scalar])
        case any, superAny, single
        case list(Set<Unicode.Scalar>, negated: Bool)
        case range(Unicode.Scalar, Unicode.Scalar, negated: Bool)
        case alternatives([[Node]])
    }

    struct SyntaxError: Error { let message: String }

    let nodes: [Node]
    let delimiters: Set<Unicode.Scalar>

    init(_ pattern: String, delimiters: [Unicode.Scalar]) throws(SyntaxError) {
        var parser = GlobParser(Array(pattern.unicodeScalars))
        nodes = try parser.parseSequence(depth: 0)
        self.delimiters = Set(delimiters)
    }

    func matches(_ text: String) -> Bool {
        let chars = Array(text.unicodeScalars)
        var start = [Bool](repeating: false, count: chars.count + 1)
        start[0] = true
        return advance(nodes, from: start, over: chars)[chars.count]
    }

    /// The positions reachable after matching `sequence` from any position in `from`.
    private func advance(_ sequence: [Node], from: [Bool], over chars: [Unicode.Scalar]) -> [Bool] {
        var current = from
        for node in sequence {
            var next = [Bool](repeating: false, count: current.count)
            switch node {
            case .text(let t):
                for p in current.indices where current[p] && p + t.count <= chars.count {
                    if chars[p..<p + t.count].elementsEqual(t) { next[p + t.count] = true }
                }
            case .single, .list, .range:
                for p in current.indices where current[p] && p < chars.count && accepts(node, chars[p]) {
                    next[p + 1] = true
                }
            case .any:
                var live = false
                for p in current.indices {
                    if current[p] { live = true }
                    if live { next[p] = true }
                    if p < chars.count && delimiters.contains(chars[p]) { live = false }
                }
            case .superAny:
                if let first = current.firstIndex(of: true) {
                    for p in first..<current.count { next[p] = true }
                }
            case .alternatives(let options):
                for option in options {
                    let reached = advance(option, from: current, over: chars)
                    for p in reached.indices where reached[p] { next[p] = true }
                }
            }
            current = next
        }
        return current
    }

    private func accepts(_ node: Node, _ c: Unicode.Scalar) -> Bool {
        switch node {
        case .single: return !delimiters.contains(c)
        case .list(let set, let negated): return set.contains(c) != negated
        case .range(let lo, let hi, let negated): return (lo...hi).contains(c) != negated
        default: return false
        }
    }
}

/// Recursive-descent parser for glob patterns; an unclosed `{` ends at the end of
/// the pattern, as gobwas/glob allows.
private struct GlobParser {
    /// `{` groups nest by recursion; deeper nesting than this is refused.
    static let maxDepth = 64

    let s: [Unicode.Scalar]
    var i = 0

    init(_ s: [Unicode.Scalar]) { self.s = s }

    mutating func parseSequence(depth: Int) throws(GlobPattern.SyntaxError) -> [GlobPattern.Node] {
        var nodes: [GlobPattern.Node] = []
        while i < s.count {
            let c = s[i]
            if depth > 0 && (c == "," || c == "}") { return nodes }
            switch c {
            case "*":
                i += 1
                if i < s.count && s[i] == "*" { i += 1; nodes.append(.superAny) } else { nodes.append(.any) }
            case "?":
                i += 1
                nodes.append(.single)
            case "[":
                i += 1
                nodes.append(try parseClass())
            case "{":
                i += 1
                if depth >= GlobParser.maxDepth { throw .init(message: "pattern nests too deeply") }
                var options: [[GlobPattern.Node]] = []
                while true {
                    options.append(try parseSequence(depth: depth + 1))
                    if i < s.count && s[i] == "," { i += 1; continue }
                    if i < s.count && s[i] == "}" { i += 1 }
                    break
                }
                nodes.append(.alternatives(options))
            default:
                nodes.append(.text(readText(breakers: depth > 0 ? ["?", "*", "[", "{", "}", ","] : ["?", "*", "[", "{"])))
            }
        }
        return nodes
    }

    private mutating func readText(breakers: Set<Unicode.Scalar>) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var escaped = false
        while i < s.count {
            let c = s[i]
            if !escaped {
                if c == "\\" { escaped = true; i += 1; continue }
                if breakers.contains(c) { break }
            }
            escaped = false
            out.append(c)
            i += 1
        }
        return out
    }

    private mutating func parseClass() throws(GlobPattern.SyntaxError) -> GlobPattern.Node {
        var negated = false
        if i < s.count && s[i] == "!" { negated = true; i += 1 }
        guard i < s.count else { throw .init(message: "unexpected end of input") }
        if i + 1 < s.count && s[i + 1] == "-" {
            let lo = s[i]
            i += 2
            guard i < s.count else { throw .init(message: "unexpected end of input") }
            let hi = s[i]
            i += 1
            guard i < s.count else { throw .init(message: "unexpected end of input") }
            guard s[i] == "]" else { throw .init(message: "expected close range character") }
            i += 1
            if hi < lo { throw .init(message: "hi character '\(hi)' should be greater than lo '\(lo)'") }
            return .range(lo, hi, negated: negated)
        }
        let chars = readText(breakers: ["]"])
        guard i < s.count else { throw .init(message: "unexpected end of input") }
        i += 1
        if chars.isEmpty { throw .init(message: "could not parse range") }
        return .list(Set(chars), negated: negated)
    }
}
