// RegoFormatter, collections: arrays, sets, objects, call arguments and comprehensions.
// Elements written on one line stay on one line; elements on several lines are written
// one source line per output line, indented, with a trailing comma (OPA's layout, so a
// formatted collection keeps its shape). A comprehension's body stays on its line
// (`; ` between literals) unless it was written on lines of its own.

/// One element of a collection: a term, or an object's key and value.
enum IterableElement {
    case term(Term)
    case pair(Term, Term)

    var row: Int {
        switch self {
        case .term(let t): return t.location.line
        case .pair(let k, _): return k.location.line
        }
    }

    var first: Term {
        switch self {
        case .term(let t): return t
        case .pair(let k, _): return k
        }
    }
}

extension ModuleFormatter {
    mutating func writeCollection(_ t: Term, _ elements: [IterableElement], open: String, close: String,
                                  parenthesizeUnions: Bool) throws(UnexpectedComment) {
        let bare = source.bareExtent(of: t)
        let startRow = source.row(ofToken: bare.first)
        let closeRow = closingRow(skipping: nil, open: Array(open.utf8)[0], close: Array(close.utf8)[0],
                                  from: bare.first, through: bare.last)
        let startsAfterNewline = elements.first.map { source.row(ofToken: source.extent(of: $0.first).first) > startRow } ?? false
        w.write(open)
        try writeIterable(elements, startRow: startRow, startsAfterNewline: startsAfterNewline, closeRow: closeRow,
                          parenthesizeUnions: parenthesizeUnions)
        w.write(close)
    }

    /// Elements grouped by the line they start on; more than one group (or a first
    /// element on a line after the opening bracket) is written one group per line.
    mutating func writeIterable(_ elements: [IterableElement], startRow: Int, startsAfterNewline: Bool, closeRow: Int,
                                parenthesizeUnions: Bool) throws(UnexpectedComment) {
        var lines: [[IterableElement]] = []
        var lastRow = startRow
        for (i, e) in elements.enumerated() {
            if e.row - lastRow > 0 && i > 0 || lines.isEmpty { lines.append([]) }
            lastRow = e.row
            lines[lines.count - 1].append(e)
        }
        if lines.isEmpty { lines = [[]] }
        if lines.count == 1, w.pending.contains(where: { $0.row > startRow && $0.row < closeRow }) {
            // A comment inside a one-line collection: keep it as written.
            throw UnexpectedComment()
        }
        let isMultiline = lines.count > 1 || startsAfterNewline
        if isMultiline {
            w.delaysLineEndComment = true
            w.startMultilineSequence()
        }
        for (i, line) in lines.enumerated() {
            for (j, e) in line.enumerated() {
                if j > 0 { w.write(", ") }
                try writeElement(e, parenthesizeUnions: parenthesizeUnions)
            }
            if i < lines.count - 1 {
                w.write(",")
                w.endLine()
                w.startLine()
            }
        }
        if isMultiline {
            w.write(",")
            w.endLine()
            try w.insertComments(before: closeRow)
            w.down()
            w.startLine()
        }
    }

    /// A set union inside a collection is parenthesized (`{(a | b)}`): bare, `|` would
    /// start a comprehension. In call arguments it keeps the parentheses it was written with.
    /// `k, v in xs` is always parenthesized among elements: bare, its comma would split it
    /// (OPA leaves these out).
    mutating func writeElement(_ e: IterableElement, parenthesizeUnions: Bool) throws(UnexpectedComment) {
        func isUnion(_ t: Term) -> Bool {
            if case .binary(let op, _, _)? = InfixCall(t), op.text == "|" { return true }
            if case .membership(let operands)? = InfixCall(t), operands.count == 3 { return true }
            return false
        }
        switch e {
        case .term(let t):
            let isPair: Bool = { if case .membership(let o)? = InfixCall(t) { return o.count == 3 }; return false }()
            let parens = isPair || isUnion(t) && (parenthesizeUnions || source.extent(of: t).parentheses > 0)
            if parens { w.write("(") }
            writeTerm(t)
            if parens { w.write(")") }
        case .pair(let k, let v):
            if isUnion(k) { w.write("(") }
            writeTerm(k)
            if isUnion(k) { w.write(")") }
            w.write(": ")
            if isUnion(v) { w.write("(") }
            writeTerm(v)
            if isUnion(v) { w.write(")") }
        }
    }

