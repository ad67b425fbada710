// SourcePosition: a 1-based line and column in a source text. Columns count Unicode
// scalars, not bytes, so a caret under a non-ASCII line still lands where a user looks.

/// Where something starts in a source text (1-based line and column).
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}
