// SyntaxExtent: which tokens a term, a body literal or a rule was written with — the
// first and the last, grouping parentheses included — read from the AST (where each
// node starts) and the token stream (where brackets close). OPA's formatter reads a
// node's text and its last row to lay it out; these give the same.
// Invariant: an extent's first and last tokens enclose every token of the node.

/// The tokens of one node: `first...last`, and how many pairs of grouping
/// parentheses were written around it (`((x))` is 2).
struct TokenExtent {
    var first: Int
    var last: Int
    var parentheses = 0
}

extension FormatSource {
    /// The tokens of a term, with the grouping parentheses written around it.
    func extent(of t: Term) -> TokenExtent {
        var e = bareExtent(of: t)
        // Parentheses that enclose exactly this term belong to it.
        while true {
            let before = previous(before: e.first), after = next(after: e.last)
            guard before >= 0, isGroupingParen(before), tokens[after].kind == .rightParen,
                  partner(of: before) == after else { break }
            e = TokenExtent(first: before, last: after, parentheses: e.parentheses + 1)
        }
        return e
    }

    func bareExtent(of t: Term) -> TokenExtent {
        let start = token(at: t.location)
        switch t.kind {
        case .scalar:
            // A negative number is written `-` then the number.
            if tokens[start].kind == .minus { return TokenExtent(first: start, last: next(after: start)) }
            return TokenExtent(first: start, last: start)
        case .variable:
            return TokenExtent(first: start, last: start)
        case .ref(let head, let steps):
            let first = extent(of: head).first
            guard let step = steps.last else { return TokenExtent(first: first, last: extent(of: head).last) }
            return TokenExtent(first: first, last: stepEnd(step))
        case .call:
            // The name's tokens, then the argument list's parentheses.
            var i = start
            while i < tokens.count - 1, !(tokens[i].kind == .leftParen && !tokens[i].spaceBefore && i > start) { i += 1 }
            return TokenExtent(first: start, last: partner(of: i) ?? i)
        case .binary(_, let lhs, let rhs):
            return TokenExtent(first: extent(of: lhs).first, last: extent(of: rhs).last)
        case .unaryMinus(let operand):
            return TokenExtent(first: start, last: extent(of: operand).last)
        case .membership(let key, let value, let collection):
            return TokenExtent(first: extent(of: key ?? value).first, last: extent(of: collection).last)
        case .set(let items) where items.isEmpty && tokens[start].kind == .identifier("set"):
            return TokenExtent(first: start, last: partner(of: start + 1) ?? start)
        case .array, .set, .object, .arrayComprehension, .setComprehension, .objectComprehension:
            return TokenExtent(first: start, last: partner(of: start) ?? start)
        }
    }

    /// The last token of a reference step: its name (`.b`) or its closing `]`.
    private func stepEnd(_ step: Term) -> Int {
        let start = token(at: step.location)
        if isDottedStep(step) { return start }
        return next(after: extent(of: step).last)
    }

    /// True when a reference step was written `.name` (not `["name"]`).
    func isDottedStep(_ step: Term) -> Bool {
        let start = token(at: step.location)
        guard case .identifier = tokens[start].kind, start > 0 else { return false }
        return tokens[start - 1].kind == .dot
    }

    /// The tokens of a body literal, `with` modifiers included.
    func extent(of literal: Literal) -> TokenExtent {
        let first = token(at: literal.location)
        if let with = literal.withModifiers.last { return TokenExtent(first: first, last: extent(of: with.value).last) }
        return TokenExtent(first: first, last: termsEnd(of: literal))
    }

    /// The last token of a literal before its `with` modifiers.
    func termsEnd(of literal: Literal) -> Int {
        switch literal.kind {
        case .expression(let t): return extent(of: t).last
        case .assignment(_, let rhs), .unification(_, let rhs): return extent(of: rhs).last
        case .someDeclaration(let vars): return vars.last.map { extent(of: $0).last } ?? token(at: literal.location)
        case .someIn(_, _, let collection): return extent(of: collection).last
        case .every(_, _, let collection, _):
            let brace = next(after: extent(of: collection).last)
            return partner(of: brace) ?? brace
        }
    }

    /// The first `if` keyword of a rule (or an else branch) between two tokens, if any.
    func ifKeyword(from first: Int, through last: Int) -> Int? {
        var depth = 0
        var i = first
        while i <= last, i < tokens.count {
            switch tokens[i].kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth -= 1
            case .identifier("if") where depth == 0 && (i == 0 || tokens[i - 1].kind != .dot): return i
            default: break
            }
            i += 1
        }
        return nil
    }
}
