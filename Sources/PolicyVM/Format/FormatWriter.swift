// FormatWriter: the output of the formatter — lines indented with tabs, and the
// comments still to place. A comment is written before the first node that starts on
// a later line, or at the end of the line it was on. Invariant: every comment of the
// source is written exactly once (kept, moved to its line's end, or copied inside a
// node written as it was), never dropped.

/// A comment waiting for its place: its row and its text (`# ...`, trailing spaces cut).
struct PendingComment {
    let row: Int
    let text: String

    /// `# METADATA` opens an annotation block (OPA keeps a blank line between blocks).
    var isMetadataHeader: Bool {
        let words = text.dropFirst().split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.count == 1 && words[0] == "METADATA"
    }
}

/// Thrown when a second comment would land at the end of a line that already has one:
/// the node being written is then written as it was in the source instead.
struct UnexpectedComment: Error {}

struct FormatWriter {
    private(set) var output: [UInt8] = []
    var level = 0
    /// True once something was written on the current line.
    var isInline = false
    /// The comment to write at the end of the current line.
    var lineEndComment: PendingComment?
    /// Holds `lineEndComment` back for one line end (a collection opening on its line).
    var delaysLineEndComment = false
    /// Comments not written yet, in source order.
    var pending: [PendingComment] = []
    /// Where the current line starts in `output`.
    private var lineStart = 0

    /// Something other than indentation is on the current line.
    var hasContentOnLine: Bool { output[lineStart...].contains { $0 != 0x09 && $0 != 0x20 } }

    mutating func write(_ s: String) { output.append(contentsOf: s.utf8) }


    mutating func truncate(to count: Int) {
        output.removeSubrange(count...)
        lineStart = (output.lastIndex(of: 0x0A) ?? -1) + 1
    }

    mutating func write(bytes: [UInt8], endingLine: Bool) {
        output.append(contentsOf: bytes)
        if let last = output.lastIndex(of: 0x0A), last >= output.count - bytes.count { lineStart = last + 1 }
    }

    mutating func startLine() {
        isInline = true
        for _ in 0..<level { write("\t") }
    }

    mutating func endLine() {
        isInline = false
        if let c = lineEndComment, !delaysLineEndComment {
            write(" " + c.text)
            lineEndComment = nil
        }
        delaysLineEndComment = false
        write("\n")
        lineStart = output.count
    }

    /// Ends the current line if one is open, then writes an empty one.
    mutating func blankLine() {
        if isInline { endLine() }
        write("\n")
        lineStart = output.count
    }

    mutating func writeLine(_ s: String) {
        if !isInline { startLine() }
        write(s)
        endLine()
    }

    /// The state a rewrite goes back to: the output so far and the comments to place.
    struct Snapshot {
        let count: Int
        fileprivate let level: Int
        fileprivate let isInline: Bool
        fileprivate let lineEndComment: PendingComment?
        let pending: [PendingComment]
    }

    func snapshot() -> Snapshot {
        Snapshot(count: output.count, level: level, isInline: isInline, lineEndComment: lineEndComment, pending: pending)
    }

    /// Drops what was written since the snapshot; its comments are pending again.
    mutating func restore(_ s: Snapshot) {
        truncate(to: s.count)
        level = s.level
        isInline = s.isInline
        lineEndComment = s.lineEndComment
        pending = s.pending
    }

    mutating func up() { level += 1 }
    mutating func down() { level = max(0, level - 1) }

    /// Opens a sequence written one group per line, one level deeper.
    mutating func startMultilineSequence() {
        endLine()
        up()
        startLine()
    }

    /// Writes the comments that come before `row`, and keeps the one on `row` for the
    /// end of the line. A row of -1 places nothing.
    mutating func insertComments(before row: Int) throws(UnexpectedComment) {
        guard row >= 0 else { return }
        let before = pending.filter { $0.row < row }
        // A comment cannot go mid-line: code after it would become part of it.
        if !before.isEmpty && hasContentOnLine { throw UnexpectedComment() }
        let at = pending.last { $0.row == row }
        pending.removeAll { $0.row <= row }
        writeComments(before)
        if let last = before.last, row - last.row > 1 { blankLine() }
        if let at { try setLineEndComment(at) }
    }

    /// Comments on lines of their own; a gap in the source stays one blank line.
    mutating func writeComments(_ comments: [PendingComment]) {
        var inMetadataBlock = false
        for (i, c) in comments.enumerated() {
            if i > 0 {
                let gap = c.row - comments[i - 1].row
                if gap > 1 {
                    blankLine()
                    inMetadataBlock = false
                } else if gap == 1, inMetadataBlock, c.isMetadataHeader {
                    blankLine()
                }
            }
            if c.isMetadataHeader { inMetadataBlock = true }
            writeLine(c.text)
        }
    }

    mutating func setLineEndComment(_ c: PendingComment) throws(UnexpectedComment) {
        if lineEndComment != nil {
            // Two comments for one line: put the first back so neither is lost, and let
            // the caller write the node as it was.
            pending.insert(c, at: 0)
            throw UnexpectedComment()
        }
        lineEndComment = c
    }
}
