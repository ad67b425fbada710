// The AgentSpec library links against PolicyVM (the manifest's generated policy is
// compiled by it): a smoke test that the dependency is wired.
import Testing
import PolicyVM
@testable import AgentSpec

@Suite struct AgentSpecModuleTests {
    @Test func policyVMIsAvailableToTheManifestLibrary() throws {
        let program = try PolicyCompiler.compile([("p.rego", "package p\nx := 1\n")])
        let q = try PreparedQuery.document(["p", "x"], program: program)
        #expect(try q.evaluateValue(input: nil) == .int(1))
    }
}
