// The rule index (IndexTable): definitions keyed on a reference's value are tried only
// for that value, with OPA's answers in every case (conflicts, defaults, else chains,
// undefined and non-scalar values, 1 against 1.0, functions, an error before the
// comparison that OPA's index never reaches); every expected answer is the real OPA
// engine's (strict). The disassembly shows the index, and the instructions a decision
// executes no longer grow with the number of definitions (counted, not timed).
import Testing
@testable import PolicyVM

@Suite struct IndexTableTests {
    static let conflicts = """
        package test
        default allow := "none"
        allow := "read" if input.action == "read"
        allow := "write" if input.action == "write"
        allow := "admin" if input.action == "write"
        allow := "read" if { x := input.action; x == "list" }
        allow := "one" if input.action == 1.0
        """
    static let elseChains = """
        package test
        r := 1 if input.n == 1 else := 2 if input.n == 2
        r := 3 if input.n == 3 else := 4 if { x := input.n; x == 4 }
        r := 5 if input.n == 5 else := 2 if input.n == 2
        r := 6 if input.n in {6, 7}
        """
    static let functions = """
        package test
        f("a") := 1
        f(x) := 2 if x == "b"
        f(x) := 3 if x == 1
        f(1.0) := 3
        f(x) := 4 if x == "a"
        g := f(input.k)
        """
    static let errorsBeforeTheComparison = """
        package test
        s contains "e" if { y := 10 / input.n; input.name == "a" }
        s contains "a" if input.name == "a"
        s contains "b" if input.name == "b"
        s contains "ab" if input.name in ["a", "b"]
        s contains "any" if input.n > 1
        """

