// What /agentspec/explore says of a reference: a variable the sidecar does not see is the
// agent's business (generated deployments give the sidecar none of the agent's
// variables), so it is `skip`, never `missing`. The agent card carries the old AgentSpec
// card's fields beside the A2A card's.
import AgentSpec
import Foundation
import PolicyVM
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

    @Test func theAgentCardHasTheOldCardsFieldsBesideTheA2AOnes() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/gymcoach/agent.yaml").path
        let manifest = try #require(ManifestLoader.load(path: path).manifest)
        let card = ManifestViews.agentCard(manifest, url: "http://agent:4000", version: "9.9.9")
        #expect(card.field("schema_version") == "1.0")
        #expect(card.field("agentspec_version") == "agentspec.io/v1")
        let tools = try #require(card.field("tools"))
        #expect(tools == .array(manifest.spec.tools.map { .object(["name": .string($0.name), "description": .string($0.description)]) }))
        #expect(manifest.spec.tools.count > 0)
        for field in ["name", "description", "version", "capabilities", "skills", "url", "provider", "defaultInputModes"] {
            #expect(card.field(field) != nil, "\(field)")
        }
    }
}
