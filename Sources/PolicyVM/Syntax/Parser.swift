// Parser: tokens -> AST for modules (package, imports, rules) and queries. Rego v1
// syntax only: `if` before a rule body and `contains` for partial sets are required.
// Recursive descent; where OPA's grammar is ambiguous (a set literal or a comprehension,
// a body block or an object after `if`) the parser tries the reading OPA prefers and
// backs up to the other, as OPA does; parsed terms are remembered by position so
// backing up never re-parses a term (nested sets stay linear). Nesting is capped so
// hostile input cannot overflow the stack. Errors come as OPA reports them, several
// per module: a refused import is recorded and parsing goes on; a statement that is
// no rule, or a rule without `if`/`contains`, is recorded and parsed as OPA's v0
// grammar reads it (OPA checks those after parsing); any other error stops the parse,
// and then only it and the recorded import errors are reported. Terms and body literals are in
// Parser+Terms.swift, composites in Parser+Primary.swift, rules in Parser+Rules.swift.

/// Parses Rego modules and queries.
struct Parser {
    /// Deeper nesting than this is not written by people; the cap keeps recursion safe.
    static let maxNestingDepth = 200

    static let keywords: Set<String> = [
        "package", "import", "as", "default", "else", "not", "some", "every", "in", "if",
        "contains", "with", "true", "false", "null",
    ]

    var tokens: [Token]
    var index = 0
    let file: String
    var depth = 0
    /// Terms already parsed, by the token index they start at: the token index after
    /// them and the term. Backing up and parsing the same tokens another way reuses them.
    var parsedTerms: [Int: (end: Int, term: Term)] = [:]
    /// Errors OPA records while parsing on (refused imports), in source order.
    var parseErrors: [PolicyError] = []
    /// Errors OPA finds turning expression statements into rules (`x`, `f()`).
    var statementErrors: [PolicyError] = []
    /// Errors of OPA's v1 checks on the parsed rules (`if` or `contains` missing),
    /// reported after the statement errors, as OPA does.
    var ruleSyntaxErrors: [PolicyError] = []

