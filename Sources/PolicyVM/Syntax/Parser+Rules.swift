// Parser, rules: heads (complete, partial set, partial object, function, rule-head
// refs with keys of any type), defaults, bodies after `if`, `else` chains, and the
// top-level statements that are not rules, with OPA's parse errors. A statement with
// neither `if` nor `contains` is one OPA parses as an expression (`p := 1`, `f(1, x)`)
// and turns into a rule afterwards; the forms it refuses keep its messages.

/// A rule head as written, before its kind is decided.
struct RuleHead {
    /// The leading string steps: `["a", "b"]` for `a.b[k]`.
    var path: [String]
    /// The steps from the first non-string key on (`[k]` for `a.b[k]`).
    var keys: [Term] = []
    /// The parenthesised arguments (nil: no parentheses).
    var arguments: [Term]?

    /// Ref length in OPA's terms: the name, then one element per step.
    var refLength: Int { path.count + keys.count }
    var dottedName: String { path.joined(separator: ".") }
}

extension Parser {
    mutating func rule() throws(PolicyError) -> Rule {
        let start = current.location
        if isKeyword("default") { return try defaultRule(start) }
        guard case .identifier(let first) = kind, !Parser.literalKeywords.contains(first) else {
            throw try notARule(start)
        }
        if Parser.keywords.contains(first) { throw error("unexpected \(first) keyword", at: start) }
        let head = try ruleHead()
        var value: Term?
        var element: Term?
        var isAssignment = false
        if isKeyword("contains") {
            if head.arguments != nil {
                throw error("unexpected contains keyword: the contains keyword can only be used with multi-value rule definitions (e.g., \(head.dottedName) contains <VALUE> { ... })")
            }
            advance()
            skipNewlines()
            element = try expressionTerm()
        } else if kind == .assign || kind == .unify {
            isAssignment = kind == .assign
            advance()
            skipNewlines()
            value = try expressionTerm()
        }
        var body: [Literal]?
        if isKeyword("if") {
            advance()
            body = try ruleBody()
        } else if kind == .leftBrace {
            // OPA's v0 grammar reads the block as the body; its v1 check refuses it later.
            let what = head.arguments == nil ? "rule" : "function"
            ruleSyntaxErrors.append(error("`if` keyword is required before \(what) body", at: current.location))
            body = try block()
            if value == nil, element == nil, head.arguments == nil, head.path.count == 1, head.keys.count == 1 {
                ruleSyntaxErrors.append(error("`contains` keyword is required for partial set rules", at: start))
            }
        }
        if body == nil && element == nil {
            value = try valueOfExpressionStatement(head, value, start)
        }
        var rule = Rule(kind: .complete, path: head.path, isDefault: false, arguments: head.arguments ?? [],
                        key: head.keys.first, value: value ?? Term(.scalar(.true), start), isAssignment: isAssignment,
                        body: body ?? [], elseBranches: [], location: start)
        rule.nestedKeys = Array(head.keys.dropFirst())
        if let element {
            if head.keys.isEmpty {
                rule.kind = .partialSet
                rule.key = element
            } else {
                rule.kind = .partialObject
                rule.isMultiValueEntry = true
                rule.value = element
            }
        } else if let arguments = head.arguments, !arguments.isEmpty {
            rule.kind = .function
        } else if !head.keys.isEmpty {
            rule.kind = .partialObject
        }
        if body != nil { rule.elseBranches = try elseBranches(rule) }
        return rule
    }

    /// `true`, `false`, `null`, `not`, `some` and `every` start expressions, not rules.
    static let literalKeywords: Set<String> = ["true", "false", "null", "not", "some", "every"]

    /// The name and the steps of a head: `.name`, `["string"]`, `[key]`, then `(args)`.
    mutating func ruleHead() throws(PolicyError) -> RuleHead {
        var head = RuleHead(path: [try identifier()])
        while !current.spaceBefore {
            if kind == .dot {
                advance()
                let at = current.location
                let name = try identifier()
                if head.keys.isEmpty { head.path.append(name) } else { head.keys.append(Term(.scalar(.string(name)), at)) }
            } else if kind == .leftBracket {
                advance()
                skipNewlines()
                let t = try expressionTerm()
                skipNewlines()
                try expect(.rightBracket, "]")
                if head.keys.isEmpty, case .scalar(.string(let s)) = t.kind { head.path.append(s) } else { head.keys.append(t) }
            } else if kind == .leftParen, head.keys.isEmpty {
                // Arguments are full expressions here (`f(-1)`); the compiler refuses calls.
                head.arguments = try argumentList()
                return head
            } else {
                break
            }
        }
        return head
    }

