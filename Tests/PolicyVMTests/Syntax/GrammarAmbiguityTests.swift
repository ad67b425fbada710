// The places where Rego's grammar is ambiguous and OPA's parser decides by trying one
// reading before the other: set literal or comprehension, a list after a failed
// comprehension body, `k, v in` or a list, a body block or an expression after `if`,
// and statements that need no separator. The shapes come from OPA's parser
// (ast/parser.go); the values they evaluate to are checked in RuleHeadTests.
import Testing
@testable import PolicyVM

@Suite struct GrammarAmbiguityTests {
    /// The value term of the first rule of `package p\n<rule>`.
    func value(_ rule: String) throws -> Term {
        try Parser.parseModule("package p\n" + rule, file: "m.rego").rules[0].value
    }

    func shape(_ t: Term) -> String {
        switch t.kind {
        case .scalar(let v): return JSONWriter.write(v)
        case .variable(let n): return n
        case .ref(let h, let s): return shape(h) + s.map { "[" + shape($0) + "]" }.joined()
        case .array(let items): return "[" + items.map(shape).joined(separator: ", ") + "]"
        case .set(let items): return "set(" + items.map(shape).joined(separator: ", ") + ")"
        case .object(let pairs): return "{" + pairs.map { shape($0.key) + ": " + shape($0.value) }.joined(separator: ", ") + "}"
        case .arrayComprehension(let h, let b): return "[\(shape(h)) | \(b.count)]"
        case .setComprehension(let h, let b): return "set(\(shape(h)) | \(b.count))"
        case .objectComprehension(let k, let v, let b): return "{\(shape(k)): \(shape(v)) | \(b.count)}"
        case .call(let n, let a): return n.joined(separator: ".") + "(" + a.map(shape).joined(separator: ", ") + ")"
        case .binary(let op, let a, let b): return "(\(shape(a)) \(op.rawValue) \(shape(b)))"
        case .unaryMinus(let a): return "-" + shape(a)
        case .membership(let k, let v, let c): return "(\(k.map { shape($0) + ", " } ?? "")\(shape(v)) in \(shape(c)))"
        }
    }

    @Test(arguments: [
        // A bare first term and `|` make a comprehension...
        ("s := {x | x := 1}", "set(x | 1)"),
        ("s := {1 | 1}", "set(1 | 1)"),
        ("a := [x | x := 1]", "[x | 1]"),
        ("o := {\"a\": x | x := 1}", "{\"a\": x | 1}"),
        // ...unless its body fails at a `,`: then it is a list, and `|` is union.
        ("s := {{1} | {2}, {3}}", "set((set(1) | set(2)), set(3))"),
        ("a := [{1} | {2}, {3}]", "[(set(1) | set(2)), set(3)]"),
        ("o := {\"a\": {1} | {2}, \"b\": 1}", "{\"a\": (set(1) | set(2)), \"b\": 1}"),
        // A longer first element is an expression: `|` is union.
        ("s := {1 + 1 | 2}", "set(((1 + 1) | 2))"),
        ("o := {1 + 1: 2 | true}", "{(1 + 1): 2 | 1}"),
        // Negative literals are bare terms.
        ("s := {-1 | true}", "set(-1 | 1)"),
        ("o := {-1: 2}", "{-1: 2}"),
        // A leading comma is accepted and rules out a comprehension (OPA).
        ("a := [, 1, 2]", "[1, 2]"),
        ("s := {, 1 | 2}", "set((1 | 2))"),
        // Trailing commas and line breaks inside brackets.
        ("o := {\n  \"a\": [\n    1,\n  ],\n}", "{\"a\": [1]}"),
    ])
    func compositesReadAsOPAReadsThem(rule: String, expected: String) throws {
        #expect(shape(try value(rule)) == expected)
    }

    @Test(arguments: [
        // After `if`, `{` starts an expression when it can be one that is not a set literal...
        ("v := a if {\"k\": a} := input.x", "{\"k\": a} := input[\"x\"]"),
        ("p if {\"a\": 1}", "{\"a\": 1}"),
        ("p if {x} == {1}", "(set(x) == set(1))"),
        ("x if { 1:2 | some p in [1,2] }", "{1: 2 | 1}"),
        // ...and a block otherwise.
        ("p if { true }", "true"),
        ("p if {\n  x := 1\n  x > 0\n}", "x := 1; (x > 0)"),
        ("p if\n  1 == 1", "(1 == 1)"),
    ])
    func bodyAfterIf(rule: String, expected: String) throws {
        let body = try Parser.parseModule("package p\n" + rule, file: "m.rego").rules[0].body
        let text = body.map { lit -> String in
            switch lit.kind {
            case .expression(let t): return shape(t)
            case .assignment(let a, let b): return shape(a) + " := " + shape(b)
            default: return "?"
            }
        }.joined(separator: "; ")
        #expect(text == expected)
    }

