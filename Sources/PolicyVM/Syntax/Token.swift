// Token: the lexer's output. Newlines are tokens because they separate the
// expressions of a rule body; the parser ignores them where they cannot matter.

/// The kinds of token in Rego source.
enum TokenKind: Equatable, Sendable {
    case identifier(String)
    case string(String)
    case rawString(String)
    case number(Number, text: String)
    case newline
    case semicolon
    case comma
    case dot
    case colon
    case assign          // :=
    case unify           // =
    case equal           // ==
    case notEqual        // !=
    case less, lessEqual, greater, greaterEqual
    case plus, minus, star, slash, percent
    case pipe, ampersand
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case eof

    var description: String {
        switch self {
        case .identifier(let s): return "identifier \(s)"
        case .string, .rawString: return "string"
        case .number: return "number"
        case .newline: return "newline"
        case .semicolon: return ";"
        case .comma: return ","
        case .dot: return "."
        case .colon: return ":"
        case .assign: return ":="
        case .unify: return "="
        case .equal: return "=="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .percent: return "%"
        case .pipe: return "|"
        case .ampersand: return "&"
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .leftBrace: return "{"
        case .rightBrace: return "}"
        case .eof: return "end of file"
        }
    }
}

/// A token and where it starts; `spaceBefore` records whether whitespace preceded it
/// (a ref like `a.b` must have no space around the dot). `offset..<end` are its bytes
/// in the source (a query term's text is cut from them).
struct Token: Sendable {
    let kind: TokenKind
    let location: SourceLocation
    let spaceBefore: Bool
    let offset: Int
    let end: Int
}

/// A `# comment` as written: where its `#` is and its text from the `#` to the end of
/// the line (the formatter keeps every one).
struct SourceComment: Sendable {
    let location: SourceLocation
    let text: String
}
