// YAMLParser+Scalars: plain, single-quoted and double-quoted scalars, with YAML's line
// folding (a single line break becomes a space, each further empty line a newline).
// Invariant: a scalar's continuation lines are more indented than the block that holds
// it; anything else ends the scalar (plain) or is an error (quoted).

extension YAMLParser {
    /// Why a line of plain text ended.
    enum PlainStop { case lineEnd, comment, mappingIndicator, flowIndicator }

    static func isFlowIndicator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]")
            || c == UInt8(ascii: "{") || c == UInt8(ascii: "}")
    }

    /// Checks that a plain scalar may start at the cursor (no indicator character).
    func checkPlainStart(inFlow: Bool) throws(YAMLError) {
        let c = byte
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            let next = byte(at: pos + 1)
            if isBlank(at: pos + 1) || (inFlow && Self.isFlowIndicator(next)) {
                throw error("unexpected '\(Character(Unicode.Scalar(c)))'")
            }
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
             UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            throw error("a plain scalar cannot start with '\(Character(Unicode.Scalar(c)))'")
        case 0x0A, 0x20, 0x09, 0:
            throw error("expected a value")
        default:
            break
        }
    }

    /// Scans plain text on the current line; returns the end of the text (trailing blanks
    /// excluded) and why it stopped. The cursor is left at the stopping character.
    mutating func scanPlainLine(inFlow: Bool) -> (end: Int, stop: PlainStop) {
        var end = pos
        while pos < bytes.count {
            let c = bytes[pos]
            if c == 0x0A { return (end, .lineEnd) }
            if c == UInt8(ascii: ":") {
                let next = byte(at: pos + 1)
                if isBlank(at: pos + 1) || (inFlow && Self.isFlowIndicator(next)) { return (end, .mappingIndicator) }
            }
            if c == UInt8(ascii: "#"), pos > lineStart, bytes[pos - 1] == 0x20 || bytes[pos - 1] == 0x09 {
                return (end, .comment)
            }
            if inFlow, Self.isFlowIndicator(c) { return (end, .flowIndicator) }
            pos += 1
            if c != 0x20 && c != 0x09 { end = pos }
        }
        return (end, .lineEnd)
    }

    /// A single-line plain key in a block mapping.
    mutating func parsePlainKey() throws(YAMLError) -> YAMLNode {
        try checkPlainStart(inFlow: false)
        let start = position
        let from = pos
        let scan = scanPlainLine(inFlow: false)
        let text = String(decoding: bytes[from..<scan.end], as: UTF8.self)
        return YAMLNode(.scalar(YAMLScalar(text: text, style: .plain)), at: start)
    }

    /// A plain scalar, possibly over several lines (each more indented than `blockIndent`).
    mutating func parsePlain(blockIndent n: Int, inFlow: Bool) throws(YAMLError) -> (node: YAMLNode, isMultiLine: Bool) {
        try checkPlainStart(inFlow: inFlow)
        let start = position
        let from = pos
        var scan = scanPlainLine(inFlow: inFlow)
        var out = Array(bytes[from..<scan.end])
        var isMultiLine = false
        while scan.stop == .lineEnd, pos < bytes.count {
            let saved = (pos, line, lineStart)
            newLine()
            let breaks = skipEmptyLines()
            var indent = 0
            while byte(at: lineStart + indent) == 0x20 { indent += 1 }
            var i = lineStart + indent
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            let c = byte(at: i)
            if atEnd || isMarker("---", at: lineStart) || isMarker("...", at: lineStart) || indent <= n
                || c == UInt8(ascii: "#") || c == 0 || (inFlow && (Self.isFlowIndicator(c) || (c == UInt8(ascii: ":") && (isBlank(at: i + 1) || Self.isFlowIndicator(byte(at: i + 1)))))) {
                (pos, line, lineStart) = saved
                break
            }
            pos = i
            let lineFrom = pos
            scan = scanPlainLine(inFlow: inFlow)
            if scan.stop == .mappingIndicator && !inFlow {
                throw error("unexpected ': ' in a continued value (bad indentation, or a value that needs quotes?)")
            }
            if breaks == 0 { out.append(0x20) } else { out.append(contentsOf: repeatElement(0x0A, count: breaks)) }
            out.append(contentsOf: bytes[lineFrom..<scan.end])
            isMultiLine = true
        }
        let node = YAMLNode(.scalar(YAMLScalar(text: String(decoding: out, as: UTF8.self), style: .plain)), at: start)
        return (node, isMultiLine)
    }

    /// A single- or double-quoted scalar (the cursor is on the opening quote).
    mutating func parseQuoted(blockIndent n: Int) throws(YAMLError) -> YAMLNode {
        let start = position
        let quote = byte
        let isDouble = quote == UInt8(ascii: "\"")
        pos += 1
        var out: [UInt8] = []
        var keep = 0
        while true {
            guard pos < bytes.count else { throw error("unterminated quoted string", at: start) }
            let c = bytes[pos]
            if !isDouble, c == UInt8(ascii: "'") {
                if byte(at: pos + 1) == UInt8(ascii: "'") {
                    out.append(c)
                    pos += 2
                    keep = out.count
                    continue
                }
                pos += 1
                break
            }
            if isDouble, c == UInt8(ascii: "\"") { pos += 1; break }
            if isDouble, c == UInt8(ascii: "\\") {
                try parseEscape(into: &out, blockIndent: n, start: start)
                keep = out.count
                continue
            }
            if c == 0x0A {
                out.removeSubrange(keep...)
                let breaks = try foldQuotedBreak(blockIndent: n, start: start)
                if breaks == 0 { out.append(0x20) } else { out.append(contentsOf: repeatElement(0x0A, count: breaks)) }
                keep = out.count
                continue
            }
            out.append(c)
            pos += 1
            if c != 0x20 && c != 0x09 { keep = out.count }
        }
        let style: ScalarStyle = isDouble ? .doubleQuoted : .singleQuoted
        return YAMLNode(.scalar(YAMLScalar(text: String(decoding: out, as: UTF8.self), style: style)), at: start)
    }

    /// Crosses lines that hold only spaces and tabs; returns how many were crossed.
    mutating func skipEmptyLines() -> Int {
        var breaks = 0
        while true {
            var i = pos
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            guard i < bytes.count, bytes[i] == 0x0A else { return breaks }
            pos = i
            newLine()
            breaks += 1
        }
    }

    /// Steps over a line break inside a quoted scalar and the whitespace that starts the
    /// next content line; returns how many empty lines were crossed.
    mutating func foldQuotedBreak(blockIndent n: Int, start: SourcePosition) throws(YAMLError) -> Int {
        newLine()
        let breaks = skipEmptyLines()
        guard pos < bytes.count else { throw error("unterminated quoted string", at: start) }
        if isMarker("---", at: lineStart) || isMarker("...", at: lineStart) {
            throw error("a document marker cannot appear inside a quoted string")
        }
        var indent = 0
        while byte(at: lineStart + indent) == 0x20 { indent += 1 }
        pos = lineStart + indent
        if indent <= n {
            throw error("quoted string is not closed before a line indented no more than its block", at: start)
        }
        skipInlineSpace()
        return breaks
    }

    /// One backslash escape of a double-quoted scalar, appended as UTF-8.
    mutating func parseEscape(into out: inout [UInt8], blockIndent n: Int, start: SourcePosition) throws(YAMLError) {
        let escapeAt = position
        pos += 1
        guard pos < bytes.count else { throw error("unterminated quoted string", at: start) }
        let e = bytes[pos]
        var scalar: UInt32
        var hexDigits = 0
        switch e {
        case UInt8(ascii: "0"): scalar = 0
        case UInt8(ascii: "a"): scalar = 7
        case UInt8(ascii: "b"): scalar = 8
        case UInt8(ascii: "t"), 0x09: scalar = 9
        case UInt8(ascii: "n"): scalar = 10
        case UInt8(ascii: "v"): scalar = 11
        case UInt8(ascii: "f"): scalar = 12
        case UInt8(ascii: "r"): scalar = 13
        case UInt8(ascii: "e"): scalar = 27
        case 0x20, UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"): scalar = UInt32(e)
        case UInt8(ascii: "N"): scalar = 0x85
        case UInt8(ascii: "_"): scalar = 0xA0
        case UInt8(ascii: "L"): scalar = 0x2028
        case UInt8(ascii: "P"): scalar = 0x2029
        case UInt8(ascii: "x"): scalar = 0; hexDigits = 2
        case UInt8(ascii: "u"): scalar = 0; hexDigits = 4
        case UInt8(ascii: "U"): scalar = 0; hexDigits = 8
        case 0x0A:
            let breaks = try foldQuotedBreak(blockIndent: n, start: start)
            out.append(contentsOf: repeatElement(0x0A, count: breaks))
            return
        default:
            throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))'", at: escapeAt)
        }
        pos += 1
        for _ in 0..<hexDigits {
            guard let d = hexValue(byte) else { throw error("escape needs \(hexDigits) hex digits", at: escapeAt) }
            scalar = scalar << 4 | d
            pos += 1
        }
        guard let u = Unicode.Scalar(scalar) else { throw error("escape is not a Unicode scalar", at: escapeAt) }
        out.append(contentsOf: String(Character(u)).utf8)
    }

    private func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
