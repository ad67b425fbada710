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
        0000  r0 := rule#1 else @4                        ; line 4
        0001  r1 := count(r0..+1) else @4                 ; line 4
        0002  test r1 == 0 else @4                        ; line 4
        0003  yield true                                  ; line 4
        0004  jump @6 if defined                          ; line 3
        0005  yield false                                 ; line 3
        0006  return                                      ; line 3

        proc data.g.deny kind=set registers=5+5
        0000  path r5, input["kind"] slot 0 else @7       ; line 6
        0001  test r5 == "llm" else @7                    ; line 6
        0002  path r7, input["guardrails"] slot 1 else @7 ; line 7
        0003  test "pii" in r7 else @5                    ; line 7
        0004  jump @7                                     ; line 7
        0005  yield element "missing"                     ; line 5
        0006  jump @7                                     ; line 5
        0007  return                                      ; line 5

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
        0001  test r0 < 0 else @5                         ; line 2
        0002  yield "neg"                                 ; line 2
        0003  r1 := true                                  ; line 2
        0004  jump @5                                     ; line 2
        0005  jump @9 if r1                               ; line 2
        0006  yield "pos"                                 ; line 2
        0007  r1 := true                                  ; line 2
        0008  jump @9                                     ; line 2
        0009  return                                      ; line 2

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
        0000  r9 := rule#1 else @4                        ; line 1
        0001  r11 := func#0(r10..+1) else @4              ; line 1
        0002  emit row                                    ; line 1
        0003  jump @4                                     ; line 1
        0004  return                                      ; line 1
        """
        #expect(try Self.listing(source, "x := data.g.names; y := data.g.f(1)") == golden)
    }

    /// Constant paths are read in place from their slot's register, so a `with` literal
    /// gets slots of its own: `k` keeps the outer `input.kind` (r3) while the literal
    /// under `with input.kind as "tool"` reads its own slot (r11).
    @Test func pathSlotsUnderWith() throws {
        let source = """
        package g
        import rego.v1
        inner if input.kind == "llm"
        outer if {
        	k := input.kind
        	inner with input.kind as "llm"
        	input.kind == "tool" with input.kind as "tool"
        	k == input.kind
        }
        """
        let golden = """
        proc data.g.inner kind=complete registers=0+3 stops-at-first-value
        0000  path r0, input["kind"] slot 0 else @3       ; line 3
        0001  test r0 == "llm" else @3                    ; line 3
        0002  yield true                                  ; line 3
        0003  return                                      ; line 3

        proc data.g.outer kind=complete registers=3+12 stops-at-first-value
        0000  path r3, input["kind"] slot 1 else @24      ; line 5
        0001  r5 := new set                               ; line 6
        0002  with input ["kind"] as "llm"                ; line 6
        0003  r6 := rule#0 else @8                        ; line 6
        0004  truthy r6 else @8                           ; line 6
        0005  r7 := array(r8..+0)                         ; line 6
        0006  collect r5 <- r7                            ; line 6
        0007  jump @8                                     ; line 6
        0008  with end                                    ; line 6
        0009  iter i0, r5 else @24                        ; line 6
        0010  next i0 -> _, r8 done @24                   ; line 6
        0011  r10 := new set                              ; line 7
        0012  with input ["kind"] as "tool"               ; line 7
        0013  path r11, input["kind"] slot 2 else @18     ; line 7
        0014  test r11 == "tool" else @18                 ; line 7
        0015  r12 := array(r13..+0)                       ; line 7
        0016  collect r10 <- r12                          ; line 7
        0017  jump @18                                    ; line 7
        0018  with end                                    ; line 7
        0019  iter i1, r10 else @10                       ; line 7
        0020  next i1 -> _, r13 done @10                  ; line 7
        0021  path r3, input["kind"] slot 1 else @20      ; line 8
        0022  test r3 == r3 else @20                      ; line 8
        0023  yield true                                  ; line 4
        0024  return                                      ; line 4

        proc query kind=query registers=15+1
        0000  r15 := rule#1 else @3                       ; line 1
        0001  emit row                                    ; line 1
        0002  jump @3                                     ; line 1
        0003  return                                      ; line 1
        """
        #expect(try Self.listing(source, "x := data.g.outer") == golden)
    }
}
