// Parser, primary terms: scalars, variables, references (`a.b[c]`), calls (`f(x)`,
// `object.get(...)`), parenthesised expressions, arrays, sets, objects, `set()` and
// the three comprehensions. Composites follow OPA's disambiguation: a bare first term
// followed by `|` is tried as a comprehension, and when its body fails at a `,` the
// composite is read again as a list (`{{1} | {2}, {3}}` is a set of two sets).

extension Parser {
    /// A primary term with its reference and call suffixes. Remembered by position, so
    /// backing up and reading the same tokens again costs nothing (see `parsedTerms`).
    mutating func term() throws(PolicyError) -> Term {
        let start = index
        if let parsed = parsedTerms[start] {
            index = parsed.end
            return parsed.term
        }
        let t = try uncachedTerm()
        parsedTerms[start] = (index, t)
        return t
    }

    private mutating func uncachedTerm() throws(PolicyError) -> Term {
        try enter()
        defer { leave() }
        let at = current.location
        switch kind {
        case .number(let n, _):
            advance()
            return try postfix(Term(.scalar(.number(n)), at))
        case .string(let s), .rawString(let s):
            advance()
            return try postfix(Term(.scalar(.string(s)), at))
        case .identifier(let name):
            switch name {
            case "true": advance(); return try postfix(Term(.scalar(.true), at))
            case "false": advance(); return try postfix(Term(.scalar(.false), at))
            case "null": advance(); return try postfix(Term(.scalar(.null), at))
            case "set" where peekKind(1) == .leftParen && peekKind(2) == .rightParen:
                advance(); advance(); advance()
                return Term(.set([]), at)
            default:
                // `contains` is also a builtin's name: where a term is expected OPA reads
                // it as a name (a call, a `with` value, or an unsafe variable).
                if Parser.keywords.contains(name) && name != "contains" { throw error("unexpected \(name) keyword") }
                advance()
                return try postfix(Term(.variable(name), at))
            }
        case .leftParen:
            advance()
            skipNewlines()
            let inner = try expressionTerm()
            skipNewlines()
            try expect(.rightParen, ")")
            // OPA: a parenthesized ref is a ref term, which cannot start another (`(input)[0]`).
            if startsRefStep, inner.isRefTerm { throw error("illegal ref (head cannot be ref)", at: inner.location) }
            return try postfix(inner)
        case .leftBracket:
            return try postfix(try arrayOrComprehension())
        case .leftBrace:
            return try postfix(try braced())
        default:
            throw unexpected("term")
        }
    }

    /// `.name`, `[key]` and `(args)` directly after a term (no space before them).
    mutating func postfix(_ base: Term) throws(PolicyError) -> Term {
        // OPA's refs start at a name, a collection, a comprehension or a call; a scalar
        // followed by `.x`, `[k]` or `(…)` is a parse error (`"abc"[1]`, `1[0]`, `true[0]`).
        if startsRefStep, case .scalar(let v) = base.kind {
            throw error("illegal ref (head cannot be \(v.typeName))", at: base.location)
        }
        var t = base
        while !current.spaceBefore {
            switch kind {
            case .dot:
                advance()
                let at = current.location
                guard case .identifier(let name) = kind else { throw unexpected("identifier") }
                advance()
                t = appendStep(t, Term(.scalar(.string(name)), at))
            case .leftBracket:
                advance()
                skipNewlines()
                let key = try expressionTerm()
                skipNewlines()
                try expect(.rightBracket, "]")
                t = appendStep(t, key)
            case .leftParen:
                guard let name = t.dottedName else { throw error("illegal call target", at: t.location) }
                t = Term(.call(name, try argumentList()), t.location)
            case .number(_, let text) where text.hasPrefix("."):
                // The lexer read `.5` as a number; after a term it is a ref step, and a
                // number cannot name one (OPA reports the digits after the dot).
                let dot = current.location
                let at = SourceLocation(file: dot.file, line: dot.line, column: dot.column + 1)
                throw error("unexpected number token: expected identifier", at: at)
            default:
                return t
            }
        }
        return t
    }

    /// Whether the next token continues the term before it as a ref or call (no space between).
    var startsRefStep: Bool {
        guard !current.spaceBefore else { return false }
        switch kind {
        case .dot, .leftBracket, .leftParen: return true
        case .number(_, let text): return text.hasPrefix(".")
        default: return false
        }
    }

    /// `(a, b, …)` of a call or a function head, at the `(` (a trailing comma is fine).
    mutating func argumentList() throws(PolicyError) -> [Term] {
        try expect(.leftParen, "(")
        skipNewlines()
        var arguments: [Term] = []
        while kind != .rightParen {
            arguments.append(try listElement())
            skipNewlines()
            if kind == .comma { advance(); skipNewlines() } else if kind != .rightParen { throw unexpected(", or )") }
        }
        advance()
        return arguments
    }

    func appendStep(_ t: Term, _ step: Term) -> Term {
        if case .ref(let head, let path) = t.kind { return Term(.ref(head, path + [step]), t.location) }
        return Term(.ref(t, [step]), t.location)
    }

    /// A single term with no infix operator (a negative number literal included): what
    /// decides whether a composite is a comprehension.
    mutating func bareTerm() throws(PolicyError) -> Term {
        kind == .minus ? try unaryTerm() : try term()
    }

