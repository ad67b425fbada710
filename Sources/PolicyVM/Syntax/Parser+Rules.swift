// Parser, rules: heads (complete, partial set, partial object, function, rule-head
// refs), defaults, bodies after `if`, and `else` chains, with OPA's parse errors.

extension Parser {
    mutating func rule() throws(PolicyError) -> Rule {
        let start = current.location
        var isDefault = false
        if isKeyword("default") {
            isDefault = true
            advance()
        }
        let first = try identifier("identifier")
        if Parser.keywords.contains(first) { throw error("unexpected \(first) keyword", at: start) }
        var path = [first]
        var key: Term?
        var ruleKind = RuleKind.complete
        var arguments: [Term] = []
        // Head reference: a.b.c, a["b"], a[k] (a non-string key makes a partial object).
        var nestedKeys: [Term] = []
        while !current.spaceBefore {
            if kind == .dot {
                advance()
                let at = current.location
                let name = try identifier()
                if key == nil { path.append(name) } else { nestedKeys.append(Term(.scalar(.string(name)), at)) }
            } else if kind == .leftBracket {
                advance()
                skipNewlines()
                let t = try expressionTerm()
                skipNewlines()
                try expect(.rightBracket, "]")
                if key != nil {
                    nestedKeys.append(t)
                } else if case .scalar(.string(let s)) = t.kind {
                    path.append(s)
                } else {
                    key = t
                    ruleKind = .partialObject
                }
            } else {
                break
            }
        }
        if kind == .leftParen, !current.spaceBefore, key == nil {
            advance()
            skipNewlines()
            while kind != .rightParen {
                arguments.append(try term())
                skipNewlines()
                if kind == .comma { advance(); skipNewlines() } else if kind != .rightParen { throw unexpected(", or )") }
            }
            advance()
            // `f()` takes no arguments: it is a constant, like a complete rule.
            ruleKind = arguments.isEmpty ? .complete : .function
        }
        var value: Term?
        var isAssignment = false
        if isKeyword("contains") {
            guard ruleKind == .complete else { throw error("unexpected contains keyword") }
            advance()
            key = try expressionTerm()
            ruleKind = .partialSet
        }
        if ruleKind != .partialSet, kind == .assign || kind == .unify {
            isAssignment = kind == .assign
            advance()
            skipNewlines()
            value = try expressionTerm()
        }
        if isDefault {
            guard let v = value else { throw error("default rules must have a value", at: start) }
            try checkDefaultValue(v)
            if ruleKind == .partialSet || ruleKind == .partialObject {
                throw error("illegal default rule (must not have a key)", at: start)
            }
            return Rule(kind: ruleKind, path: path, isDefault: true, arguments: arguments, key: nil, value: v,
                        isAssignment: isAssignment, body: [], elseBranches: [], location: start)
        }
        if ruleKind == .partialObject, value == nil, !isKeyword("if") {
            throw error("`contains` keyword is required for partial set rules", at: start)
        }
        var body: [Literal] = []
        var hasBody = false
        if isKeyword("if") {
            advance()
            body = try ruleBody()
            hasBody = true
        } else if kind == .leftBrace {
            throw error("`if` keyword is required before rule body", at: current.location)
        }
        if value == nil && !hasBody && ruleKind != .partialSet {
            throw error("rule must have value assignment and/or body declaration", at: start)
        }
        var elses: [ElseBranch] = []
        while true {
            // `else` may follow on the next line.
            var look = 0
            while peekKind(look) == .newline { look += 1 }
            guard case .identifier("else") = peekKind(look) else { break }
            guard ruleKind == .function || ruleKind == .complete else {
                throw error("else keyword cannot be used on multi-value rules")
            }
            for _ in 0..<look { advance() }
            let at = current.location
            advance()
            var elseValue = Term(.scalar(.true), at)
            if kind == .assign || kind == .unify {
                advance()
                skipNewlines()
                elseValue = try expressionTerm()
            }
            var elseBody: [Literal] = []
            if isKeyword("if") {
                advance()
                elseBody = try ruleBody()
            } else if kind == .leftBrace {
                throw error("`if` keyword is required before rule body", at: current.location)
            }
            elses.append(ElseBranch(value: elseValue, body: elseBody, location: at))
        }
        let resolvedValue = value ?? Term(.scalar(.true), start)
        var rule = Rule(kind: ruleKind, path: path, isDefault: false, arguments: arguments, key: key, value: resolvedValue,
                        isAssignment: isAssignment, body: body, elseBranches: elses, location: start)
        rule.nestedKeys = nestedKeys
        return rule
    }

    /// After `if`: a braced body, or a single literal on the same line.
    mutating func ruleBody() throws(PolicyError) -> [Literal] {
        if kind == .leftBrace {
            let at = current.location
            advance()
            let body = try bodyLiterals(until: .rightBrace)
            try expect(.rightBrace, "}")
            if body.isEmpty { throw error("found empty body", at: at) }
            return body
        }
        return [try literal()]
    }

    /// A default value must be a constant: no variables, references or calls.
    func checkDefaultValue(_ t: Term) throws(PolicyError) {
        switch t.kind {
        case .scalar: return
        case .variable: throw PolicyError(.parse, "illegal default rule (value cannot contain var)", at: t.location)
        case .ref: throw PolicyError(.parse, "illegal default rule (value cannot contain ref)", at: t.location)
        case .call, .binary, .unaryMinus, .membership:
            if case .unaryMinus(let inner) = t.kind, inner.scalarValue != nil { return }
            throw PolicyError(.parse, "illegal default rule (value cannot contain call)", at: t.location)
        case .array(let items), .set(let items):
            for i in items { try checkDefaultValue(i) }
        case .object(let pairs):
            for p in pairs { try checkDefaultValue(p.key); try checkDefaultValue(p.value) }
        case .arrayComprehension, .setComprehension, .objectComprehension:
            return
        }
    }
}
