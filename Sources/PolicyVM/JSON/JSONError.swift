// JSONError: why a JSON text was rejected, and where (1-based line and column).

/// A JSON syntax error with its position in the text.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int

    public var description: String { "\(line):\(column): \(message)" }
}
