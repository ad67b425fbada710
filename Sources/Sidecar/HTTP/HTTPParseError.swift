// HTTPParseError: why a message was rejected and which status answers it.
// Invariant: every rejection maps to exactly one status code; after any error the
// connection is closed, never resynchronised.

/// A parse failure with the status a server answers it with.
struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure; each maps to one status code.
    enum Kind: Sendable, Equatable {
        /// Malformed syntax or ambiguous framing: 400.
        case badRequest
        /// The request line is longer than the limit: 414.
        case uriTooLong
        /// Header section too large or too many fields: 431.
        case headersTooLarge
        /// Body larger than the route allows: 413.
        case bodyTooLarge
        /// A transfer coding we do not implement: 501.
        case notImplemented
        /// A major version other than 1: 505.
        case versionNotSupported
        /// The peer closed the connection in the middle of a message.
        case truncated
    }

    var kind: Kind
    /// A short human-readable reason, safe to log (never echoes raw input).
    var reason: String

    init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The status a server answers this error with.
    var status: Int {
        switch kind {
        case .badRequest, .truncated: return 400
        case .uriTooLong: return 414
        case .headersTooLarge: return 431
        case .bodyTooLarge: return 413
        case .notImplemented: return 501
        case .versionNotSupported: return 505
        }
    }

    var description: String { "\(status): \(reason)" }
}