    /// `[]`, `[a, b]`, `[head | body]`. Like OPA: the first element is read as a bare
    /// term, and `[x | …]` with a bare head is a comprehension (`[1 | 1]` too); when
    /// that body fails at a `,`, or the first element is longer (`[a - b | c]`), the
    /// whole is a list of expressions (so `|` is set union there). A leading comma
    /// (`[, 1]`) is accepted and rules out a comprehension, as in OPA.
    mutating func arrayOrComprehension() throws(PolicyError) -> Term {
        let at = current.location
        advance()
        skipNewlines()
        if kind == .rightBracket { advance(); return Term(.array([]), at) }
        let mayBeComprehension = !skipLeadingComma()
        let listStart = (index, depth)
        let head = try bareTerm()
        skipNewlines()
        if kind == .pipe && mayBeComprehension {
            advance()
            if let body = try comprehensionBody(until: .rightBracket) { return Term(.arrayComprehension(head, body), at) }
            (index, depth) = listStart
        } else if kind == .rightBracket || kind == .comma {
            return Term(.array(try restOfList(head, closing: .rightBracket)), at)
        } else {
            (index, depth) = listStart
        }
        return Term(.array(try restOfList(try listElement(), closing: .rightBracket)), at)
    }

    /// Skips a comma right after an opening bracket; true when there was one.
    private mutating func skipLeadingComma() -> Bool {
        guard kind == .comma else { return false }
        advance()
        skipNewlines()
        return true
    }

    /// A comprehension's body after `|`, through its closing token; nil (the composite
    /// is a list after all) when the body fails at a `,`, as OPA falls back.
    private mutating func comprehensionBody(until closing: TokenKind) throws(PolicyError) -> [Literal]? {
        do throws(PolicyError) {
            let at = current.location
            let body = try bodyLiterals(until: closing)
            if body.isEmpty { throw self.error("found empty body", at: at) }
            try expect(closing, closing.description)
            return body
        } catch {
            if kind == .comma { return nil }
            throw error
        }
    }

    /// The elements after the first, up to the closing token (a trailing comma is fine).
    mutating func restOfList(_ first: Term, closing: TokenKind) throws(PolicyError) -> [Term] {
        var items = [first]
        while true {
            skipNewlines()
            if kind == closing { advance(); return items }
            try expect(.comma, ", or \(closing.description)")
            skipNewlines()
            if kind == closing { advance(); return items }
            items.append(try listElement())
        }
    }

    /// `{}` (empty object), `{k: v, ...}`, `{a, b}`, and set/object comprehensions,
    /// disambiguated as arrays are (see `arrayOrComprehension`).
    mutating func braced() throws(PolicyError) -> Term {
        let at = current.location
        advance()
        skipNewlines()
        if kind == .rightBrace { advance(); return Term(.object([]), at) }
        let mayBeComprehension = !skipLeadingComma()
        let listStart = (index, depth)
        var first = try bareTerm()
        skipNewlines()
        switch kind {
        case .pipe where mayBeComprehension:
            advance()
            if let body = try comprehensionBody(until: .rightBrace) { return Term(.setComprehension(first, body), at) }
            (index, depth) = listStart
            return Term(.set(Term.uniqueElements(try restOfList(try listElement(), closing: .rightBrace))), at)
        case .rightBrace, .comma:
            return Term(.set(Term.uniqueElements(try restOfList(first, closing: .rightBrace))), at)
        case .colon:
            return try object(first, mayBeComprehension: mayBeComprehension, at: at)
        default:
            (index, depth) = listStart
            first = try listElement()
            skipNewlines()
            switch kind {
            case .rightBrace, .comma: return Term(.set(Term.uniqueElements(try restOfList(first, closing: .rightBrace))), at)
            case .colon: return try object(first, mayBeComprehension: mayBeComprehension, at: at)
            default: throw unexpected(", or }")
            }
        }
    }

    /// An object (or object comprehension) after its first key, at the `:`. The first
    /// value is read as a bare term for `{k: v | …}`; otherwise, or when that body fails,
    /// as an expression.
    private mutating func object(_ key: Term, mayBeComprehension: Bool, at: SourceLocation) throws(PolicyError) -> Term {
        try expect(.colon, ":")
        skipNewlines()
        let valueStart = (index, depth)
        var value = try bareTerm()
        skipNewlines()
        if kind == .pipe && mayBeComprehension {
            advance()
            if let body = try comprehensionBody(until: .rightBrace) {
                return Term(.objectComprehension(key: key, value: value, body), at)
            }
            (index, depth) = valueStart
            value = try listElement()
            skipNewlines()
        } else if kind != .rightBrace && kind != .comma {
            (index, depth) = valueStart
            value = try listElement()
            skipNewlines()
        }
        var pairs = [(key: key, value: value)]
        while true {
            skipNewlines()
            if kind == .rightBrace { advance(); break }
            try expect(.comma, ", or }")
            skipNewlines()
            if kind == .rightBrace { advance(); break }
            let k = try listElement()
            skipNewlines()
            try expect(.colon, ":")
            skipNewlines()
            pairs.append((key: k, value: try listElement()))
        }
        return Term(.object(Term.uniqueKeys(pairs)), at)
    }
}
