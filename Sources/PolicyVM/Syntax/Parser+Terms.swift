// Parser, terms and literals: body expressions (`not`, `some`, `every`, `:=`, `=`,
// `with`), infix operators with Rego's precedence (lowest first: `in`, comparison, `|`,
// `&`, `+ -`, `* / %`, unary minus), references, calls, composites and comprehensions.
// As in OPA, a line break is only whitespace where an expression cannot end (after
// `not`, `some`, `with`, `as`, an operator...); where one can, it separates literals.

extension Parser {
    /// Literals separated by line breaks or `;`, up to (not including) `end`. A `;` must
    /// be followed by a literal (`{ a; }` and `{ a;; b }` are errors in OPA).
    mutating func bodyLiterals(until end: TokenKind) throws(PolicyError) -> [Literal] {
        var literals: [Literal] = []
        skipNewlines()
        if kind == end { return literals }
        while true {
            if kind == .eof { throw unexpected(end.description) }
            literals.append(try literal())
            switch kind {
            case .semicolon:
                advance()
                skipNewlines()
            case .newline:
                skipNewlines()
                if kind == end { return literals }
            default:
                if kind == end { return literals }
                throw unexpected("newline, ; or \(end.description)")
            }
        }
    }

    mutating func literal() throws(PolicyError) -> Literal {
        let at = current.location
        try enter()
        defer { leave() }
        if isKeyword("some") { return try withModifiers(try someLiteral(at)) }
        if isKeyword("every") { return try withModifiers(try everyLiteral(at)) }
        var negated = false
        if isKeyword("not") {
            advance()
            skipNewlines()
            negated = true
        }
        let lhs = try membershipTerm(allowPair: true)
        var k: Literal.Kind = .expression(lhs)
        continueAcrossNewlines { $0 == .assign || $0 == .unify }
        if kind == .assign || kind == .unify {
            let isAssign = kind == .assign
            advance()
            skipNewlines()
            let rhs = try expressionTerm()
            k = isAssign ? .assignment(lhs, rhs) : .unification(lhs, rhs)
        }
        return try withModifiers(Literal(kind: k, isNegated: negated, withModifiers: [], location: at))
    }

    mutating func withModifiers(_ literal: Literal) throws(PolicyError) -> Literal {
        var lit = literal
        continueAcrossNewlines { $0 == .identifier("with") }
        while isKeyword("with") {
            let at = current.location
            advance()
            skipNewlines()
            // A target is a reference; OPA's keywords, `contains` included, are none.
            if isKeyword("contains") { throw error("unexpected contains keyword: expected ident") }
            let target = try term()
            continueAcrossNewlines { $0 == .identifier("as") }
            guard isKeyword("as") else { throw unexpected("as") }
            advance()
            skipNewlines()
            let value = try expressionTerm()
            lit.withModifiers.append(WithModifier(target: target, value: value, location: at))
            continueAcrossNewlines { $0 == .identifier("with") }
        }
        return lit
    }

    mutating func someLiteral(_ at: SourceLocation) throws(PolicyError) -> Literal {
        advance()
        skipNewlines()
        var terms = [try relation(allowPipe: true)]
        while kind == .comma {
            advance()
            skipNewlines()
            terms.append(try relation(allowPipe: true))
        }
        continueAcrossNewlines { $0 == .identifier("in") }
        if isKeyword("in") {
            advance()
            skipNewlines()
            guard terms.count <= 2 else { throw error("unexpected , in some declaration", at: at) }
            let collection = try relation(allowPipe: true)
            let key = terms.count == 2 ? terms[0] : nil
            return Literal(kind: .someIn(key: key, value: terms.last!, collection: collection),
                           isNegated: false, withModifiers: [], location: at)
        }
        for t in terms where t.variableName == nil {
            throw PolicyError(.parse, "expected var in some declaration", at: t.location)
        }
        return Literal(kind: .someDeclaration(terms), isNegated: false, withModifiers: [], location: at)
    }

    mutating func everyLiteral(_ at: SourceLocation) throws(PolicyError) -> Literal {
        advance()
        skipNewlines()
        let first = try relation(allowPipe: true)
        var key: Term?
        var value = first
        if kind == .comma {
            advance()
            skipNewlines()
            key = first
            value = try relation(allowPipe: true)
        }
        skipNewlines()
        guard isKeyword("in") else { throw unexpected("in") }
        advance()
        skipNewlines()
        let collection = try relation(allowPipe: true)
        skipNewlines()
        guard kind == .leftBrace else { throw unexpected("{") }
        advance()
        let body = try bodyLiterals(until: .rightBrace)
        try expect(.rightBrace, "}")
        for v in [key, value].compactMap({ $0 }) where v.variableName == nil {
            throw PolicyError(.parse, "unexpected term in every: expected variable", at: v.location)
        }
        return Literal(kind: .every(key: key, value: value, collection: collection, body: body),
                       isNegated: false, withModifiers: [], location: at)
    }

