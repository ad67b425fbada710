// RegexParser: parses RE2 syntax exactly as Go's regexp/syntax.Parse does with the
// Perl flags (what Go's regexp.Compile, and so OPA, uses): an operator-precedence
// parse on an explicit stack (no recursion, so nesting cannot exhaust the thread's
// stack), Go's error codes and texts in Go's order, and Go's limits: repeat counts
// up to 1000 (also as the product of nested counts), a tree no higher than 1000 and
// no larger than Go's 128 MB program estimate. Escapes and classes are in
// RegexParser+Classes.swift, the stack's operations in RegexParser+Stack.swift.
// Invariant: a pattern parses here iff Go parses it, and the error text is Go's.

struct RegexParser {
    /// Go's maxRepeat: the largest count in x{n,m}, and the largest product of nested counts.
    static let maxRepeat = 1000
    /// Go's maxHeight: deeper trees are "expression nests too deeply".
    static let maxHeight = 1000
    /// Go's maxSize: 128 MB of 40-byte instructions; larger estimates are "expression too large".
    static let maxSize: Int64 = (128 << 20) / 40
    /// Go's maxRunes: 128 MB of runes in classes and literals.
    static let maxRunes = (128 << 20) / 4

    let s: [UInt8]
    let pattern: String
    var flags: RegexFlags
    var stack: [RegexNode] = []
    var numCap = 0
    var numRunes = 0
    /// Go's allocation count (numRegexp) and free list, followed only to start the size
    /// check when Go starts it: Go skips it while nodes × repeat counts stay small.
    var numRegexp = 0
    var freeNodes = 0
    var repeats: Int64 = 1
    var tracksSize = false

    private init(_ pattern: String, flags: RegexFlags) {
        self.pattern = pattern
        self.s = Array(pattern.utf8)
        self.flags = flags
    }

    /// Parses `pattern` with Go's Perl flags; returns the tree and the capture count.
    static func parse(_ pattern: String) throws(RegexSyntaxError) -> RegexNode {
        var p = RegexParser(pattern, flags: .perl)
        return try p.run()
    }

    func text(_ from: Int, _ to: Int) -> String {
        String(decoding: s[from..<Swift.min(to, s.count)], as: UTF8.self)
    }

    func fail(_ code: RegexSyntaxError.Code, _ from: Int, _ to: Int) -> RegexSyntaxError {
        RegexSyntaxError(code: code, expr: text(from, to))
    }