    /// A head with neither `if` nor `contains`: OPA's expression statement. A function
    /// head alone (`f(1, x)`) is true for those arguments; `;` or `with` after it, and
    /// the heads OPA cannot read as rules, are errors. Returns the rule's value.
    mutating func valueOfExpressionStatement(_ head: RuleHead, _ value: Term?, _ start: SourceLocation) throws(PolicyError) -> Term {
        if isKeyword("with") { throw error("expressions using with keyword cannot be used for rule head", at: start) }
        if kind == .semicolon { throw error("multiple expressions cannot be used for rule head", at: start) }
        if let value { return value }
        // The statement is read whole: OPA records why it is no rule and parses on.
        if let arguments = head.arguments {
            if arguments.isEmpty { statementErrors.append(error("rule argument list must take at least one argument", at: start)) }
        } else if head.refLength == 1 {
            statementErrors.append(error("var cannot be used for rule name", at: start))
        } else if head.refLength == 2 {
            ruleSyntaxErrors.append(error("`contains` keyword is required for partial set rules", at: start))
        } else {
            ruleSyntaxErrors.append(error("rule must have value assignment and/or body declaration", at: start))
        }
        return Term(.scalar(.true), start)
    }

    /// After `if`: a single literal, or a braced body. `{` starts an expression first
    /// (`v := a if {"k": a} := input.x`); only when that fails, or gives a set literal
    /// (never false, so never meant as the whole body), is it a block (OPA's order).
    mutating func ruleBody() throws(PolicyError) -> [Literal] {
        skipNewlines()
        if kind == .leftBrace {
            let saved = (index, depth)
            if let literal = try? literal(), !literal.isSetLiteral { return [literal] }
            (index, depth) = saved
            return try block()
        }
        return [try literal()]
    }

    /// `{ literals }`.
    mutating func block() throws(PolicyError) -> [Literal] {
        let at = current.location
        try expect(.leftBrace, "{")
        let body = try bodyLiterals(until: .rightBrace)
        try expect(.rightBrace, "}")
        if body.isEmpty { throw error("found empty body", at: at) }
        return body
    }

    /// `else [:= value] [if body]`, repeated, possibly on the following lines.
    mutating func elseBranches(_ rule: Rule) throws(PolicyError) -> [ElseBranch] {
        var branches: [ElseBranch] = []
        while true {
            var look = 0
            while peekKind(look) == .newline { look += 1 }
            guard case .identifier("else") = peekKind(look) else { return branches }
            for _ in 0..<look { advance() }
            if !([rule.key].compactMap { $0 } + rule.nestedKeys).allSatisfy(\.isGround) {
                throw error("else keyword cannot be used on rules with variables in head")
            }
            if rule.kind == .partialSet || rule.isMultiValueEntry {
                throw error("else keyword cannot be used on multi-value rules")
            }
            let at = current.location
            advance()
            skipNewlines()
            var value = Term(.scalar(.true), at)
            if kind == .assign || kind == .unify {
                advance()
                skipNewlines()
                value = try expressionTerm()
            } else if !isKeyword("if") && kind != .leftBrace {
                throw unexpected("else value term or rule body")
            }
            var body: [Literal] = []
            if isKeyword("if") {
                advance()
                skipNewlines()
                // Unlike after a rule's own `if`, a `{` here always opens a block (OPA).
                body = kind == .leftBrace ? try block() : [try literal()]
            } else if kind == .leftBrace {
                ruleSyntaxErrors.append(error("`if` keyword is required before rule body", at: current.location))
                body = try block()
            }
            branches.append(ElseBranch(value: value, body: body, location: at))
        }
    }

