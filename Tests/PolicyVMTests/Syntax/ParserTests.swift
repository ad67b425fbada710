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
        ("package p\ndefault x := input.y", 2, 14, "illegal default rule (value cannot contain ref)"),
        ("package p\ndefault x := count([])", 2, 14, "illegal default rule (value cannot contain call)"),
        ("package p\ndefault x := y", 2, 14, "illegal default rule (value cannot contain var)"),
        ("package p\nx", 2, 1, "rule must have value assignment and/or body declaration"),
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
            #expect(error.code == .parse)
            #expect(error.message == message, "\(error)")
            #expect(error.location?.line == line && error.location?.column == column, "\(error)")
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