    @Test func keyValueMembershipStillParses() throws {
        // `k, v in xs` when `in` follows (otherwise the `,` belongs to an enclosing list).
        let pair = try Parser.parseQuery("1, \"y\" in [\"x\", \"y\"]")
        guard case .expression(let t) = pair[0].kind, case .membership(let k?, _, _) = t.kind else {
            Issue.record("not a pair membership: \(pair)")
            return
        }
        #expect(shape(k) == "1")
    }

    @Test func keyValueMembershipAfterAssignment() throws {
        // OPA reads a pair wherever an expression stands alone; not in a list.
        guard case .assignment(_, let rhs) = try Parser.parseQuery("x := 1, 2 in [2]")[0].kind else {
            Issue.record("not an assignment")
            return
        }
        #expect(shape(rhs) == "(1, 2 in [2])")
        #expect(shape(try value("p := [1, 2 in [2]]")) == "[1, (2 in [2])]")
    }

    @Test(arguments: [
        "p if {\n  some\n  x in [1]\n}",
        "p if {\n  some x,\n  y in [1]\n}",
        "p if {\n  every x in\n  [1] { x }\n}",
        "p := x if {\n  x := 1 with\n  input as 2\n}",
        "p := x if {\n  x := 1 with input\n  as 2\n}",
        "p := x if {\n  x := 1 with input as\n  2\n}",
        "p if {\n  not\n  false\n}",
        "p := 1 if false else\n:= 2",
        "default\np := 1",
        "import\ndata.x",
    ])
    func lineBreaksWhereAnExpressionCannotEnd(module: String) throws {
        let m = try Parser.parseModule("package p\n" + module, file: "m.rego")
        #expect(m.rules.count + m.imports.count == 1)
    }

    @Test func functionHeadsTakeExpressionsAndMayStandAlone() throws {
        let m = try Parser.parseModule("package p\nf(-1, x) := x\ng(1, x)\nh(\"a\")", file: "m.rego")
        #expect(m.rules.map(\.kind) == [.function, .function, .function])
        #expect(m.rules[0].arguments.map(shape) == ["-1", "x"])
        #expect(shape(m.rules[1].value) == "true")
        #expect(m.rules[2].body.isEmpty)
    }

    @Test func statementsNeedNoSeparator() throws {
        let m = try Parser.parseModule("package p\np := 1 q := 2\nimport data.x\nr contains 1", file: "m.rego")
        #expect(m.rules.map { $0.path.joined(separator: ".") } == ["p", "q", "r"])
        #expect(m.imports.map(\.alias) == ["x"])
        let q = try Parser.parseQueryTerms("1 2; x := 3\ny := 4 with input as 1")
        #expect(q.map(\.text) == ["1", "2", "x := 3", "y := 4 with input as 1"])
        #expect(q.map { "\($0.location.line):\($0.location.column)" } == ["1:1", "1:3", "1:6", "2:1"])
    }

    @Test func ruleHeadsWithKeysOfAnyType() throws {
        let m = try Parser.parseModule("""
        package p
        q[a][b] contains 1 if true
        a.b[c] contains x if true
        default complex[true] := "t"
        p[1] := 2
        default d
        """, file: "m.rego")
        let r = m.rules
        #expect(r[0].kind == .partialObject && r[0].isMultiValueEntry && r[0].path == ["q"])
        #expect(r[0].key.map(shape) == "a" && r[0].nestedKeys.map(shape) == ["b"] && shape(r[0].value) == "1")
        #expect(r[1].kind == .partialObject && r[1].isMultiValueEntry && r[1].path == ["a", "b"])
        #expect(r[2].isDefault && r[2].kind == .partialObject && r[2].key.map(shape) == "true")
        #expect(r[3].kind == .partialObject && r[3].key.map(shape) == "1")
        #expect(r[4].isDefault && shape(r[4].value) == "true")
    }

    @Test func nestedSetsParseInLinearTime() throws {
        // Each level is read as a bare term, then again as an expression: without the
        // memo of parsed terms this is 2^depth parses (it would not finish).
        var source = "1"
        for _ in 0..<60 { source = "{\(source)} - {2}" }
        let terms = try Parser.parseQueryTerms("x := {\(source)}")
        #expect(terms.count == 1)
    }
}
