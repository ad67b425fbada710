// PolicyLoadError: the one error type of policy and data loading. It names the file
// (or the member of a bundle, `bundle.tar.gz#authz/policy.rego`), where in it when
// known (`line:col`), and why.

/// A policy, data or bundle file that could not be loaded.
public struct PolicyLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, or `bundle#member` for a file inside a bundle.
    public let path: String
    /// `line:col` inside the file, when the reader knows it.
    public let position: (line: Int, column: Int)?
    public let reason: String

    public init(_ path: String, _ reason: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.reason = reason
        self.position = line.map { ($0, column ?? 1) }
    }

    public var description: String {
        guard let p = position else { return "\(path): \(reason)" }
        return "\(path):\(p.line):\(p.column): \(reason)"
    }

    public static func == (a: PolicyLoadError, b: PolicyLoadError) -> Bool { a.description == b.description }
}
