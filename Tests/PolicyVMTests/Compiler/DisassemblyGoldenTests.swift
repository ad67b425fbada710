// Golden disassembly: the exact code the compiler emits for small policies. These
// catch codegen changes that still happen to give the right answers; when a change is
// intended, review the new listing and update the golden text.
import Testing
@testable import PolicyVM

@Suite struct DisassemblyGoldenTests {
    static func listing(_ source: String, _ query: String) throws -> String {
        let program = try PolicyCompiler.compile([("g.rego", source)])
        return Disassembler.text(try PreparedQuery(query, program: program))
    }

    @Test func decisionPolicy() throws {
        let source = """
        package g
        import rego.v1
        default allow := false
        allow if count(deny) == 0
        deny contains "missing" if {
        	input.kind == "llm"
        	not "pii" in input.guardrails
        }
        """
        let golden = """
        proc data.g.allow kind=complete registers=0+5 stops-at-first-value
        0000  r0 := rule#1 else @6                        ; line 4
        0001  r1 := count(r0..+1) else @6                 ; line 4
        0002  load r2, 0                                  ; line 4
        0003  test r1 == r2 else @6                       ; line 4
        0004  load r3, true                               ; line 4
        0005  yield r3                                    ; line 4
        0006  jump @9 if defined                          ; line 3
        0007  load r4, false                              ; line 3
        0008  yield r4                                    ; line 3
        0009  return                                      ; line 3

        proc data.g.deny kind=set registers=5+5
        0000  path r5, input["kind"] slot 0 else @10      ; line 6
        0001  load r6, "llm"                              ; line 6
        0002  test r5 == r6 else @10                      ; line 6
        0003  path r7, input["guardrails"] slot 1 else @10 ; line 7
        0004  load r8, "pii"                              ; line 7
        0005  test r8 in r7 else @7                       ; line 7
        0006  jump @10                                    ; line 7
        0007  load r9, "missing"                          ; line 5
        0008  yield element r9                            ; line 5
        0009  jump @10                                    ; line 5
        0010  return                                      ; line 5

        proc query kind=query registers=10+1
        0000  r10 := rule#0 else @3                       ; line 1
        0001  emit row                                    ; line 1
        0002  jump @3                                     ; line 1
        0003  return                                      ; line 1
        """
        #expect(try Self.listing(source, "x := data.g.allow") == golden)
    }

    @Test func functionWithElseAndComprehension() throws {
        let source = """
        package g
        f(x) := "neg" if x < 0 else := "pos"
        names := [n | some t in input.tools; n := t.name]
        """
        let golden = """
        proc data.g.f kind=function/1 registers=0+5
        0000  r1 := false                                 ; line 2
        0001  load r2, 0                                  ; line 2
        0002  test r0 < r2 else @7                        ; line 2
        0003  load r3, "neg"                              ; line 2
        0004  yield r3                                    ; line 2
        0005  r1 := true                                  ; line 2
        0006  jump @7                                     ; line 2
        0007  jump @12 if r1                              ; line 2
        0008  load r4, "pos"                              ; line 2
        0009  yield r4                                    ; line 2
        0010  r1 := true                                  ; line 2
        0011  jump @12                                    ; line 2
        0012  return                                      ; line 2

        proc data.g.names kind=complete registers=5+4
        0000  r5 := new array                             ; line 3
        0001  path r6, input["tools"] slot 0 else @7      ; line 3
        0002  iter i0, r6 else @7                         ; line 3
        0003  next i0 -> _, r7 done @7                    ; line 3
        0004  get r8, r7["name"] else @3                  ; line 3
        0005  collect r5 <- r8                            ; line 3
        0006  jump @3                                     ; line 3
        0007  yield r5                                    ; line 3
        0008  jump @9                                     ; line 3
        0009  return                                      ; line 3

        proc query kind=query registers=9+3
        0000  r9 := rule#1 else @5                        ; line 1
        0001  load r10, 1                                 ; line 1
        0002  r11 := func#0(r10..+1) else @5              ; line 1
        0003  emit row                                    ; line 1
        0004  jump @5                                     ; line 1
        0005  return                                      ; line 1
        """
        #expect(try Self.listing(source, "x := data.g.names; y := data.g.f(1)") == golden)
    }
}
