// RegoFormatter, bodies: one literal per line (a blank line kept where the source had
// one), `not`, `some`, `every`, `:=`/`=`, and `with` modifiers (on the expression's
// line when written there, else one per line, indented). An expression that is an
// operator call is written infix with its operands bare, as OPA does, except where the
// bare form would parse differently (`(a == b) + c`): there the parentheses stay.

extension ModuleFormatter {
    mutating func writeBody(_ body: [Literal]) {
        guard let first = body.first else { return }
        place(before: first.location.line)
        for (i, literal) in body.enumerated() {
            if i > 0 {
                let previousEnd = source.endRow(ofToken: source.extent(of: body[i - 1]).last)
                if literal.location.line > previousEnd + 1 { w.blankLine() }
            }
            w.startLine()
            writeLiteral(literal, continuesOnMinus: i > 0)
            w.endLine()
        }
    }

    /// A body literal, or, when a comment inside it has no place in its layout (between
    /// its lines, not inside one of its terms), the literal as written.
    /// `continuesOnMinus`: a line starting with `-` would continue the literal before
    /// (`a\n-1 > b` is `a - 1 > b`), so a literal that would start so is kept as written
    /// (its parentheses kept).
    mutating func writeLiteral(_ literal: Literal, continuesOnMinus: Bool = false) {
        // The comments before the literal are placed first: the checks and a rewrite below
        // see only the literal's own text, and a rewrite keeps the comments before it.
        place(before: literal.location.line)
        let saved = w.snapshot()
        let outer = isWritingTerm || isWritingLiteral
        isWritingLiteral = true
        writeExpression(literal)
        isWritingLiteral = outer
        let startsWithMinus = continuesOnMinus && firstCodeByte(from: saved.count) == UInt8(ascii: "-")
        if outer && !startsWithMinus { return }
        if pendingFailure != nil || startsWithMinus {
            pendingFailure = nil
            let e = source.extent(of: literal)
            rewriteAsWritten(since: saved, first: e.first, last: e.last)
        }
    }

    /// The first byte of code written from `offset` on, past blank lines and the comment
    /// lines placed before it (a line of output that starts with `#` is a comment).
    func firstCodeByte(from offset: Int) -> UInt8? {
        var atLineStart = true
        var inComment = false
        for b in w.output[offset...] {
            if b == 0x0A { atLineStart = true; inComment = false; continue }
            if inComment || b == 0x09 || b == 0x20 { continue }
            if atLineStart && b == UInt8(ascii: "#") { inComment = true; continue }
            return b
        }
        return nil
    }

    mutating func writeExpression(_ literal: Literal) {
        place(before: literal.location.line)
        if !w.isInline { w.startLine() }
        if literal.isNegated { w.write("not ") }
        switch literal.kind {
        case .expression(let t):
            writeExpressionTerm(t)
        case .assignment(let lhs, let rhs):
            writeTerm(lhs)
            w.write(" := ")
            writeTerm(rhs)
        case .unification(let lhs, let rhs):
            writeTerm(lhs)
            w.write(" = ")
            writeTerm(rhs)
        case .someDeclaration(let vars):
            writeSomeDeclaration(vars, at: literal.location)
        case .someIn(let key, let value, let collection):
            place(before: literal.location.line)
            w.write("some ")
            writeMembership([key, value, collection].compactMap { $0 }, parenthesized: false)
        case .every(let key, let value, let collection, let body):
            writeEvery(key: key, value: value, collection: collection, body: body, literal: literal)
        }
        writeWithModifiers(literal)
    }

    /// A whole expression: an operator call infix with bare operands (`a + b == c`).
    mutating func writeExpressionTerm(_ t: Term) {
        if let infix = InfixCall(t) {
            switch infix {
            case .binary(let op, let lhs, let rhs):
                writeOperand(lhs, of: op, isRight: false, bare: true)
                w.write(" \(op.text) ")
                writeOperand(rhs, of: op, isRight: true, bare: true)
            case .assigned(let op, let lhs, let rhs, let result):
                // `plus(a, b, x)` is `x = a + b`.
                writeTerm(result)
                w.write(" = ")
                writeOperand(lhs, of: op, isRight: false, bare: true)
                w.write(" \(op.text) ")
                writeOperand(rhs, of: op, isRight: true, bare: true)
            case .membership(let operands):
                writeMembership(operands, parenthesized: false)
            }
            return
        }
        writeTerm(t)
    }

    mutating func writeWithModifiers(_ literal: Literal) {
        var withs = literal.withModifiers[...]
        guard let first = withs.first else { return }
        var lastRow = source.endRow(ofToken: source.termsEnd(of: literal))
        if first.location.line == lastRow {
            writeWith(first, indented: false)
            lastRow = first.location.line
            withs = withs.dropFirst()
        }
        var indented = false
        for with in withs {
            let onNewLine = with.location.line > lastRow
            if onNewLine {
                if !indented { w.up(); indented = true }
                w.endLine()
                w.startLine()
                lastRow = with.location.line
            }
            writeWith(with, indented: onNewLine)
        }
        if indented { w.down() }
    }

    mutating func writeWith(_ with: WithModifier, indented: Bool) {
        place(before: with.location.line)
        if !indented { w.write(" ") }
        w.write("with ")
        writeTerm(with.target)
        w.write(" as ")
        writeTerm(with.value)
    }

    /// `some a, b`: a variable written on a later line goes on its own, indented.
    mutating func writeSomeDeclaration(_ vars: [Term], at location: SourceLocation) {
        place(before: location.line)
        w.write("some ")
        var row = location.line
        for (i, v) in vars.enumerated() {
            if v.location.line > row {
                w.endLine()
                w.startLine()
                w.write("\t")
                row = v.location.line
            } else if i > 0 {
                w.write(" ")
            }
            writeTerm(v)
            if i < vars.count - 1 { w.write(",") }
        }
    }

    mutating func writeEvery(key: Term?, value: Term, collection: Term, body: [Literal], literal: Literal) {
        place(before: literal.location.line)
        w.write("every ")
        if let key {
            writeTerm(key)
            w.write(", ")
        }
        writeTerm(value)
        w.write(" in ")
        writeTerm(collection)
        w.write(" {")
        let extent = source.extent(of: literal)
        let first = source.token(at: literal.location)
        writeComprehensionBody(body, headRow: literal.location.line,
                               closeRow: closingRow(skipping: nil, open: 0x7B, close: 0x7D, from: first, through: extent.last))
        if body.count == 1 && body[0].location.line == literal.location.line { w.write(" ") }
        w.write("}")
    }
}
