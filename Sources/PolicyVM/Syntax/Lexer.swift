// Lexer: Rego source text -> tokens with locations. It never fails silently: an
// unknown character or an unterminated string is a rego_parse_error at its position.

/// Splits Rego source into tokens.
struct Lexer {
    /// Policies are hand-written; a megabyte-sized one is a mistake or an attack, and
    /// the parser and checker are not meant to chew on it.
    static let maxSourceBytes = 1 << 20

    private let bytes: [UInt8]
    private let file: String
    private var pos = 0
    private var line = 1
    private var column = 1
    /// The comments skipped so far, in source order (the formatter keeps them).
    private var comments: [SourceComment] = []

    init(source: String, file: String) {
        self.bytes = Array(source.utf8)
        self.file = file
    }

    static func tokenize(_ source: String, file: String) throws(PolicyError) -> [Token] {
        try tokenizeKeepingComments(source, file: file).tokens
    }

    /// The tokens and, beside them, every comment (which `tokenize` drops).
    static func tokenizeKeepingComments(_ source: String, file: String) throws(PolicyError) -> (tokens: [Token], comments: [SourceComment]) {
        var lexer = Lexer(source: source, file: file)
        if lexer.bytes.count > maxSourceBytes {
            throw PolicyError(.parse, "source is \(lexer.bytes.count) bytes, above the limit of \(maxSourceBytes)",
                              at: SourceLocation(file: file, line: 1, column: 1))
        }
        var tokens: [Token] = []
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .eof { return (tokens, lexer.comments) }
        }
    }

    private var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ offset: Int = 0) -> UInt8? {
        pos + offset < bytes.count ? bytes[pos + offset] : nil
    }

    private mutating func advance() {
        let b = bytes[pos]
        pos += 1
        if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
    }

    private mutating func next() throws(PolicyError) -> Token {
        var sawSpace = false
        // Whitespace and comments; newlines are tokens of their own.
        while let b = peek() {
            if b == 0x20 || b == 0x09 || b == 0x0D { advance(); sawSpace = true; continue }
            if b == UInt8(ascii: "#") {
                let at = here, from = pos
                while let c = peek(), c != 0x0A { advance() }
                comments.append(SourceComment(location: at, text: String(decoding: bytes[from..<pos], as: UTF8.self)))
                sawSpace = true
                continue
            }
            break
        }
        let start = here
        let startOffset = pos
        guard let b = peek() else { return Token(kind: .eof, location: start, spaceBefore: sawSpace, offset: pos, end: pos) }
        // Called once the token's bytes are consumed: `pos` is its end.
        func tok(_ k: TokenKind) -> Token { Token(kind: k, location: start, spaceBefore: sawSpace, offset: startOffset, end: pos) }
        func single(_ k: TokenKind) -> Token { advance(); return tok(k) }
        func pair(_ second: UInt8, _ two: TokenKind, _ one: TokenKind?) throws(PolicyError) -> Token {
            advance()
            if peek() == second { advance(); return tok(two) }
            guard let one else { throw PolicyError(.parse, "illegal token", at: start) }
            return tok(one)
        }
        switch b {
        case 0x0A: return single(.newline)
        case UInt8(ascii: ";"): return single(.semicolon)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: "."): return single(.dot)
        case UInt8(ascii: ":"): return try pair(UInt8(ascii: "="), .assign, .colon)
        case UInt8(ascii: "="): return try pair(UInt8(ascii: "="), .equal, .unify)
        case UInt8(ascii: "!"): return try pair(UInt8(ascii: "="), .notEqual, nil)
        case UInt8(ascii: "<"): return try pair(UInt8(ascii: "="), .lessEqual, .less)
        case UInt8(ascii: ">"): return try pair(UInt8(ascii: "="), .greaterEqual, .greater)
        case UInt8(ascii: "+"): return single(.plus)
        case UInt8(ascii: "-"): return single(.minus)
        case UInt8(ascii: "*"): return single(.star)
        case UInt8(ascii: "/"): return single(.slash)
        case UInt8(ascii: "%"): return single(.percent)
        case UInt8(ascii: "|"): return single(.pipe)
        case UInt8(ascii: "&"): return single(.ampersand)
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: "["): return single(.leftBracket)
        case UInt8(ascii: "]"): return single(.rightBracket)
        case UInt8(ascii: "{"): return single(.leftBrace)
        case UInt8(ascii: "}"): return single(.rightBrace)
        case UInt8(ascii: "\""): return tok(.string(try readString(start)))
        case UInt8(ascii: "`"):
            advance()
            let from = pos
            while let c = peek(), c != UInt8(ascii: "`") { advance() }
            guard peek() != nil else { throw PolicyError(.parse, "non-terminated raw string", at: start) }
            let text = String(decoding: bytes[from..<pos], as: UTF8.self)
            advance()
            return tok(.rawString(text))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return tok(try readNumber(start))
        default:
            if isIdentStart(b) {
                let from = pos
                while let c = peek(), isIdentStart(c) || (c >= 0x30 && c <= 0x39) { advance() }
                return tok(.identifier(String(decoding: bytes[from..<pos], as: UTF8.self)))
            }
            throw PolicyError(.parse, "illegal token", at: start)
        }
    }

    private func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
    }

    private mutating func readNumber(_ start: SourceLocation) throws(PolicyError) -> TokenKind {
        let from = pos
        var isInteger = true
        while let c = peek(), c >= 0x30 && c <= 0x39 { advance() }
        if peek() == UInt8(ascii: "."), let d = peek(1), d >= 0x30 && d <= 0x39 {
            isInteger = false
            advance()
            while let c = peek(), c >= 0x30 && c <= 0x39 { advance() }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var k = 1
            if let s = peek(1), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { k = 2 }
            if let d = peek(k), d >= 0x30 && d <= 0x39 {
                isInteger = false
                for _ in 0..<k { advance() }
                while let c = peek(), c >= 0x30 && c <= 0x39 { advance() }
            }
        }
        if let c = peek(), isIdentStart(c) { throw PolicyError(.parse, "illegal number format", at: start) }
        let text = bytes[from..<pos]
        // Leading zeros (`01`) are not numbers in Rego, as in JSON.
        if isInteger, text.count > 1, text.first == UInt8(ascii: "0") {
            throw PolicyError(.parse, "illegal number format", at: start)
        }
        return .number(Number(validatedBytes: text), text: String(decoding: text, as: UTF8.self))
    }

    private mutating func readString(_ start: SourceLocation) throws(PolicyError) -> String {
        advance()
        var out: [UInt8] = []
        while true {
            guard let c = peek(), c != 0x0A else { throw PolicyError(.parse, "non-terminated string", at: start) }
            if c == UInt8(ascii: "\"") { advance(); break }
            if c != UInt8(ascii: "\\") { out.append(c); advance(); continue }
            let escapeAt = here
            advance()
            guard let e = peek() else { throw PolicyError(.parse, "non-terminated string", at: start) }
            advance()
            if let simple = StringEscape.simple(e) { out.append(simple); continue }
            switch e {
            case UInt8(ascii: "u"):
                var scalar = try readHex4(escapeAt)
                if (0xD800..<0xDC00).contains(scalar), peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") {
                    advance(); advance()
                    let low = try readHex4(escapeAt)
                    scalar = (0xDC00..<0xE000).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                }
                let s = UnicodeScalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: String(Character(s)).utf8)
            default:
                throw PolicyError(.parse, "illegal escape sequence", at: escapeAt)
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw PolicyError(.parse, "invalid UTF-8 in string", at: start)
        }
        return s
    }

    private mutating func readHex4(_ at: SourceLocation) throws(PolicyError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek() else { throw PolicyError(.parse, "illegal escape sequence", at: at) }
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 0x41 + 10)
            default: throw PolicyError(.parse, "illegal escape sequence", at: at)
            }
            v = v << 4 | d
            advance()
        }
        return v
    }
}
