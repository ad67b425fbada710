// RegoFormatter, rules: heads (`p`, `a.b[x]`, `f(x)`, `p contains x`, `p["k"]`),
// `default`, the value after `:=` (left out where the parser made it up), the body
// after `if` (on the head's line when it was written there, else a block), and the
// `else` chain. OPA's choices kept here: a body of just `true` is no body (`p := 1 if
// true` is `p := 1`, `p if true` is `p := true`); one-line rules that were adjacent
// stay adjacent, other rules are apart by a blank line.

/// A rule head as OPA's AST sees it: a reference, arguments, the `contains` element,
/// and whether the parser's `Key` is set (which decides when a value is written).
struct HeadShape {
    let rule: Rule

    init(_ rule: Rule) { self.rule = rule }

    /// The head is `… contains x`.
    var isContains: Bool { rule.kind == .partialSet || rule.isMultiValueEntry }
    /// The reference's key terms after the string names (`[x]` of `p.q[x]`).
    var keyTerms: [Term] {
        if rule.kind == .partialSet { return [] }
        return [rule.key].compactMap { $0 } + rule.nestedKeys
    }
    var refLength: Int { rule.path.count + keyTerms.count }
    /// The element after `contains`.
    var element: Term? {
        if rule.kind == .partialSet { return rule.key }
        return rule.isMultiValueEntry ? rule.value : nil
    }
}

extension ModuleFormatter {
    /// A rule or one of its `else` branches, as written.
    struct RuleView {
        var isElse: Bool
        var value: Term?
        /// The value was not written: the parser's `true`.
        var isValueImplicit: Bool
        var body: [Literal]
        var location: SourceLocation
        /// The first and last tokens of this rule (an `else` branch: from its `else`),
        /// through the end of the chain.
        var first: Int
        var last: Int
        /// The branches after this one.
        var rest: [ElseBranch]
        /// OPA's parser set the head's Key (the element, or a one-key reference's key).
        var hasKey: Bool
        var hasArguments: Bool

        /// OPA reads a missing body, or a body of just `true`, as a constant.
        var isExpandedConstant: Bool {
            guard rest.isEmpty else { return false }
            if body.isEmpty { return true }
            guard body.count == 1, !body[0].isNegated, body[0].withModifiers.isEmpty,
                  case .expression(let t) = body[0].kind, case .scalar(.true) = t.kind else { return false }
            return true
        }
    }

    /// Rules apart by a blank line, except adjacent one-liners.
    mutating func writeRules(_ rules: [Rule]) {
        for (i, rule) in rules.enumerated() {
            place(before: rule.location.line)
            writeRule(view(of: rule, next: i + 1 < rules.count ? rules[i + 1] : nil), head: HeadShape(rule))
            if i < rules.count - 1, isGroupableOneLiner(rule), isGroupableOneLiner(rules[i + 1]),
               rules[i + 1].location.line == rule.location.line + 1 {
                continue
            }
            w.blankLine()
        }
    }

    func isGroupableOneLiner(_ rule: Rule) -> Bool { !rule.isDefault && rule.body.count <= 1 }

    func view(of rule: Rule, next: Rule?) -> RuleView {
        let first = source.token(at: rule.location)
        // A rule ends where the next statement starts.
        let nextStart = [next?.location, module.imports.map(\.location).filter {
            ($0.line, $0.column) > (rule.location.line, rule.location.column)
        }.min { ($0.line, $0.column) < ($1.line, $1.column) }].compactMap { $0 }
            .min { ($0.line, $0.column) < ($1.line, $1.column) }
        let last = source.previous(before: nextStart.map { source.token(at: $0) } ?? source.tokens.count - 1)
        let shape = HeadShape(rule)
        let hasIf = !rule.body.isEmpty
        var hasKey = shape.isContains
        if !shape.isContains, !rule.isDefault, shape.refLength == 2, rule.arguments.isEmpty {
            let key = shape.keyTerms.first
            hasKey = !hasIf || (key.map { !$0.isGround || $0.isReference } ?? false)
        }
        let value: Term? = shape.isContains ? nil : rule.value
        let implicit = value.map { $0.location == rule.location && isTrue($0) } ?? false
        return RuleView(isElse: false, value: value, isValueImplicit: implicit, body: rule.body, location: rule.location,
                        first: first, last: max(first, last), rest: rule.elseBranches, hasKey: hasKey,
                        hasArguments: !rule.arguments.isEmpty)
    }

