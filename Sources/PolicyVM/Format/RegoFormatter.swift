// RegoFormatter: `opa fmt` for Rego v1 modules — the canonical layout OPA's formatter
// writes: tabs, `if` and `contains`, `:=` in heads, one space around operators,
// imports sorted within their groups, rules apart by a blank line (one-liners that were
// adjacent stay together), collections and bodies laid out as they were written
// (one line, or one group of elements per line), every comment kept where it was.
// Layout follows the positions of the source, as OPA's does, so formatting twice
// changes nothing the second time. This file: the entry point, the package and the
// imports; rules, bodies, terms and collections have files of their own.
// Invariant: the output parses to the same module (same meaning) and keeps every
// comment; a module that does not parse gives the parser's error and no output.

/// Formats Rego source as `opa fmt` does.
public enum RegoFormatter {
    /// The formatted text of one module, or its parse errors (`file:line:col`).
    public static func format(_ source: String, file: String) throws(PolicyErrors) -> String {
        let module = try Parser.parseModule(source, file: file)
        let text: FormatSource
        do { text = try FormatSource(source: source, file: file) } catch { throw PolicyErrors(error) }
        var formatter = ModuleFormatter(source: text, module: module)
        return formatter.format()
    }
}

/// The state of formatting one module.
struct ModuleFormatter {
    let source: FormatSource
    let module: Module
    var w = FormatWriter()
    /// Some rule's head needs a reference (`a.b.c`, or `a.b contains x`): every head is
    /// then written as a reference, else `p["k"]` keeps brackets (OPA's rule).
    let writesRefHeads: Bool
    /// A comment on the last line of a node written unformatted goes on that line.
    var writesCommentOnFinalLine = false
    /// A term is being written: a comment it cannot place redoes it as written.
    var isWritingTerm = false
    /// A body literal is being written: a comment nothing inside it could place redoes
    /// the literal as written.
    var isWritingLiteral = false
    /// The comment failure of a term inside the one being written, for that one to handle.
    var pendingFailure: UnexpectedComment?

    init(source: FormatSource, module: Module) {
        self.source = source
        self.module = module
        writesRefHeads = module.rules.contains { rule in
            let length = HeadShape(rule).refLength
            return length > 2 || (length == 2 && HeadShape(rule).isContains)
        }
        w.pending = source.comments.map {
            var text = Substring($0.text)
            while let last = text.last, last.isWhitespace { text.removeLast() }
            return PendingComment(row: $0.location.line, text: String(text))
        }
    }

