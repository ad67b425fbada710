// RegoFormatter, terms: scalars as written (a raw string stays raw, a number keeps its
// digits, a string its escapes), references (`.name` where the name allows it, else
// `["name"]`), calls, and operators — an operator inside another's operand in
// parentheses, as OPA writes them. A term whose layout would move a comment onto a
// line that already ends with one is written as it was in the source.

extension ModuleFormatter {
    /// A term at the top of its position (no parentheses of its own). Never fails: a
    /// term whose layout would misplace a comment is copied from the source, comments
    /// and all — the outermost such term, as OPA does.
    mutating func writeTerm(_ t: Term) {
        if isWritingTerm {
            // Inside another term: a failure here redoes the outer one as written.
            do throws(UnexpectedComment) { try writeTermParens(false, t) } catch { pendingFailure = error }
            return
        }
        let saved = w.snapshot()
        isWritingTerm = true
        defer { isWritingTerm = false }
        do throws(UnexpectedComment) {
            try writeTermParens(false, t)
            if let failure = pendingFailure { pendingFailure = nil; throw failure }
        } catch {
            let e = source.bareExtent(of: t)
            rewriteAsWritten(since: saved, first: e.first, last: e.last)
        }
    }

    /// Goes back to `saved` and copies tokens `first...last` as written instead.
    mutating func rewriteAsWritten(since saved: FormatWriter.Snapshot, first: Int, last: Int) {
        w.restore(saved)
        writeUnformatted(first: first, last: last, saved: saved.pending)
    }

    /// Copies tokens `first...last` as written; the comments inside them go with them.
    mutating func writeUnformatted(first: Int, last: Int, saved: [PendingComment]) {
        let text = source.text(from: first, through: last)
        w.write(bytes: text, endingLine: false)
        let startRow = source.row(ofToken: first)
        let finalRow = startRow + text.count(where: { $0 == 0x0A })
        if let c = w.lineEndComment, c.row >= startRow, c.row < finalRow { w.lineEndComment = nil }
        var rest: [PendingComment] = []
        for c in saved {
            if c.row >= startRow && c.row < finalRow { continue }  // inside the copied text
            if w.lineEndComment?.row == c.row { continue }
            if c.row == finalRow && w.lineEndComment == nil {
                // A comment after the copied text ends its line (never mid-line: code
                // written after it would become part of the comment).
                w.lineEndComment = c
                continue
            }
            rest.append(c)
        }
        w.pending = rest
    }

    mutating func writeTermParens(_ parens: Bool, _ t: Term) throws(UnexpectedComment) {
        try w.insertComments(before: t.location.line)
        if !w.isInline { w.startLine() }
        switch t.kind {
        case .scalar(let v): writeScalar(v, t)
        case .variable(let name): w.write(name)
        case .ref(let head, let steps):
            let headParens = InfixCall(head) != nil && source.extent(of: head).parentheses > 0
            try writeTermParens(headParens, head)
            for step in steps { try writeRefStepThrowing(step) }
        case .array(let items):
            try writeCollection(t, items.map { .term($0) }, open: "[", close: "]", parenthesizeUnions: true)
        case .set(let items) where items.isEmpty:
            w.write("set()")
            let first = source.token(at: t.location)
            try w.insertComments(before: closingRow(skipping: nil, open: 0x28, close: 0x29, from: first,
                                                    through: source.bareExtent(of: t).last))
        case .set(let items):
            try writeCollection(t, items.map { .term($0) }, open: "{", close: "}", parenthesizeUnions: true)
        case .object(let pairs):
            try writeCollection(t, pairs.map { .pair($0.key, $0.value) }, open: "{", close: "}", parenthesizeUnions: true)
        case .arrayComprehension(let head, let body):
            w.write("[")
            try writeComprehension(head, body, term: t, open: 0x5B, close: 0x5D)
            w.write("]")
        case .setComprehension(let head, let body):
            w.write("{")
            try writeComprehension(head, body, term: t, open: 0x7B, close: 0x7D)
            w.write("}")
        case .objectComprehension(let key, let value, let body):
            try writeObjectComprehension(key, value, body, term: t)
        case .call, .binary, .membership, .unaryMinus:
            try writeCall(parens, t)
        }
        if !w.isInline { w.startLine() }
    }

    mutating func writeScalar(_ v: Value, _ t: Term) {
        let start = source.token(at: t.location)
        switch v {
        case .string(let s):
            // As written (raw or quoted, escapes kept); a parenthesized one as OPA prints it.
            w.write(source.extent(of: t).parentheses > 0 ? GoQuote.quote(s) : source.text(ofToken: start))
        case .number:
            if source.tokens[start].kind == .minus {
                w.write("-" + source.text(ofToken: source.next(after: start)))
            } else {
                w.write(source.text(ofToken: start))
            }
        default:
            // Written as the value it is: a head's implicit `true` has no token of its own.
            if case .bool(let b) = v { w.write(b ? "true" : "false") } else { w.write("null") }
        }
    }

