// What /agentspec/explore says of a reference: a variable the sidecar does not see is the
// agent's business (generated deployments give the sidecar none of the agent's
// variables), so it is `skip`, never `missing`.
import AgentSpec
import Testing
@testable import Sidecar

@Suite struct ManifestViewsTests {
    @Test(arguments: [
        (RefOrLiteral?.none, "not-configured"),
        (.literal("sk-inline"), "configured"),
        (.reference(.env("SEEN")), "configured"),
        (.reference(.env("EMPTY")), "missing"),
        (.reference(.env("AGENT_ONLY")), "skip"),
        (.reference(.secret("model-key")), "unverified"),
    ])
    func referencesTheSidecarCannotSeeAreSkipped(ref: RefOrLiteral?, status: String) {
        #expect(ManifestViews.refStatus(ref, environment: ["SEEN": "x", "EMPTY": ""]) == status)
    }
}