    /// `default name[keys](args) [:= value]`: the value must be constant, the arguments
    /// distinct variables. Without a value it is `true` (OPA), except for `p[k]`.
    mutating func defaultRule(_ start: SourceLocation) throws(PolicyError) -> Rule {
        advance()
        skipNewlines()
        let head = try ruleHead()
        var value = Term(.scalar(.true), start)
        var isAssignment = false
        if kind == .assign || kind == .unify {
            isAssignment = kind == .assign
            advance()
            skipNewlines()
            value = try expressionTerm()
        } else if head.refLength == 2 && head.arguments == nil {
            throw error("illegal default rule (must have a value)", at: start)
        }
        try checkDefaultValue(value, rule: start)
        var seen: Set<String> = []
        for a in head.arguments ?? [] {
            guard let name = a.variableName else {
                throw error("illegal default rule (arguments cannot contain \(Parser.valueName(a)))", at: start)
            }
            if name != "_" && !seen.insert(name).inserted {
                throw error("illegal default rule (arguments cannot be repeated \(name))", at: start)
            }
        }
        var rule = Rule(kind: .complete, path: head.path, isDefault: true, arguments: head.arguments ?? [],
                        key: head.keys.first, value: value, isAssignment: isAssignment, body: [], elseBranches: [],
                        location: start)
        rule.nestedKeys = Array(head.keys.dropFirst())
        if let arguments = head.arguments, !arguments.isEmpty { rule.kind = .function } else if !head.keys.isEmpty { rule.kind = .partialObject }
        return rule
    }

    /// A default value must be a constant: no variables, references or calls outside
    /// comprehensions. The error names the rule's position, as OPA's does.
    func checkDefaultValue(_ t: Term, rule start: SourceLocation) throws(PolicyError) {
        switch t.kind {
        case .scalar, .arrayComprehension, .setComprehension, .objectComprehension: return
        case .variable: throw error("illegal default rule (value cannot contain var)", at: start)
        case .ref: throw error("illegal default rule (value cannot contain ref)", at: start)
        case .unaryMinus(let inner) where inner.scalarValue != nil: return
        case .call, .binary, .unaryMinus, .membership: throw error("illegal default rule (value cannot contain call)", at: start)
        case .array(let items), .set(let items):
            for i in items { try checkDefaultValue(i, rule: start) }
        case .object(let pairs):
            for p in pairs { try checkDefaultValue(p.key, rule: start); try checkDefaultValue(p.value, rule: start) }
        }
    }

    /// A statement that starts like an expression (`not p`, `1 == 2`, `[x] := y`): OPA
    /// parses it and refuses it as a rule head. Returns the error to throw.
    mutating func notARule(_ start: SourceLocation) throws(PolicyError) -> PolicyError {
        let literal = try literal()
        let reason: String
        if !literal.withModifiers.isEmpty {
            reason = "expressions using with keyword cannot be used for rule head"
        } else if literal.isNegated {
            reason = "negated expressions cannot be used for rule head"
        } else {
            switch literal.kind {
            case .someDeclaration, .someIn: reason = "'some' declarations cannot be used for rule head"
            case .every: reason = "expression cannot be used for rule head"
            case .assignment(let lhs, _), .unification(let lhs, _): reason = "\(Parser.valueName(lhs)) cannot be used for rule name"
            case .expression(let t):
                switch t.kind {
                case .call, .binary, .membership, .unaryMinus: reason = "rule name conflicts with built-in function"
                default: reason = "\(Parser.valueName(t)) cannot be used for rule name"
                }
            }
        }
        return error(reason, at: start)
    }

    /// OPA's name for the kind of a term's value, as its messages spell it.
    static func valueName(_ t: Term) -> String {
        switch t.kind {
        case .scalar(.null): return "null"
        case .scalar(.bool): return "boolean"
        case .scalar(.number): return "number"
        case .scalar: return "string"
        case .variable: return "var"
        case .ref: return "ref"
        case .array: return "array"
        case .set: return "set"
        case .object: return "object"
        case .arrayComprehension: return "arraycomprehension"
        case .setComprehension: return "setcomprehension"
        case .objectComprehension: return "objectcomprehension"
        case .call, .binary, .unaryMinus, .membership: return "call"
        }
    }
}

extension Literal {
    /// A bare set literal (`{x}`): what `if {` never means as a body.
    var isSetLiteral: Bool {
        guard !isNegated, withModifiers.isEmpty, case .expression(let t) = kind, case .set = t.kind else { return false }
        return true
    }
}

extension Term {
    /// No variables, references or calls anywhere: a value known when parsing.
    var isGround: Bool {
        switch kind {
        case .scalar: return true
        case .array(let items), .set(let items): return items.allSatisfy(\.isGround)
        case .object(let pairs): return pairs.allSatisfy { $0.key.isGround && $0.value.isGround }
        case .unaryMinus(let inner): return inner.isGround
        default: return false
        }
    }
}