    /// `[head | body]` and `{head | body}` after the opening bracket.
    mutating func writeComprehension(_ head: Term, _ body: [Literal], term: Term, open: UInt8, close: UInt8,
                                     headRow: Int? = nil) throws(UnexpectedComment) {
        let row = headRow ?? head.location.line
        if row - term.location.line >= 1 {
            w.endLine()
            w.startLine()
        }
        // Operators in the head keep parentheses: bare, `|` and `in` would read differently.
        let parens = InfixCall(head) != nil
            && (source.extent(of: head).parentheses > 0 || { if case .binary(let op, _, _)? = InfixCall(head) { return op.text == "|" }; return false }())
        try writeTermParens(parens, head)
        w.write(" |")
        let bare = source.bareExtent(of: term)
        writeComprehensionBody(body, headRow: row,
                               closeRow: closingRow(skipping: nil, open: open, close: close, from: bare.first, through: bare.last))
    }

    /// `{k: v | body}`: the key and value stay after the brace (OPA moves them up), and
    /// the body goes on lines of its own when it starts below the brace.
    mutating func writeObjectComprehension(_ key: Term, _ value: Term, _ body: [Literal], term: Term) throws(UnexpectedComment) {
        w.write("{")
        let isUnionKey: Bool = { if case .binary(let op, _, _)? = InfixCall(key) { return op.text == "|" }; return false }()
        if isUnionKey { w.write("(") }
        writeTerm(key)
        if isUnionKey { w.write(")") }
        w.write(": ")
        try writeComprehension(value, body, term: term, open: 0x7B, close: 0x7D, headRow: term.location.line)
        w.write("}")
    }

    /// A comprehension's (or `every`'s) body: on the head's line, or indented below it.
    mutating func writeComprehensionBody(_ body: [Literal], headRow: Int, closeRow: Int) {
        // Literals grouped by row, as the elements of a collection.
        var groups = 1
        var lastRow = headRow
        for (i, literal) in body.enumerated() {
            if i > 0 && literal.location.line - lastRow > 0 { groups += 1 }
            lastRow = literal.location.line
        }
        if (body.first.map { $0.location.line - headRow > 0 } ?? false) || groups > 1 {
            w.endLine()
            w.up()
            writeBody(body)
            place(before: closeRow)
            w.down()
            w.startLine()
        } else {
            w.write(" ")
            for (i, literal) in body.enumerated() {
                if i > 0 { w.write("; ") }
                writeExpression(literal)
            }
            place(before: closeRow)
        }
    }

    /// The row of the bracket that closes the first `open` in tokens `first...last`,
    /// counted over the raw text as OPA counts it (brackets inside strings included);
    /// -1 when there is none. `skipping` first passes a bracketed part (a head's
    /// arguments or key).
    func closingRow(skipping: (UInt8, UInt8)?, open: UInt8, close: UInt8, from first: Int, through last: Int) -> Int {
        let text = source.text(from: first, through: last)
        var i = 0, newlines = 0
        if let (skipOpen, skipClose) = skipping {
            while i < text.count, text[i] != skipOpen { i += 1 }
            var depth = 1
            while depth > 0 {
                i += 1
                if i >= text.count { break }
                switch text[i] {
                case skipOpen: depth += 1
                case skipClose: depth -= 1
                case 0x0A: newlines += 1
                default: break
                }
            }
        }
        while i < text.count, text[i] != open { i += 1 }
        guard i < text.count else { return -1 }
        var depth = 1
        while depth > 0 {
            i += 1
            guard i < text.count else { return -1 }
            switch text[i] {
            case open: depth += 1
            case close: depth -= 1
            case 0x0A: newlines += 1
            default: break
            }
        }
        return source.row(ofToken: first) + newlines
    }
}
