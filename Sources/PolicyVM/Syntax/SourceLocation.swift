// SourceLocation: where something is in a policy source, 1-based line and column
// (columns count Unicode scalars). Every AST node and every instruction carries one,
// so errors and coverage can name `policy.rego:12:5`.

/// A position in a named source text.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static let unknown = SourceLocation(file: "", line: 0, column: 0)
}
