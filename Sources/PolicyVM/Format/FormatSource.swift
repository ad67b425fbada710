// FormatSource: the source a module was parsed from, as the formatter reads it — its
// tokens, its comments, its lines, and which bracket closes which. OPA's formatter
// decides layout from where things were written (rows, and the text of a node); the
// AST keeps only where a node starts, so the rest is read here from the tokens.
// Invariant: every AST location of the module names the first byte of a token.

struct FormatSource {
    let bytes: [UInt8]
    let tokens: [Token]
    let comments: [SourceComment]
    /// Byte offset where each line starts (index 0 is line 1).
    private let lineStarts: [Int]
    /// Token index by the byte offset it starts at.
    private let tokenByOffset: [Int: Int]
    /// For each bracket token (`(`, `[`, `{` and their closers), the index of its partner.
    private let partner: [Int: Int]

    init(source: String, file: String) throws(PolicyError) {
        let lexed = try Lexer.tokenizeKeepingComments(source, file: file)
        bytes = Array(source.utf8)
        tokens = lexed.tokens
        comments = lexed.comments
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        lineStarts = starts
        var byOffset: [Int: Int] = [:]
        var pairs: [Int: Int] = [:]
        var open: [Int] = []
        for (i, t) in tokens.enumerated() {
            if t.kind != .eof { byOffset[t.offset] = i }
            switch t.kind {
            case .leftParen, .leftBracket, .leftBrace: open.append(i)
            case .rightParen, .rightBracket, .rightBrace:
                if let o = open.popLast() { pairs[o] = i; pairs[i] = o }
            default: break
            }
        }
        tokenByOffset = byOffset
        partner = pairs
    }

    /// The byte offset of a location (columns count Unicode scalars, as the lexer does).
    func offset(of location: SourceLocation) -> Int {
        guard location.line >= 1, location.line <= lineStarts.count else { return bytes.count }
        var offset = lineStarts[location.line - 1]
        var column = 1
        while column < location.column, offset < bytes.count {
            offset += 1
            if offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { continue }
            column += 1
        }
        return offset
    }

    /// The 1-based line a byte offset is on.
    func row(ofOffset offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The token a node starts at.
    func token(at location: SourceLocation) -> Int {
        tokenByOffset[offset(of: location)] ?? tokens.count - 1
    }

    func row(ofToken i: Int) -> Int { tokens[i].location.line }
    /// The line the last byte of token `i` is on (a raw string may span lines).
    func endRow(ofToken i: Int) -> Int { row(ofOffset: max(tokens[i].offset, tokens[i].end - 1)) }

    func partner(of i: Int) -> Int? { partner[i] }

    /// The next token after `i` that is not a line break.
    func next(after i: Int) -> Int {
        var j = i + 1
        while j < tokens.count - 1, tokens[j].kind == .newline { j += 1 }
        return min(j, tokens.count - 1)
    }

    /// The previous token before `i` that is not a line break (or -1).
    func previous(before i: Int) -> Int {
        var j = i - 1
        while j >= 0, tokens[j].kind == .newline { j -= 1 }
        return j
    }

    /// The source text from the start of token `first` through the end of token `last`.
    func text(from first: Int, through last: Int) -> [UInt8] {
        let start = tokens[first].offset, end = max(start, tokens[last].end)
        return Array(bytes[start..<end])
    }

    /// The text a single token was written as.
    func text(ofToken i: Int) -> String {
        String(decoding: bytes[tokens[i].offset..<tokens[i].end], as: UTF8.self)
    }

    /// True when `(` at `i` groups an expression rather than opening a call's or a
    /// head's arguments: a call's `(` follows its name with no space between.
    func isGroupingParen(_ i: Int) -> Bool {
        guard tokens[i].kind == .leftParen else { return false }
        guard i > 0, !tokens[i].spaceBefore else { return true }
        if case .identifier(let name) = tokens[i - 1].kind {
            return Parser.keywords.contains(name) && name != "contains"
        }
        return true
    }
}
