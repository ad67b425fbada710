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
        // `.5` is a number in OPA's grammar (its value computes; like to_number(".5"),
        // it has no JSON spelling); a `.` before a digit starts no valid ref step.
        case UInt8(ascii: ".") where peek(1).map { $0 >= 0x30 && $0 <= 0x39 } ?? false:
            return tok(try readNumber(start))
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
        let fractionOnly = peek() == UInt8(ascii: ".")
        while let c = peek(), c >= 0x30 && c <= 0x39 { advance() }
        if peek() == UInt8(ascii: "."), let d = peek(1), d >= 0x30 && d <= 0x39 {
            advance()
            while let c = peek(), c >= 0x30 && c <= 0x39 { advance() }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var k = 1
            if let s = peek(1), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { k = 2 }
            if let d = peek(k), d >= 0x30 && d <= 0x39 {
                for _ in 0..<k { advance() }
                while let c = peek(), c >= 0x30 && c <= 0x39 { advance() }
            }
        }
        if let c = peek(), isIdentStart(c) { throw PolicyError(.parse, "illegal number format", at: start) }
        let text = bytes[from..<pos]
        // A leading zero is followed by the fraction or the exponent, as in JSON (OPA:
        // `01`, `00.5` and `00e1` are refused, `0.5` and `0e1` taken).
        if !fractionOnly, text.count > 1, text.first == UInt8(ascii: "0"),
           !(text[from + 1] == UInt8(ascii: ".") || (text.count > 2 && text[from + 1] | 0x20 == UInt8(ascii: "e"))) {
            throw PolicyError(.parse, "unexpected number token: expected number without leading zero", at: start)
        }
        let number = Number(validatedBytes: text)
        // Only an exponent or some 30,000 digits reach the limit.
        let mayReachLimit = text.count > 30_000 || text.contains { $0 | 0x20 == UInt8(ascii: "e") }
        if mayReachLimit, Lexer.isBeyondExponentLimit(number) { throw PolicyError(.parse, "number too big", at: start) }
        return .number(number, text: String(decoding: text, as: UTF8.self))
    }

    /// OPA's parser refuses a literal whose binary exponent (x = m·2^e, ½ ≤ |m| < 1) is
    /// beyond ±100000 (`1e30103`, `1e-30104`): Go's big.Float prints such numbers in
    /// time that grows faster than their size, so OPA caps what a policy may write.
    static let maxLiteralBinaryExponent = 100_000

    static func isBeyondExponentLimit(_ n: Number) -> Bool {
        let (_, digits, exponent) = n.exactDecimal
        guard !digits.isEmpty else { return false }
        // |x| = 0.d1d2… × 10^(count + exponent); a double's 17 leading digits place
        // log2|x| far closer than any literal comes to the limit.
        let leading = Double("0." + String(decoding: digits.prefix(17), as: UTF8.self)) ?? 0.1
        let log2OfTen = 3.321928094887362
        let log2 = binaryLogarithm(leading) + Double(digits.count + exponent) * log2OfTen
        let binaryExponent = log2.rounded(.down) + 1
        return binaryExponent > Double(maxLiteralBinaryExponent) || binaryExponent < -Double(maxLiteralBinaryExponent)
    }

    /// log2 of a positive double to about 2^-30 (the standard library has no logarithm):
    /// the binary exponent, then the significand's fraction bit by bit by squaring.
    private static func binaryLogarithm(_ x: Double) -> Double {
        var result = Double(x.exponent)
        var m = x.significand   // in [1, 2)
        var bit = 0.5
        for _ in 0..<30 {
            m *= m
            if m >= 2 { m /= 2; result += bit }
            bit /= 2
        }
        return result
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