    init(tokens: [Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    // MARK: - Entry points

    /// Parses a module; every error found (at most PolicyErrors.maxReported) is thrown.
    static func parseModule(_ source: String, file: String) throws(PolicyErrors) -> Module {
        var p: Parser
        do { p = Parser(tokens: try Lexer.tokenize(source, file: file), file: file) } catch { throw PolicyErrors(error) }
        let module: Module
        do { module = try p.module() } catch { throw capped(p.parseErrors + [error]) }
        if !p.parseErrors.isEmpty { throw capped(p.parseErrors) }
        let later = p.statementErrors + p.ruleSyntaxErrors
        if !later.isEmpty { throw capped(later) }
        return module
    }

    private static func capped(_ errors: [PolicyError]) -> PolicyErrors {
        PolicyErrors(Array(errors.prefix(PolicyErrors.maxReported)))
    }

    static func parseQuery(_ source: String, file: String = "query") throws(PolicyError) -> [Literal] {
        try parseQueryTerms(source, file: file).map(\.literal)
    }

    /// A query's expressions with their source text. As in OPA, expressions are separated
    /// by `;`, by line breaks or by nothing at all (`1 2` is two expressions).
    static func parseQueryTerms(_ source: String, file: String = "query") throws(PolicyError) -> [QueryTerm] {
        var p = Parser(tokens: try Lexer.tokenize(source, file: file), file: file)
        let bytes = Array(source.utf8)
        var terms: [QueryTerm] = []
        var literalFollows = false  // after a `;`
        p.skipNewlines()
        while p.kind != .eof || literalFollows {
            let first = p.current.offset
            let literal = try p.literal()
            let end = p.tokens[p.index - 1].end
            terms.append(QueryTerm(literal: literal, text: String(decoding: bytes[first..<end], as: UTF8.self)))
            literalFollows = p.kind == .semicolon
            if literalFollows { p.advance() }
            p.skipNewlines()
        }
        if terms.isEmpty { throw PolicyError(.parse, "empty query", at: p.current.location) }
        return terms
    }

    // MARK: - Token helpers

    var current: Token { tokens[index] }
    var kind: TokenKind { tokens[index].kind }

    func peekKind(_ offset: Int) -> TokenKind {
        index + offset < tokens.count ? tokens[index + offset].kind : .eof
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func skipNewlines() {
        while kind == .newline { advance() }
    }

    /// An expression goes on across line breaks when the next line starts with an
    /// infix operator (OPA's scanner skips the break there): consume the breaks then.
    mutating func continueAcrossNewlines(_ continues: (TokenKind) -> Bool) {
        guard kind == .newline else { return }
        var look = 1
        while peekKind(look) == .newline { look += 1 }
        if continues(peekKind(look)) { for _ in 0..<look { advance() } }
    }

    func isKeyword(_ word: String) -> Bool {
        if case .identifier(word) = kind { return true }
        return false
    }

    func error(_ message: String, at location: SourceLocation? = nil) -> PolicyError {
        PolicyError(.parse, message, at: location ?? current.location)
    }

    func unexpected(_ expected: String) -> PolicyError {
        if kind == .eof { return error("unexpected eof token: expected \(expected)") }
        return error("unexpected \(kind.description) token: expected \(expected)")
    }

    mutating func expect(_ k: TokenKind, _ what: String) throws(PolicyError) {
        guard kind == k else { throw unexpected(what) }
        advance()
    }

    mutating func identifier(_ what: String = "identifier") throws(PolicyError) -> String {
        guard case .identifier(let name) = kind else { throw unexpected(what) }
        advance()
        return name
    }

    mutating func enter() throws(PolicyError) {
        depth += 1
        if depth > Parser.maxNestingDepth {
            throw error("nesting deeper than \(Parser.maxNestingDepth) levels")
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Module

    /// A module: `package`, then imports and rules in any order (OPA accepts an import
    /// after rules). Statements need no separator between them (`p := 1 q := 2` is two
    /// rules, as in OPA); a `;` between top-level statements is an error.
    mutating func module() throws(PolicyError) -> Module {
        skipNewlines()
        let start = current.location
        guard isKeyword("package") else { throw unexpected("package") }
        advance()
        let pkg = try dottedPath(allowStrings: true)
        var imports: [Import] = []
        var rules: [Rule] = []
        while true {
            skipNewlines()
            if kind == .eof { break }
            if kind == .semicolon { throw error("unexpected ; token") }
            if isKeyword("import") {
                imports.append(try importStatement())
            } else if isKeyword("package") {
                throw error("unexpected package keyword: one package per module")
            } else {
                rules.append(try rule())
            }
        }
        return Module(file: file, package: pkg, imports: imports, rules: rules, location: start)
    }

    /// `a.b.c` or `a["b"].c` (package names).
    mutating func dottedPath(allowStrings: Bool) throws(PolicyError) -> [String] {
        var parts = [try identifier()]
        while true {
            if kind == .dot, !current.spaceBefore {
                advance()
                parts.append(try identifier())
            } else if kind == .leftBracket, allowStrings, !current.spaceBefore {
                advance()
                guard case .string(let s) = kind else { throw unexpected("string") }
                advance()
                try expect(.rightBracket, "]")
                parts.append(s)
            } else {
                return parts
            }
        }
    }

    mutating func importStatement() throws(PolicyError) -> Import {
        let at = current.location
        advance()
        skipNewlines()
        let path = try dottedPath(allowStrings: true)
        guard let root = path.first, ["data", "input", "future", "rego"].contains(root) else {
            throw error("invalid path \(path.joined(separator: ".")): path must begin with input or data", at: at)
        }
        // The import is read whole and kept; OPA records these and parses on.
        if root == "future", path.count < 2 || path[1] != "keywords" {
            parseErrors.append(error("invalid import \(path.joined(separator: ".")), must be future.keywords", at: at))
        }
        if root == "rego", path != ["rego", "v1"] {
            parseErrors.append(error("invalid import \(path.joined(separator: ".")), must be rego.v1", at: at))
        }
        var alias = path.last!
        if isKeyword("as") {
            advance()
            alias = try identifier()
            if root == "future" || root == "rego" {
                parseErrors.append(error("\(path.joined(separator: ".")) imports cannot be aliased", at: at))
            }
        }
        return Import(path: path, alias: alias, location: at)
    }
}
