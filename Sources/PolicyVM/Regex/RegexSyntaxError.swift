// RegexSyntaxError: why a pattern is not RE2 syntax, with Go's regexp/syntax error
// codes and texts, so the message OPA shows is the message we show.
// Invariant: `message` reads exactly as Go's `(*syntax.Error).Error()`.

/// A pattern Go's `regexp.Compile` would reject, and the part of it at fault.
package struct RegexSyntaxError: Error, Equatable, Sendable {
    /// Go's `syntax.ErrorCode` values, spelled as Go spells them.
    package enum Code: String, Sendable {
        case invalidCharClass = "invalid character class"
        case invalidCharRange = "invalid character class range"
        case invalidEscape = "invalid escape sequence"
        case invalidNamedCapture = "invalid named capture"
        case invalidPerlOp = "invalid or unsupported Perl syntax"
        case invalidRepeatOp = "invalid nested repetition operator"
        case invalidRepeatSize = "invalid repeat count"
        case missingBracket = "missing closing ]"
        case missingParen = "missing closing )"
        case missingRepeatArgument = "missing argument to repetition operator"
        case trailingBackslash = "trailing backslash at end of expression"
        case unexpectedParen = "unexpected )"
        case nestingDepth = "expression nests too deeply"
        case large = "expression too large"
    }

    package let code: Code
    /// The offending part of the pattern (sometimes the whole pattern, as in Go).
    package let expr: String

    package var message: String { "error parsing regexp: \(code.rawValue): `\(expr)`" }
}
