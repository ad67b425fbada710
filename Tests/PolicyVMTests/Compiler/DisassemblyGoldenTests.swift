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

        proc data.g.deny kind=set registers=5+7
        0000  input r5 else @12                           ; line 6
        0001  get r6, r5["kind"] else @12                 ; line 6
        0002  load r7, "llm"                              ; line 6
        0003  test r6 == r7 else @12                      ; line 6
        0004  load r8, "pii"                              ; line 7
        0005  input r9 else @9                            ; line 7
        0006  get r10, r9["guardrails"] else @9           ; line 7
        0007  test r8 in r10 else @9                      ; line 7
        0008  jump @12                                    ; line 7
        0009  load r11, "missing"                         ; line 5
        0010  yield element r11                           ; line 5
        0011  jump @12                                    ; line 5
        0012  return                                      ; line 5

        proc query kind=query registers=12+1
        0000  r12 := rule#0 else @3                       ; line 1
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

        proc data.g.names kind=complete registers=5+5
        0000  r5 := new array                             ; line 3
        0001  input r6 else @8                            ; line 3
        0002  get r7, r6["tools"] else @8                 ; line 3
        0003  iter i0, r7 else @8                         ; line 3
        0004  next i0 -> _, r8 done @8                    ; line 3
        0005  get r9, r8["name"] else @4                  ; line 3
        0006  collect r5 <- r9                            ; line 3
        0007  jump @4                                     ; line 3
        0008  yield r5                                    ; line 3
        0009  jump @10                                    ; line 3
        0010  return                                      ; line 3

        proc query kind=query registers=10+3
        0000  r10 := rule#1 else @5                       ; line 1
        0001  load r11, 1                                 ; line 1
        0002  r12 := func#0(r11..+1) else @5              ; line 1
        0003  emit row                                    ; line 1
        0004  jump @5                                     ; line 1
        0005  return                                      ; line 1
        """
        #expect(try Self.listing(source, "x := data.g.names; y := data.g.f(1)") == golden)
    }
}