    func isTrue(_ t: Term) -> Bool {
        if case .scalar(.true) = t.kind { return true }
        return false
    }

    mutating func writeRule(_ rule: RuleView, head: HeadShape) {
        if !rule.isElse { w.startLine() }
        if !rule.isElse && head.rule.isDefault { w.write("default ") }
        let isConstant = rule.isExpandedConstant
        writesCommentOnFinalLine = isConstant
        if rule.isElse {
            w.write("else")
        } else if let span = headReferenceSpan(head), w.pending.contains(where: {
            $0.row >= source.row(ofToken: span.first) && $0.row < source.endRow(ofToken: span.last)
        }) {
            // Comments between the lines of the head's reference: keep it as written.
            writeUnformatted(first: span.first, last: span.last, saved: w.pending)
            writeContainsElement(head)
        } else {
            writeHeadReference(head)
            writeContainsElement(head)
        }
        writeHeadValue(rule, head: head, isConstant: isConstant)
        if isConstant {
            w.endLine()
            return
        }
        writesCommentOnFinalLine = true
        w.write(" if")
        let ifToken = source.ifKeyword(from: rule.first, through: rule.last)
        if rule.body.count == 1, let ifToken {
            // The single condition stays on the head's line when it was written there.
            let headEndRow = source.endRow(ofToken: source.previous(before: ifToken))
            if bodyRow(rule, 0) == headEndRow && !isSetLiteral(rule.body[0]) {
                let beforeBody = w.snapshot()
                w.write(" ")
                writeLiteral(rule.body[0])
                // After an `else`'s `if`, a `{` always opens a block: a condition written
                // starting with one (`{"a": 1}.a == x`) keeps the braces around it.
                if !(rule.isElse && firstCodeByte(from: beforeBody.count) == UInt8(ascii: "{")) {
                    w.endLine()
                    if !rule.rest.isEmpty { writeElse(after: rule, head: head) }
                    return
                }
                w.restore(beforeBody)
            }
        }
        w.write(" {")
        w.endLine()
        w.up()
        writeBody(rule.body)
        place(before: bodyClosingRow(rule, ifToken: ifToken))
        w.down()
        w.startLine()
        w.write("}")
        if !rule.rest.isEmpty { writeElse(after: rule, head: head) }
    }

    /// The row of the `}` that closes a braced body (-1 when the body had no braces).
    /// OPA finds it by scanning the rule's text for brackets, which can land on a bracket
    /// of the body itself; the tokens know which brace closes the body.
    func bodyClosingRow(_ rule: RuleView, ifToken: Int?) -> Int {
        guard let ifToken, let first = rule.body.first else { return -1 }
        let brace = source.next(after: ifToken)
        guard source.tokens[brace].kind == .leftBrace, source.token(at: first.location) > brace,
              let close = source.partner(of: brace) else { return -1 }
        return source.row(ofToken: close)
    }

    /// The row OPA gives a body literal: an `else` branch's one-line condition takes the
    /// branch's own row.
    func bodyRow(_ rule: RuleView, _ i: Int) -> Int {
        if rule.isElse, let ifToken = source.ifKeyword(from: rule.first, through: rule.last),
           source.tokens[source.next(after: ifToken)].kind != .leftBrace {
            return rule.location.line
        }
        return rule.body[i].location.line
    }

    func isSetLiteral(_ literal: Literal) -> Bool {
        guard !literal.isNegated, case .expression(let t) = literal.kind, case .set = t.kind else { return false }
        return true
    }

