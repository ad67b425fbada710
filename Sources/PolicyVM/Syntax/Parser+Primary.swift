// Parser, primary terms: scalars, variables, references (`a.b[c]`), calls (`f(x)`,
// `object.get(...)`), parenthesised expressions, arrays, sets, objects, `set()` and
// the three comprehensions.

extension Parser {
    /// A primary term with its reference and call suffixes.
    mutating func term() throws(PolicyError) -> Term {
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
            case "true": advance(); return Term(.scalar(.true), at)
            case "false": advance(); return Term(.scalar(.false), at)
            case "null": advance(); return Term(.scalar(.null), at)
            case "set" where peekKind(1) == .leftParen && peekKind(2) == .rightParen:
                advance(); advance(); advance()
                return Term(.set([]), at)
            default:
                // `contains` is also a builtin: followed by `(` it names the call.
                let isCall = name == "contains" && peekKind(1) == .leftParen
                if Parser.keywords.contains(name) && !isCall { throw error("unexpected \(name) keyword") }
                advance()
                return try postfix(Term(.variable(name), at))
            }
        case .leftParen:
            advance()
            skipNewlines()
            let inner = try membershipTerm(allowPair: false)
            skipNewlines()
            try expect(.rightParen, ")")
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
                let key = try membershipTerm(allowPair: false)
                skipNewlines()
                try expect(.rightBracket, "]")
                t = appendStep(t, key)
            case .leftParen:
                guard let name = callName(t) else { throw error("illegal call target", at: t.location) }
                advance()
                skipNewlines()
                var args: [Term] = []
                while kind != .rightParen {
                    args.append(try expressionTerm())
                    skipNewlines()
                    if kind == .comma { advance(); skipNewlines() } else if kind != .rightParen { throw unexpected(", or )") }
                }
                advance()
                t = Term(.call(name, args), t.location)
            default:
                return t
            }
        }
        return t
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

    /// The dotted name of a call target: `f`, `object.get`, `data.lib.f`.
    func callName(_ t: Term) -> [String]? {
        switch t.kind {
        case .variable(let n): return [n]
        case .ref(let head, let path):
            guard let root = head.variableName else { return nil }
            var name = [root]
            for step in path {
                guard case .scalar(.string(let s)) = step.kind else { return nil }
                name.append(s)
            }
            return name
        default: return nil
        }
    }

    /// Like OPA: the first element is read as a bare term first, and `[x | …]` with a bare
    /// head is a comprehension (`[1 | 1]` too); anything longer (`[a - b | c]`) is an
    /// expression, so the `|` there is set union.
    mutating func arrayOrComprehension() throws(PolicyError) -> Term {
        let at = current.location
        advance()
        skipNewlines()
        if kind == .rightBracket { advance(); return Term(.array([]), at) }
        let saved = (index, depth)
        let head = try bareTerm()
        skipNewlines()
        if kind == .pipe {
            advance()
            let body = try bodyLiterals(until: .rightBracket)
            try expect(.rightBracket, "]")
            return Term(.arrayComprehension(head, body), at)
        }
        if kind != .rightBracket && kind != .comma {
            (index, depth) = saved
        }
        let first = kind == .rightBracket || kind == .comma ? head : try expressionTerm()
        let items = try restOfList(first, closing: .rightBracket)
        return Term(.array(items), at)
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
            items.append(try expressionTerm())
        }
    }

    /// `{}` (empty object), `{k: v, ...}`, `{a, b}`, and set/object comprehensions.
    mutating func braced() throws(PolicyError) -> Term {
        let at = current.location
        advance()
        skipNewlines()
        if kind == .rightBrace { advance(); return Term(.object([]), at) }
        // As for arrays: a bare first term decides comprehensions, else an expression.
        let saved = (index, depth)
        var first = try bareTerm()
        skipNewlines()
        if kind != .pipe && kind != .colon && kind != .comma && kind != .rightBrace {
            (index, depth) = saved
            first = try expressionTerm()
            skipNewlines()
        }
        if kind == .colon {
            advance()
            skipNewlines()
            let valueStart = (index, depth)
            var value = try bareTerm()
            skipNewlines()
            if kind != .pipe && kind != .comma && kind != .rightBrace {
                (index, depth) = valueStart
                value = try expressionTerm()
                skipNewlines()
            }
            if kind == .pipe {
                advance()
                let body = try bodyLiterals(until: .rightBrace)
                try expect(.rightBrace, "}")
                return Term(.objectComprehension(key: first, value: value, body), at)
            }
            var pairs = [(key: first, value: value)]
            while true {
                skipNewlines()
                if kind == .rightBrace { advance(); break }
                try expect(.comma, ", or }")
                skipNewlines()
                if kind == .rightBrace { advance(); break }
                let k = try expressionTerm()
                skipNewlines()
                try expect(.colon, ":")
                skipNewlines()
                pairs.append((key: k, value: try expressionTerm()))
            }
            return Term(.object(pairs), at)
        }
        if kind == .pipe {
            advance()
            let body = try bodyLiterals(until: .rightBrace)
            try expect(.rightBrace, "}")
            return Term(.setComprehension(first, body), at)
        }
        return Term(.set(try restOfList(first, closing: .rightBrace)), at)
    }
}