    /// A full expression, `x in xs` and `k, v in xs` included (OPA reads a pair wherever
    /// an expression stands alone: after `:=`, in a head, between brackets).
    mutating func expressionTerm() throws(PolicyError) -> Term {
        try membershipTerm(allowPair: true)
    }

    /// An element of a list (array, set, object, call arguments): a `,` ends it, so no
    /// `k, v in xs` pair.
    mutating func listElement() throws(PolicyError) -> Term {
        try membershipTerm(allowPair: false)
    }

    /// `x in xs`, or at the start of a literal also `k, v in xs`. A `,` not followed by
    /// `v in` ends the term there (OPA backs up the same way): `{{1} | {2}, {3}}`.
    mutating func membershipTerm(allowPair: Bool, allowPipe: Bool = true) throws(PolicyError) -> Term {
        var lhs = try relation(allowPipe: allowPipe)
        if allowPair, kind == .comma {
            let beforeComma = (index, depth)
            advance()
            if let value = try? relation(allowPipe: allowPipe), isKeyword("in") {
                advance()
                let collection = try relation(allowPipe: allowPipe)
                lhs = Term(.membership(key: lhs, value: value, collection: collection), lhs.location)
            } else {
                (index, depth) = beforeComma
            }
        }
        continueAcrossNewlines { $0 == .identifier("in") }
        while isKeyword("in") {
            advance()
            skipNewlines()
            let collection = try relation(allowPipe: allowPipe)
            lhs = Term(.membership(key: nil, value: lhs, collection: collection), lhs.location)
        }
        return lhs
    }

    mutating func relation(allowPipe: Bool) throws(PolicyError) -> Term {
        var lhs = try unionTerm(allowPipe: allowPipe)
        continueAcrossNewlines { [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains($0) }
        while let op = comparisonOperator() {
            advance()
            skipNewlines()
            let rhs = try unionTerm(allowPipe: allowPipe)
            lhs = Term(.binary(op, lhs, rhs), lhs.location)
            continueAcrossNewlines { [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains($0) }
        }
        return lhs
    }

    func comparisonOperator() -> BinaryOperator? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        default: return nil
        }
    }

    mutating func unionTerm(allowPipe: Bool) throws(PolicyError) -> Term {
        var lhs = try intersectionTerm()
        if allowPipe { continueAcrossNewlines { $0 == .pipe } }
        while allowPipe, kind == .pipe {
            advance()
            skipNewlines()
            lhs = Term(.binary(.union, lhs, try intersectionTerm()), lhs.location)
            continueAcrossNewlines { $0 == .pipe }
        }
        return lhs
    }

    mutating func intersectionTerm() throws(PolicyError) -> Term {
        var lhs = try arithmeticTerm()
        continueAcrossNewlines { $0 == .ampersand }
        while kind == .ampersand {
            advance()
            skipNewlines()
            lhs = Term(.binary(.intersection, lhs, try arithmeticTerm()), lhs.location)
            continueAcrossNewlines { $0 == .ampersand }
        }
        return lhs
    }

    mutating func arithmeticTerm() throws(PolicyError) -> Term {
        var lhs = try factorTerm()
        continueAcrossNewlines { $0 == .plus || $0 == .minus }
        while kind == .plus || kind == .minus {
            let op: BinaryOperator = kind == .plus ? .plus : .minus
            advance()
            skipNewlines()
            lhs = Term(.binary(op, lhs, try factorTerm()), lhs.location)
            continueAcrossNewlines { $0 == .plus || $0 == .minus }
        }
        return lhs
    }

    mutating func factorTerm() throws(PolicyError) -> Term {
        var lhs = try unaryTerm()
        while true {
            continueAcrossNewlines { $0 == .star || $0 == .slash || $0 == .percent }
            let op: BinaryOperator
            switch kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .percent: op = .remainder
            default: return lhs
            }
            advance()
            skipNewlines()
            lhs = Term(.binary(op, lhs, try unaryTerm()), lhs.location)
        }
    }

    mutating func unaryTerm() throws(PolicyError) -> Term {
        guard kind == .minus else { return try term() }
        let at = current.location
        advance()
        skipNewlines()
        switch kind {
        case .number(let n, _):
            advance()
            return try postfix(Term(.scalar(.number(n.negatedLiteral)), at))
        case .identifier(let name) where name == "contains" || !Parser.keywords.contains(name):
            // OPA's grammar: a minus before a name is minus(0, the ref or call it starts);
            // before anything else (`-(1)`, `-[1][0]`, `-"a"`, `-true`) it must be a number.
            return Term(.unaryMinus(try term()), at)
        case .identifier(let name):
            throw error("unexpected \(name) keyword: expected number")
        case .minus:
            throw error("unexpected minus token: expected number")
        default:
            throw unexpected("number")
        }
    }
}
