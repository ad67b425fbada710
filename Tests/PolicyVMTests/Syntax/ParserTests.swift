// Parser: the AST shapes that matter, and diagnostics with OPA's codes and exact positions.
import Testing
@testable import PolicyVM

@Suite struct ParserTests {
    @Test func parsesTheRuleKinds() throws {
        let m = try Parser.parseModule("""
        package a.b
        import rego.v1
        import data.lib.x as y
        default allow := false
        allow if input.ok
        deny contains "id" if { not input.ok }
        o[k] := v if { some k, v in input.m }
        f(a, b) := a + b
        p.q.r := 1
        g(x) := 1 if x > 0 else := 2
        """, file: "m.rego")
        #expect(m.package == ["a", "b"])
        #expect(m.imports.map(\.alias) == ["v1", "y"])
        let kinds = m.rules.map { "\($0.path.joined(separator: ".")):\($0.kind)" }
        #expect(kinds == ["allow:complete", "allow:complete", "deny:partialSet", "o:partialObject", "f:function",
                          "p.q.r:complete", "g:function"])
        #expect(m.rules[0].isDefault)
        #expect(m.rules[6].elseBranches.count == 1)
    }

    @Test(arguments: [
        ("package p\nx { true }", 2, 3, "`if` keyword is required before rule body"),
        ("package p\np[x] := 1 if { x := 1 }\nq[x]", 3, 1, "`contains` keyword is required for partial set rules"),
        // A default's errors name the rule, as OPA's do.
        ("package p\ndefault x := input.y", 2, 1, "illegal default rule (value cannot contain ref)"),
        ("package p\ndefault x := count([])", 2, 1, "illegal default rule (value cannot contain call)"),
        ("package p\ndefault x := y", 2, 1, "illegal default rule (value cannot contain var)"),
        ("package p\ndefault f(1) := 1", 2, 1, "illegal default rule (arguments cannot contain number)"),
        ("package p\ndefault f(x, x) := 1", 2, 1, "illegal default rule (arguments cannot be repeated x)"),
        ("package p\ndefault p[x]", 2, 1, "illegal default rule (must have a value)"),
        // Statements without `if` or `contains` are expressions OPA turns into rules, or refuses.
        ("package p\nx", 2, 1, "var cannot be used for rule name"),
        ("package p\np.q", 2, 1, "`contains` keyword is required for partial set rules"),
        ("package p\np.q.r", 2, 1, "rule must have value assignment and/or body declaration"),
        ("package p\nf()", 2, 1, "rule argument list must take at least one argument"),
        ("package p\np := 1; q := 2", 2, 1, "multiple expressions cannot be used for rule head"),
        ("package p\np := 1 with input as 2", 2, 1, "expressions using with keyword cannot be used for rule head"),
        ("package p\nnot p", 2, 1, "negated expressions cannot be used for rule head"),
        ("package p\n1 == 2", 2, 1, "rule name conflicts with built-in function"),
        ("package p\n\"a\"", 2, 1, "string cannot be used for rule name"),
        ("package p\nsome x", 2, 1, "'some' declarations cannot be used for rule head"),
        // `;` separates expressions, never top-level statements.
        ("package p; q := 1", 1, 10, "unexpected ; token"),
        ("package p\np if { true }; q := 1", 2, 14, "unexpected ; token"),
        ("package p\nf(x) contains 1", 2, 6, "unexpected contains keyword: the contains keyword can only be used with multi-value rule definitions (e.g., f contains <VALUE> { ... })"),
        // else: not below variable keys, not on sets, and it needs a value or a body.
        ("package p\np[x] := 1 if { x := 1 } else := 2", 2, 25, "else keyword cannot be used on rules with variables in head"),
        ("package p\np contains 1 if { false } else := 2", 2, 27, "else keyword cannot be used on multi-value rules"),
        ("package p\np := 1 if false else", 2, 21, "unexpected eof token: expected else value term or rule body"),
        // After `else … if`, `{` always opens a block.
        ("package p\np := 1 if false else := 2 if {\"a\": 1}", 2, 34, "unexpected : token: expected newline, ; or }"),
        ("package p\nx := [1 | ]", 2, 11, "found empty body"),
        // A `;` must be followed by an expression.
        ("package p\np if { true; }", 2, 14, "unexpected } token: expected term"),
        ("package p\np if { true;; true }", 2, 13, "unexpected ; token: expected term"),
        ("package p\np if { ; true }", 2, 8, "unexpected ; token: expected term"),
        ("p := 1", 1, 1, "unexpected identifier p token: expected package"),
        ("package p\nx := [1, 2", 2, 11, "unexpected eof token: expected , or ]"),
        ("package p\nx := - -1", 2, 8, "unexpected minus token: expected number"),
        ("package p\nx if {\n  y := 1 +\n}", 4, 1, "unexpected } token: expected term"),
    ])
    func diagnosticsAreExact(source: String, line: Int, column: Int, message: String) {
        do {
            _ = try Parser.parseModule(source, file: "m.rego")
            Issue.record("accepted: \(source)")
        } catch {
            #expect(error.errors.count == 1, "\(error)")
            let error = error.errors[0]
            #expect(error.code == .parse)
            #expect(error.message == message, "\(error)")
            #expect(error.location?.line == line && error.location?.column == column, "\(error)")
        }
    }

    @Test(arguments: [("x := 1;", 1, 8, "unexpected eof token: expected term"),
                      ("; x := 1", 1, 1, "unexpected ; token: expected term"),
                      ("x := 1;; y := 2", 1, 8, "unexpected ; token: expected term")])
    func querySemicolonsNeedAnExpressionAfter(query: String, line: Int, column: Int, message: String) {
        do {
            _ = try Parser.parseQuery(query)
            Issue.record("accepted: \(query)")
        } catch {
            #expect(error.message == message && error.location?.line == line && error.location?.column == column, "\(error)")
        }
    }

    @Test func precedenceFollowsRego() throws {
        let body = try Parser.parseQuery("x := 1 + 2 * 3 == 7")
        guard case .assignment(_, let rhs) = body[0].kind, case .binary(.equal, let lhs, _) = rhs.kind,
              case .binary(.plus, _, let product) = lhs.kind, case .binary(.multiply, _, _) = product.kind else {
            Issue.record("wrong tree: \(body)")
            return
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = "x := " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: PolicyError.self) { try Parser.parseQuery(deep) }
    }

    @Test func everyPrefixOfAModuleParsesOrFailsCleanly() {
        let source = """
        package a
        import rego.v1
        deny contains msg if {
          some i, t in input.tools
          not t in {"a", "b"}
          msg := sprintf("%v: %d", [t, i])
        } else := 1
        f(x) := y if { y := [z | z := x[_]; z > 1] }
        """
        for n in 0...source.utf8.count {
            let prefix = String(decoding: Array(source.utf8.prefix(n)), as: UTF8.self)
            _ = try? Parser.parseModule(prefix, file: "m")
        }
    }
}
