// YAMLParser+Cursor: moving over the text — lines, indentation, blanks, comments,
// document markers — and building positions and errors at the cursor.

extension YAMLParser {
    var atEnd: Bool { pos >= bytes.count }

    /// The byte at the cursor, or 0 at the end of input (NUL never occurs in accepted text).
    var byte: UInt8 { pos < bytes.count ? bytes[pos] : 0 }

    func byte(at i: Int) -> UInt8 { i < bytes.count && i >= 0 ? bytes[i] : 0 }

    /// True at the end of input, a space, a tab or a line break.
    func isBlank(at i: Int) -> Bool {
        guard i < bytes.count else { return true }
        let c = bytes[i]
        return c == 0x20 || c == 0x09 || c == 0x0A
    }

    /// 1-based column of the cursor, counting Unicode scalars.
    var column: Int { column(of: pos, lineStart: lineStart) }

    func column(of index: Int, lineStart start: Int) -> Int {
        let end = min(index, bytes.count)
        guard !continuationsBefore.isEmpty, start <= end else { return max(end - start, 0) + 1 }
        return end - start - Int(continuationsBefore[end] - continuationsBefore[start]) + 1
    }

    var position: SourcePosition { SourcePosition(line: line, column: column) }

    func error(_ message: String, at position: SourcePosition? = nil) -> YAMLError {
        YAMLError(.syntax, message, at: position ?? self.position)
    }

    func unsupported(_ message: String) -> YAMLError {
        YAMLError(.unsupported, message, at: position)
    }

    mutating func skipInlineSpace() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x09 { pos += 1 }
    }

    /// Skips spaces and tabs after an indicator, remembering whether a tab was among them.
    mutating func skipSeparation() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x09 {
            if bytes[pos] == 0x09 { separatedByTab = true }
            pos += 1
        }
    }

    /// At a line break, the end of input, or a comment (a `#` after whitespace).
    var atLineEndOrComment: Bool {
        if atEnd || bytes[pos] == 0x0A { return true }
        return bytes[pos] == UInt8(ascii: "#") && (pos == lineStart || isBlank(at: pos - 1))
    }

    /// Consumes the rest of the line: optional spaces, an optional comment, the line break.
    mutating func finishLine() throws(YAMLError) {
        skipInlineSpace()
        if byte == UInt8(ascii: "#") {
            guard pos == lineStart || isBlank(at: pos - 1) else { throw error("a comment needs a space before '#'") }
            while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
        }
        if atEnd { return }
        guard bytes[pos] == 0x0A else { throw error("unexpected text after the value") }
        newLine()
    }

    /// Steps over the line break at the cursor.
    mutating func newLine() {
        pos += 1
        line += 1
        lineStart = pos
    }

    /// From a line start, skips lines that hold only whitespace and comments; stops at
    /// the start of the next line with content.
    mutating func skipBlankLines() throws(YAMLError) {
        while pos < bytes.count {
            var i = pos
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            }
            if i >= bytes.count { pos = i; return }
            if bytes[i] != 0x0A { return }
            pos = i
            newLine()
        }
    }

    /// Indentation (spaces) of the line the cursor is on. Tabs after it are separation
    /// at best: `checkNoTab` refuses them where the column decides structure.
    func currentIndent() -> Int {
        var i = lineStart
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        return i - lineStart
    }

    /// Refuses a tab where indentation decides structure (a key or a `-` entry).
    mutating func checkNoTab(at i: Int) throws(YAMLError) {
        if byte(at: i) == 0x09 {
            pos = i
            throw error("tabs cannot be used for indentation")
        }
    }

    /// Moves to the content of a line indented `indent` spaces, stepping over tabs that
    /// separate it, and remembers them (they forbid a block collection from starting).
    mutating func moveToContent(indent: Int) {
        pos = lineStart + indent
        if byte == 0x09 {
            skipInlineSpace()
            separatedByTab = true
        }
    }

    /// A `---` or `...` marker at the start of the current line.
    func atMarker(_ marker: String) -> Bool {
        guard pos == lineStart else { return false }
        return isMarker(marker, at: lineStart)
    }

    func isMarker(_ marker: String, at i: Int) -> Bool {
        let m = Array(marker.utf8)
        guard i + 3 <= bytes.count, bytes[i] == m[0], bytes[i + 1] == m[1], bytes[i + 2] == m[2] else { return false }
        return isBlank(at: i + 3)
    }

    func isSequenceDash(at i: Int) -> Bool {
        byte(at: i) == UInt8(ascii: "-") && isBlank(at: i + 1)
    }
}