    @Test(arguments: [
        (Self.conflicts, "x := data.test.allow", #"{"action": "read"}"#, #"[{"x":"read"}]"#),
        (Self.conflicts, "x := data.test.allow", #"{"action": "write"}"#, "error:eval_conflict_error"),
        (Self.conflicts, "x := data.test.allow", #"{"action": "list"}"#, #"[{"x":"read"}]"#),
        (Self.conflicts, "x := data.test.allow", #"{}"#, #"[{"x":"none"}]"#),
        (Self.conflicts, "x := data.test.allow", #"{"action": 1}"#, #"[{"x":"one"}]"#),
        (Self.conflicts, "x := data.test.allow", #"{"action": ["read"]}"#, #"[{"x":"none"}]"#),
        (Self.elseChains, "x := data.test.r", #"{"n": 1}"#, #"[{"x":1}]"#),
        (Self.elseChains, "x := data.test.r", #"{"n": 2}"#, #"[{"x":2}]"#),
        (Self.elseChains, "x := data.test.r", #"{"n": 4}"#, #"[{"x":4}]"#),
        (Self.elseChains, "x := data.test.r", #"{"n": 7.0}"#, #"[{"x":6}]"#),
        (Self.elseChains, "x := data.test.r", #"{"n": 8}"#, "[]"),
        (Self.elseChains, "x := data.test.r", #"{}"#, "[]"),
        (Self.functions, #"x := data.test.f("b")"#, #"{}"#, #"[{"x":2}]"#),
        (Self.functions, "x := data.test.f(1)", #"{}"#, #"[{"x":3}]"#),
        (Self.functions, #"x := data.test.f("a")"#, #"{}"#, "error:eval_conflict_error"),
        (Self.functions, #"x := data.test.f("z")"#, #"{}"#, "[]"),
        (Self.functions, "x := data.test.g", #"{}"#, "[]"),
        (Self.functions, "x := data.test.g", #"{"k": 1.0}"#, #"[{"x":3}]"#),
        (Self.errorsBeforeTheComparison, "x := data.test.s", #"{"n": 0, "name": "b"}"#, #"[{"x":["ab","b"]}]"#),
        (Self.errorsBeforeTheComparison, "x := data.test.s", #"{"n": 0, "name": "a"}"#, "error:eval_builtin_error"),
        (Self.errorsBeforeTheComparison, "x := data.test.s", #"{"n": 2, "name": "c"}"#, #"[{"x":["any"]}]"#),
        (Self.errorsBeforeTheComparison, "x := data.test.s", #"{"n": 5}"#, #"[{"x":["any"]}]"#),
    ])
    func answersAsOPA(module: String, query: String, input: String, opa: String) throws {
        #expect(RegoHarness.run([module], query, input: try JSONReader.parse(input), strict: true) == opa)
    }

    /// The definitions come in OPA's index order (IndexedBranch): the one without a condition
    /// on input.action first, then the membership (it sits at input.action's level), then the
    /// others as written (checked with OPA v1.20: each raising, "any" is reported, and
    /// without that one, "rd").
    @Test func disassemblyShowsTheIndex() throws {
        let source = """
        package g
        deny contains "r" if input.action == "read"
        deny contains "w" if { x := input.action; x == "write" }
        deny contains "rd" if input.action in {"read", "delete"}
        deny contains "any" if input.user == "root"
        """
        let golden = """
        proc data.g.deny kind=set registers=0+11
        0000  path r1, input["action"] slot 0 else @2     ; line 0
        0001  index#0 r1 -> r0                            ; line 0
        0002  index#0 undefined -> r0                     ; line 0
        0003  path r2, input["user"] slot 1 else @7       ; line 5
        0004  test r2 == "root" else @7                   ; line 5
        0005  yield element "any"                         ; line 5
        0006  jump @7                                     ; line 5
        0007  index#0 next after #0 in r0                 ; line 0
        0008  path r1, input["action"] slot 0 else @12    ; line 4
        0009  test r1 in ["delete","read"] else @12       ; line 4
        0010  yield element "rd"                          ; line 4
        0011  jump @12                                    ; line 4
        0012  index#0 next after #1 in r0                 ; line 0
        0013  path r1, input["action"] slot 0 else @17    ; line 2
        0014  test r1 == "read" else @17                  ; line 2
        0015  yield element "r"                           ; line 2
        0016  jump @17                                    ; line 2
        0017  index#0 next after #2 in r0                 ; line 0
        0018  path r1, input["action"] slot 0 else @22    ; line 3
        0019  test r1 == "write" else @22                 ; line 3
        0020  yield element "w"                           ; line 3
        0021  jump @22                                    ; line 3
        0022  index#0 next after #3 in r0                 ; line 0
        0023  return                                      ; line 3
        index#0 on input["action"]: #0 @3, #1 @8, #2 @13, #3 @18; end @23
          "delete" -> #0 #1
          "read" -> #0 #1 #2
          "write" -> #0 #3
          other -> #0
        """
        let program = try PolicyCompiler.compile([("g.rego", source)])
        #expect(Disassembler.text(program.procedures[0]) == golden)
    }

    /// The instructions one decision executes, read from the evaluation's budget.
    static func instructions(rules: Int, action: String) throws -> Int {
        var source = "package p\n"
        for i in 0..<rules { source += "deny contains \"r\(i)\" if input.action == \"a\(i)\"\n" }
        let program = try PolicyCompiler.compile([("p.rego", source)])
        let query = try PreparedQuery.document(["p", "deny"], program: program)
        let ev = query.makeEvaluation(input: ["action": .string(action)], options: EvaluationOptions())
        _ = try ev.run(query.procedure)
        return ev.instructionLimit - ev.budget
    }

    @Test func decisionCostDoesNotGrowWithTheDefinitions() throws {
        let few = try Self.instructions(rules: 3, action: "a1")
        let many = try Self.instructions(rules: 1_000, action: "a500")
        // The lookup, the one matching definition and its return: the same work at any size
        // (trying each definition in turn took 3 instructions per definition).
        #expect(many == few)
        #expect(try Self.instructions(rules: 1_000, action: "none") < few)
    }
}