    /// `p`, `a.b[x]`, `p["k"]` (a one-key head when no rule needs references), `f(x)`,
    /// then ` contains x`.
    mutating func writeHeadReference(_ head: HeadShape) {
        let rule = head.rule
        let first = source.token(at: rule.location)
        let start = rule.isDefault ? source.next(after: first) : first
        let quoted = quotedSteps(after: start, count: rule.path.count)
        if writesRefHeads || head.refLength == 1 {
            w.write(rule.path[0])
            for (i, step) in rule.path.dropFirst().enumerated() { w.write(pathStep(step, quoted: quoted[i + 1])) }
            for key in head.keyTerms { writeRefStep(key) }
        } else {
            // OPA's `name[key]` with the key as its text form.
            let key: String = rule.path.count > 1 ? GoQuote.quote(rule.path[1]) : head.keyTerms.first.map(regoText) ?? ""
            w.write(rule.path[0] + "[" + key + "]")
        }
        if !rule.arguments.isEmpty {
            w.write("(")
            let nameRow = source.row(ofToken: start)
            let argsOpen = source.previous(before: source.extent(of: rule.arguments[0]).first)
            let argsClose = source.partner(of: argsOpen) ?? argsOpen
            let saved = w.snapshot()
            do throws(UnexpectedComment) {
                try writeIterable(rule.arguments.map { .term($0) }, startRow: nameRow,
                                  startsAfterNewline: rule.arguments[0].location.line > nameRow,
                                  closeRow: closingRow(skipping: nil, open: 0x28, close: 0x29, from: start, through: argsClose),
                                  parenthesizeUnions: false)
            } catch {
                // A comment inside one-line arguments: keep them as written.
                rewriteAsWritten(since: saved, first: argsOpen + 1, last: source.previous(before: argsClose))
            }
            w.write(")")
        }
    }

    mutating func writeContainsElement(_ head: HeadShape) {
        if let element = head.element {
            w.write(" contains ")
            writeTerm(element)
        }
    }

    /// The tokens of a head's reference and arguments: from its name to the last `]`
    /// or `)` written right after it.
    func headReferenceSpan(_ head: HeadShape) -> (first: Int, last: Int)? {
        let ruleStart = source.token(at: head.rule.location)
        let first = head.rule.isDefault ? source.next(after: ruleStart) : ruleStart
        var last = first
        while last + 1 < source.tokens.count - 1, !source.tokens[last + 1].spaceBefore {
            switch source.tokens[last + 1].kind {
            case .dot: last += 2
            case .leftBracket, .leftParen: last = source.partner(of: last + 1) ?? last + 1
            default: return (first, last)
            }
        }
        return (first, last)
    }

    /// ` := value`, unless the value is the parser's `true` or the head says it.
    mutating func writeHeadValue(_ rule: RuleView, head: HeadShape, isConstant: Bool) {
        guard let value = rule.value else { return }
        let isDefault = !rule.isElse && head.rule.isDefault
        guard rule.hasKey || !isTrue(value) || isConstant || isDefault else { return }
        if !rule.isElse {
            let isRefConstant = isConstant && !rule.hasKey && !rule.hasArguments
            if rule.isValueImplicit && !isRefConstant { return }
        }
        w.write(" := ")
        writeTerm(value)
    }

    /// `else` on the closing brace's line when it was written there, else after a
    /// blank line.
    mutating func writeElse(after rule: RuleView, head: HeadShape) {
        let branch = rule.rest[0]
        let elseToken = source.token(at: branch.location)
        let ruleRow = rule.location.line, elseRow = branch.location.line
        var wasInline = false
        if elseRow > ruleRow && elseRow <= source.endRow(ofToken: rule.last) {
            let line = sourceLine(elseRow).drop { $0 == 0x20 || $0 == 0x09 }
            wasInline = !line.starts(with: Array("else".utf8))
        }
        let hasCommentAbove = (w.pending.first.map { $0.row < elseRow } ?? false) || w.lineEndComment != nil
        if !hasCommentAbove && wasInline {
            w.write(" ")
        } else {
            w.blankLine()
            w.startLine()
        }
        place(before: elseRow)
        if hasCommentAbove && !wasInline { w.startLine() }
        var next = rule
        next.isElse = true
        next.value = branch.value
        next.isValueImplicit = branch.value.location == branch.location && isTrue(branch.value)
        next.body = branch.body
        next.location = branch.location
        next.first = elseToken
        next.rest = Array(rule.rest.dropFirst())
        next.hasArguments = false
        writeRule(next, head: head)
    }

    /// The bytes of one source line, without its line break.
    func sourceLine(_ row: Int) -> ArraySlice<UInt8> {
        let start = source.offset(of: SourceLocation(file: "", line: row, column: 1))
        var end = start
        while end < source.bytes.count, source.bytes[end] != 0x0A { end += 1 }
        return source.bytes[start..<end]
    }
}