    mutating func format() -> String {
        writePackage()
        // Imports and rules in source order, each run of imports as one block.
        enum Statement { case imports([Import]), rule(Rule) }
        var statements: [(SourceLocation, Statement)] = keptImports.map { ($0.location, .imports([$0])) }
        statements += module.rules.map { ($0.location, .rule($0)) }
        statements.sort { ($0.0.line, $0.0.column) < ($1.0.line, $1.0.column) }
        var i = 0
        while i < statements.count {
            var imports: [Import] = []
            while i < statements.count, case .imports(let one) = statements[i].1 { imports += one; i += 1 }
            if !imports.isEmpty { writeImports(imports) }
            var rules: [Rule] = []
            while i < statements.count, case .rule(let r) = statements[i].1 { rules.append(r); i += 1 }
            if !rules.isEmpty { writeRules(rules) }
        }
        let rest = w.pending
        w.pending = []
        for c in rest { w.writeLine(c.text) }
        var out = w.output
        while out.last == 0x0A { out.removeLast() }
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// `future.keywords` imports say nothing in Rego v1; OPA drops them when the module
    /// imports `rego.v1` (and keeps them otherwise).
    var keptImports: [Import] {
        guard module.imports.contains(where: { $0.path == ["rego", "v1"] }) else { return module.imports }
        return module.imports.filter { $0.path.first != "future" }
    }

    mutating func writePackage() {
        try? w.insertComments(before: module.location.line)
        w.startLine()
        w.write("package ")
        // The package name's steps after the first, as written (`a.b`, `a["x-y"]`).
        let first = source.token(at: module.location)
        let quoted = quotedSteps(after: source.next(after: first), count: module.package.count)
        w.write(module.package[0])
        for (i, step) in module.package.dropFirst().enumerated() {
            w.write(pathStep(step, quoted: quoted[i + 1]))
        }
        w.blankLine()
    }

    /// For a dotted path starting at token `start` (`a.b["c"]`), whether each of its
    /// `count` names was written as a string (`["c"]`).
    func quotedSteps(after start: Int, count: Int) -> [Bool] {
        var result = [false]
        var i = start + 1
        while result.count < count, i < source.tokens.count {
            switch source.tokens[i].kind {
            case .dot: result.append(false); i += 2
            case .leftBracket: result.append(true); i += 3
            default: i = source.tokens.count
            }
        }
        while result.count < count { result.append(false) }
        return result
    }

    /// One step of a path: `.name`, or `["name"]` when the name is not a variable's or
    /// is a keyword written in brackets.
    func pathStep(_ name: String, quoted: Bool) -> String {
        if !ModuleFormatter.isVariableName(name) || (quoted && Parser.keywords.contains(name)) {
            return "[" + GoQuote.quote(name) + "]"
        }
        return "." + name
    }

    static func isVariableName(_ s: String) -> Bool {
        guard let first = s.utf8.first, first == UInt8(ascii: "_") || (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A else { return false }
        return s.utf8.allSatisfy { c in
            c == UInt8(ascii: "_") || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A)
        }
    }

    // MARK: - Imports

    /// Imports in groups (a blank line in the source starts a new one), each group
    /// sorted; a comment on an import's line stays on it.
    mutating func writeImports(_ imports: [Import]) {
        var lineComments: [Int: PendingComment] = [:]
        let rows = Set(imports.map(\.location.line))
        for c in w.pending where rows.contains(c.row) { lineComments[c.row] = c }
        w.pending.removeAll { rows.contains($0.row) }
        var groups: [[Import]] = []
        for imp in imports {
            if let last = groups.last?.last, imp.location.line - last.location.line <= 1 {
                groups[groups.count - 1].append(imp)
            } else {
                groups.append([imp])
            }
        }
        for group in groups {
            try? w.insertComments(before: group[0].location.line)
            for imp in group.sorted(by: ModuleFormatter.importOrder) {
                w.startLine()
                w.write(importText(imp))
                if let c = lineComments[imp.location.line] { w.write(" " + c.text) }
                w.endLine()
            }
            w.blankLine()
        }
    }

    func importText(_ imp: Import) -> String {
        let first = source.token(at: imp.location)
        let pathStart = source.next(after: first)
        let quoted = quotedSteps(after: pathStart, count: imp.path.count)
        var text = "import " + imp.path[0]
        for (i, step) in imp.path.dropFirst().enumerated() { text += pathStep(step, quoted: quoted[i + 1]) }
        if let alias = writtenAlias(imp, pathStart: pathStart) { text += " as " + alias }
        return text
    }

    /// The alias if the import spells one (`import data.x as y`); the AST fills in the
    /// last name when it does not.
    func writtenAlias(_ imp: Import, pathStart: Int) -> String? {
        var i = pathStart
        while i < source.tokens.count - 1 {
            switch source.tokens[i].kind {
            case .identifier("as") where source.tokens[i - 1].kind != .dot: return imp.alias
            case .newline, .eof, .identifier("import"): return nil
            default: i += 1
            }
        }
        return nil
    }

    /// OPA's order: by path (`data` < `future` < `input` < `rego`, then name by name,
    /// a prefix first), then by alias.
    static func importOrder(_ a: Import, _ b: Import) -> Bool {
        for (x, y) in zip(a.path, b.path) where x != y { return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) }
        if a.path.count != b.path.count { return a.path.count < b.path.count }
        return Array(a.alias.utf8).lexicographicallyPrecedes(Array(b.alias.utf8))
    }
}
