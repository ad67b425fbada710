// The Sidecar library links against AgentSpec and PolicyVM: a smoke test that a
// decision query compiles and runs from this target.
import Testing
import PolicyVM
@testable import Sidecar

@Suite struct SidecarModuleTests {
    @Test func decisionQueryRunsFromTheSidecarTarget() throws {
        let program = try PolicyCompiler.compile([("p.rego", "package a\ndeny contains \"x\" if input.bad\n")])
        let q = try PreparedQuery.document(["a", "deny"], program: program)
        #expect(try q.evaluateValue(input: ["bad": true]) == .set(["x"]))
        #expect(try q.evaluateValue(input: ["bad": false]) == .set([]))
    }
}