    /// One step of a reference: `.name`, `["name"]`, `[x]` or `[term]`.
    mutating func writeRefStepThrowing(_ step: Term) throws(UnexpectedComment) {
        switch step.kind {
        case .scalar(.string(let name)):
            w.write(pathStep(name, quoted: !source.isDottedStep(step)))
        case .variable(let name):
            w.write("[" + name + "]")
        default:
            w.write("[")
            writeTerm(step)
            w.write("]")
        }
    }

    mutating func writeRefStep(_ step: Term) {
        do throws(UnexpectedComment) { try writeRefStepThrowing(step) } catch { pendingFailure = error }
    }

    /// Places the comments before `row`; one that cannot be placed inside a term makes
    /// that term be written as it was (elsewhere it stays pending, for a later line).
    mutating func place(before row: Int) {
        do throws(UnexpectedComment) { try w.insertComments(before: row) } catch {
            if isWritingTerm || isWritingLiteral { pendingFailure = error }
        }
    }

    /// A call or an operator inside a term.
    mutating func writeCall(_ parens: Bool, _ t: Term) throws(UnexpectedComment) {
        switch (t.kind, InfixCall(t)) {
        case (.unaryMinus(let operand), _):
            w.write("-")
            try writeTermParens(true, operand)
        case (_, .membership(let operands)?):
            if parens { w.write("(") }
            try writeMembershipThrowing(operands, parenthesized: false)
            if parens { w.write(")") }
        case (_, .binary(let op, let lhs, let rhs)?):
            if parens { w.write("(") }
            try writeOperandThrowing(lhs, of: op, isRight: false, bare: false)
            w.write(" \(op.text) ")
            try writeOperandThrowing(rhs, of: op, isRight: true, bare: false)
            if parens { w.write(")") }
        case (.call(let name, let args), _):
            writeCallName(name, t)
            w.write("(")
            try writeIterable(args.map { .term($0) }, startRow: t.location.line, startsAfterNewline: false, closeRow: -1,
                              parenthesizeUnions: false)
            w.write(")")
        default:
            try writeTermParens(parens, t)
        }
    }

    /// `count`, `object.get`, `data.lib.f`: the name's steps as a reference's.
    mutating func writeCallName(_ name: [String], _ t: Term) {
        let first = source.token(at: t.location)
        let quoted = quotedSteps(after: first, count: name.count)
        w.write(name[0])
        for (i, step) in name.dropFirst().enumerated() { w.write(pathStep(step, quoted: quoted[i + 1])) }
    }

    /// An operand of an infix operator. Inside a term every operator operand is in
    /// parentheses (OPA); at the top of an expression operands are bare, unless bare
    /// would read differently (a looser operator, or an equal one on the right).
    mutating func writeOperandThrowing(_ t: Term, of op: InfixOperator, isRight: Bool, bare: Bool) throws(UnexpectedComment) {
        guard let inner = InfixCall(t) else {
            try writeTermParens(true, t)
            return
        }
        let needs = inner.precedence < op.precedence || (isRight && inner.precedence == op.precedence)
        if bare && !needs {
            try writeCall(false, t)
        } else {
            try writeCall(true, t)
        }
    }

    mutating func writeOperand(_ t: Term, of op: InfixOperator, isRight: Bool, bare: Bool) {
        let saved = w.snapshot()
        do throws(UnexpectedComment) {
            try writeOperandThrowing(t, of: op, isRight: isRight, bare: bare)
        } catch {
            let e = source.extent(of: t)
            rewriteAsWritten(since: saved, first: e.first, last: e.last)
        }
    }

    /// `x in xs` or `k, v in xs`. A membership as the collection is parenthesized: bare,
    /// it would be read as applying to the left (OPA leaves these out).
    mutating func writeMembershipThrowing(_ operands: [Term], parenthesized: Bool) throws(UnexpectedComment) {
        if operands.count == 3 && parenthesized { w.write("(") }
        for (i, operand) in operands.enumerated() {
            if i == operands.count - 1 { w.write(" in ") } else if i > 0 { w.write(", ") }
            let isLeftOfTwo = operands.count == 2 && i == 0
            if case .membership(let inner)? = InfixCall(operand), inner.count == 2, isLeftOfTwo {
                try writeCall(false, operand)
            } else {
                try writeCall(true, operand)
            }
        }
        if operands.count == 3 && parenthesized { w.write(")") }
    }

    mutating func writeMembership(_ operands: [Term], parenthesized: Bool) {
        let saved = w.snapshot()
        do throws(UnexpectedComment) {
            try writeMembershipThrowing(operands, parenthesized: parenthesized)
        } catch {
            rewriteAsWritten(since: saved, first: source.extent(of: operands[0]).first, last: source.extent(of: operands.last!).last)
        }
    }
}
