// YAMLError: the one error type of the YAML reader. Every error has a position, and
// says whether the input is bad YAML or good YAML using a feature the reader refuses.

/// A YAML reading failure at a line:col.
package struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the reader stopped.
    package enum Kind: Sendable, Equatable {
        /// The text is not valid YAML (or breaks one of the reader's limits).
        case syntax
        /// The text uses a YAML feature outside the supported subset (tags, directives, …).
        case unsupported
    }

    package var kind: Kind
    package var position: SourcePosition
    package var message: String

    package init(_ kind: Kind, _ message: String, at position: SourcePosition) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    /// `line:col: message`; callers put the file name in front.
    package var description: String { "\(position): \(message)" }
}
