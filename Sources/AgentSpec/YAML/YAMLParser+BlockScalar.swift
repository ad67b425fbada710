// YAMLParser+BlockScalar: literal (`|`) and folded (`>`) block scalars with chomping
// (`-` strip, `+` keep, default clip) and an optional indentation indicator (1-9).
// Invariant: content lines are those indented at least as far as the scalar's content
// indentation; the first less-indented line with text ends the scalar and is left for
// the enclosing block.

extension YAMLParser {
    /// One line of a block scalar: text after the content indentation, or an empty line.
    private struct BlockLine {
        var text: ArraySlice<UInt8>
        var isEmpty: Bool
        var isMoreIndented: Bool { text.first == 0x20 || text.first == 0x09 }
    }

    /// Parses a block scalar; the cursor is on `|` or `>`. Returns at a line start.
    mutating func parseBlockScalar(parentIndent n: Int) throws(YAMLError) -> YAMLNode {
        let start = position
        let isLiteral = byte == UInt8(ascii: "|")
        pos += 1
        var chomp = 0
        var explicitIndent: Int?
        for _ in 0..<2 {
            let c = byte
            if chomp == 0, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
                chomp = c == UInt8(ascii: "-") ? -1 : 1
                pos += 1
            } else if explicitIndent == nil, c >= UInt8(ascii: "1"), c <= UInt8(ascii: "9") {
                explicitIndent = Int(c - UInt8(ascii: "0"))
                pos += 1
            } else if c == UInt8(ascii: "0") {
                throw error("a block scalar's indentation indicator must be 1-9")
            }
        }
        guard isBlank(at: pos) else { throw error("unexpected text after the block scalar header") }
        try finishLine()

        let base = max(n, 0)
        let indent: Int
        if let explicitIndent {
            indent = base + explicitIndent
        } else {
            indent = try detectBlockIndent(parentIndent: n)
        }

        var lines: [BlockLine] = []
        while pos < bytes.count {
            if isMarker("---", at: lineStart) || isMarker("...", at: lineStart) { break }
            var spaces = 0
            while byte(at: lineStart + spaces) == 0x20 { spaces += 1 }
            var end = lineStart + spaces
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let restEmpty = lineStart + spaces == end
            if spaces < indent, byte(at: lineStart + spaces) == 0x09,
               bytes[(lineStart + spaces)..<end].allSatisfy({ $0 == 0x09 || $0 == 0x20 }) {
                pos = lineStart + spaces
                throw error("tabs cannot be used to indent a block scalar")
            }
            if restEmpty ? spaces > indent : spaces >= indent {
                lines.append(BlockLine(text: bytes[(lineStart + indent)..<end], isEmpty: false))
            } else if restEmpty {
                lines.append(BlockLine(text: [], isEmpty: true))
            } else {
                break
            }
            pos = end
            if pos < bytes.count { newLine() }
        }
        let text = Self.assemble(lines, isLiteral: isLiteral, chomp: chomp)
        return YAMLNode(.scalar(YAMLScalar(text: text, style: isLiteral ? .literal : .folded)), at: start)
    }

    /// The content indentation of an auto-detected block scalar: the indentation of its
    /// first non-empty line. Leading empty lines may not be more indented than that.
    private mutating func detectBlockIndent(parentIndent n: Int) throws(YAMLError) -> Int {
        var i = pos
        var maxEmpty = 0
        var lineNo = line
        while i < bytes.count {
            var spaces = 0
            while i + spaces < bytes.count, bytes[i + spaces] == 0x20 { spaces += 1 }
            let c = i + spaces < bytes.count ? bytes[i + spaces] : 0x0A
            if c == 0x0A {
                maxEmpty = max(maxEmpty, spaces)
                i += spaces + 1
                lineNo += 1
                continue
            }
            if spaces <= n || isMarker("---", at: i) || isMarker("...", at: i) { break }
            if maxEmpty > spaces {
                throw YAMLError(.syntax, "a leading empty line of a block scalar is more indented than its text",
                                at: SourcePosition(line: lineNo, column: spaces + 1))
            }
            return spaces
        }
        return max(n + 1, maxEmpty, 1)
    }

    /// Joins block scalar lines (literal keeps breaks; folded turns single breaks between
    /// normal lines into spaces) and applies chomping.
    private static func assemble(_ lines: [BlockLine], isLiteral: Bool, chomp: Int) -> String {
        guard let last = lines.lastIndex(where: { !$0.isEmpty }) else {
            return chomp == 1 ? String(repeating: "\n", count: lines.count) : ""
        }
        var out: [UInt8] = []
        var emptiesBefore = 0
        var previous: BlockLine?
        for line in lines[...last] {
            if line.isEmpty { emptiesBefore += 1; continue }
            if let p = previous {
                if !isLiteral, !p.isMoreIndented, !line.isMoreIndented {
                    if emptiesBefore == 0 { out.append(0x20) } else { out.append(contentsOf: repeatElement(0x0A, count: emptiesBefore)) }
                } else {
                    out.append(contentsOf: repeatElement(0x0A, count: emptiesBefore + 1))
                }
            } else {
                out.append(contentsOf: repeatElement(0x0A, count: emptiesBefore))
            }
            out.append(contentsOf: line.text)
            emptiesBefore = 0
            previous = line
        }
        let trailing = lines.count - last - 1
        if chomp >= 0 { out.append(0x0A) }
        if chomp == 1 { out.append(contentsOf: repeatElement(0x0A, count: trailing)) }
        return String(decoding: out, as: UTF8.self)
    }
}