    /// Decodes the rune at byte `i` (the text is valid UTF-8); returns it and its width.
    /// At the end it returns U+FFFD and width 0, as Go's DecodeRuneInString("") does.
    func rune(at i: Int) -> (UInt32, Int) {
        guard i < s.count else { return (0xFFFD, 0) }
        let b0 = UInt32(s[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6 | UInt32(s[i + 3] & 0x3F), 4)
    }

    // MARK: - The main loop

    private mutating func run() throws(RegexSyntaxError) -> RegexNode {
        var t = 0
        var lastRepeat = -1   // where the previous repetition operator began, or -1
        while t < s.count {
            var repeatStart = -1
            switch s[t] {
            case UInt8(ascii: "("):
                if t + 1 < s.count && s[t + 1] == UInt8(ascii: "?") {
                    t = try parsePerlFlags(t)
                } else {
                    numCap += 1
                    pushMarker(.leftParen, cap: numCap)
                    t += 1
                }
            case UInt8(ascii: "|"):
                try parseVerticalBar()
                t += 1
            case UInt8(ascii: ")"):
                try parseRightParen()
                t += 1
            case UInt8(ascii: "^"):
                allocate()
                try push(RegexNode(flags.contains(.oneLine) ? .beginText : .beginLine, flags: flags))
                t += 1
            case UInt8(ascii: "$"):
                allocate()
                if flags.contains(.oneLine) {
                    try push(RegexNode(.endText, flags: flags.union(.wasDollar)))
                } else {
                    try push(RegexNode(.endLine, flags: flags))
                }
                t += 1
            case UInt8(ascii: "."):
                allocate()
                try push(RegexNode(flags.contains(.dotNL) ? .anyChar : .anyCharNotNL, flags: flags))
                t += 1
            case UInt8(ascii: "["):
                t = try parseClass(t)
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                let op: RegexNode.Op = s[t] == UInt8(ascii: "*") ? .star : s[t] == UInt8(ascii: "+") ? .plus : .quest
                let before = t
                t = try repetition(op, min: 0, max: 0, before: before, after: t + 1, lastRepeat: lastRepeat)
                repeatStart = before
            case UInt8(ascii: "{"):
                let before = t
                guard let (min, max, after) = parseRepeatBraces(t) else {
                    try literal(UInt32(UInt8(ascii: "{")))
                    t += 1
                    break
                }
                if min < 0 || min > RegexParser.maxRepeat || max > RegexParser.maxRepeat || max >= 0 && min > max {
                    throw fail(.invalidRepeatSize, before, after)
                }
                t = try repetition(.repeat, min: min, max: max, before: before, after: after, lastRepeat: lastRepeat)
                repeatStart = before
            case UInt8(ascii: "\\"):
                t = try parseBackslash(t)
            default:
                let (c, w) = rune(at: t)
                try literal(c)
                t += w
            }
            lastRepeat = repeatStart
        }
        try concat()
        if try swapVerticalBar() { stack.removeLast() }
        try alternate()
        if stack.count != 1 { throw RegexSyntaxError(code: .missingParen, expr: pattern) }
        return stack[0]
    }

    /// `{n}`, `{n,}` or `{n,m}` at `i`: the bounds (max -1 when open; min -1 when a
    /// number is too big) and where the text after `}` starts; nil when `{` is literal.
    private func parseRepeatBraces(_ i: Int) -> (Int, Int, Int)? {
        var j = i + 1
        guard let (min, afterMin) = parseInt(j) else { return nil }
        j = afterMin
        guard j < s.count else { return nil }
        var lo = min, hi: Int
        if s[j] != UInt8(ascii: ",") {
            hi = min
        } else {
            j += 1
            guard j < s.count else { return nil }
            if s[j] == UInt8(ascii: "}") {
                hi = -1
            } else {
                guard let (m, afterMax) = parseInt(j) else { return nil }
                hi = m
                j = afterMax
                if hi < 0 { lo = -1 }
            }
        }
        guard j < s.count, s[j] == UInt8(ascii: "}") else { return nil }
        return (lo, hi, j + 1)
    }

    /// A decimal number without leading zeros; -1 when it reaches 1e8 (too big anyway).
    private func parseInt(_ i: Int) -> (Int, Int)? {
        guard i < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") else { return nil }
        if i + 1 < s.count, s[i] == UInt8(ascii: "0"), s[i + 1] >= UInt8(ascii: "0"), s[i + 1] <= UInt8(ascii: "9") { return nil }
        var j = i, n = 0
        while j < s.count, s[j] >= UInt8(ascii: "0"), s[j] <= UInt8(ascii: "9") {
            if n >= 100_000_000 { n = -1 } else if n >= 0 { n = n * 10 + Int(s[j] - UInt8(ascii: "0")) }
            j += 1
        }
        return (n, j)
    }

    // MARK: - Groups and flags

    /// `(?flags)`, `(?flags:`, `(?P<name>` or `(?<name>` at `i`; returns where parsing goes on.
    private mutating func parsePerlFlags(_ i: Int) throws(RegexSyntaxError) -> Int {
        let rest = s.count - i
        let startsWithP = rest > 4 && s[i + 2] == UInt8(ascii: "P") && s[i + 3] == UInt8(ascii: "<")
        let startsWithName = rest > 3 && s[i + 2] == UInt8(ascii: "<")
        if startsWithP || startsWithName {
            let nameStart = i + (startsWithP ? 4 : 3)
            guard let end = s[i...].firstIndex(of: UInt8(ascii: ">")) else {
                throw fail(.invalidNamedCapture, i, s.count)
            }
            let name = text(nameStart, end)
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || RegexParser.isAlnum(UInt32($0)) }) else {
                throw fail(.invalidNamedCapture, i, end + 1)
            }
            numCap += 1
            pushMarker(.leftParen, cap: numCap, name: name)
            return end + 1
        }
        var t = i + 2
        var newFlags = flags
        var negated = false, sawFlag = false
        while t < s.count {
            let (c, w) = rune(at: t)
            t += w
            var flag: RegexFlags = []
            switch c {
            case UInt32(UInt8(ascii: "i")): flag = .foldCase
            case UInt32(UInt8(ascii: "m")): flag = .oneLine
            case UInt32(UInt8(ascii: "s")): flag = .dotNL
            case UInt32(UInt8(ascii: "U")): flag = .nonGreedy
            case UInt32(UInt8(ascii: "-")):
                if negated { throw fail(.invalidPerlOp, i, t) }
                negated = true
                sawFlag = false
                continue
            case UInt32(UInt8(ascii: ":")), UInt32(UInt8(ascii: ")")):
                if negated && !sawFlag { throw fail(.invalidPerlOp, i, t) }
                if c == UInt32(UInt8(ascii: ":")) { pushMarker(.leftParen, cap: 0) }
                flags = newFlags
                return t
            default:
                throw fail(.invalidPerlOp, i, t)
            }
            // (?m) clears OneLine; every other flag is set by its letter.
            if (flag == .oneLine) != negated { newFlags.remove(flag) } else { newFlags.insert(flag) }
            sawFlag = true
        }
        throw fail(.invalidPerlOp, i, t)
    }

    mutating func pushMarker(_ op: RegexNode.Op, cap: Int, name: String = "") {
        allocate()
        var marker = RegexNode(op, flags: flags)
        marker.cap = cap
        marker.name = name
        stack.append(marker)
    }

    private mutating func parseVerticalBar() throws(RegexSyntaxError) {
        try concat()
        if try !swapVerticalBar() { pushMarker(.verticalBar, cap: 0) }
    }

    private mutating func parseRightParen() throws(RegexSyntaxError) {
        try concat()
        if try swapVerticalBar() { stack.removeLast() }
        try alternate()
        guard stack.count >= 2 else { throw RegexSyntaxError(code: .unexpectedParen, expr: pattern) }
        let body = stack.removeLast()
        let paren = stack.removeLast()
        guard paren.op == .leftParen else { throw RegexSyntaxError(code: .unexpectedParen, expr: pattern) }
        flags = paren.flags
        if paren.cap == 0 {
            try push(body)
        } else {
            var capture = RegexNode(.capture, flags: paren.flags, subs: [body])
            capture.cap = paren.cap
            capture.name = paren.name
            capture.measure()
            try push(capture)
        }
    }

    // MARK: - Repetition

    /// Applies a repetition operator to the top of the stack; returns where parsing goes on.
    private mutating func repetition(_ op: RegexNode.Op, min: Int, max: Int, before: Int, after: Int,
                                     lastRepeat: Int) throws(RegexSyntaxError) -> Int {
        var after = after
        var nodeFlags = flags
        if after < s.count && s[after] == UInt8(ascii: "?") {
            after += 1
            nodeFlags.formSymmetricDifference(.nonGreedy)
        }
        if lastRepeat >= 0 {
            // Perl forbids stacked repetitions: a** is an error, not a doubled star.
            throw fail(.invalidRepeatOp, lastRepeat, after)
        }
        guard let sub = stack.last, !sub.op.isPseudo else { throw fail(.missingRepeatArgument, before, after) }
        allocate()
        var node = RegexNode(op, flags: nodeFlags, subs: [sub])
        node.min = min
        node.max = max
        node.measure()
        stack[stack.count - 1] = node
        try checkLimits(node)
        if op == .repeat && (min >= 2 || max >= 2) && !RegexParser.repeatIsValid(node, RegexParser.maxRepeat) {
            throw fail(.invalidRepeatSize, before, after)
        }
        return after
    }

    /// Whether the repetition and the repetitions inside it stay within `n` copies of
    /// the innermost thing (Go's repeatIsValid).
    private static func repeatIsValid(_ node: RegexNode, _ n: Int) -> Bool {
        var n = n
        if node.op == .repeat {
            var m = node.max
            if m == 0 { return true }
            if m < 0 { m = node.min }
            if m > n { return false }
            if m > 0 { n /= m }
        }
        return node.subs.allSatisfy { repeatIsValid($0, n) }
    }

    static func isAlnum(_ c: UInt32) -> Bool {
        c >= 0x30 && c <= 0x39 || c >= 0x41 && c <= 0x5A || c >= 0x61 && c <= 0x7A
    }
}

extension RegexNode {
    /// Whether a one-rune node (literal, class, `.`) matches `r`.
    func matchesRune(_ r: UInt32) -> Bool {
        switch op {
        case .literal: return runes.count == 1 && runes[0] == r
        case .charClass:
            // Classes merged during parsing are not sorted yet: scan every range.
            return stride(from: 0, to: runes.count, by: 2).contains { runes[$0] <= r && r <= runes[$0 + 1] }
        case .anyCharNotNL: return r != 10
        case .anyChar: return true
        default: return false
        }
    }
}
