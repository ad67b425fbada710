// What /agentspec/explore says of a reference: a variable the sidecar does not see is the
// agent's business (generated deployments give the sidecar none of the agent's
// variables), so it is `skip`, never `missing`. The agent card carries the old AgentSpec
// card's fields beside the A2A card's. A URL the manifest writes literally (a service's
// connection, an MCP server, an A2A peer) is shown without its userinfo and query values.
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

    @Test func exploreShowsManifestURLsWithoutTheirSecrets() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var text = try String(contentsOf: root.appendingPathComponent("examples/gymcoach/agent.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "connection: $env:DATABASE_URL", with: "connection: postgres://admin:hunter2@db:5432/app")
        text = text.replacingOccurrences(of: "  mcp:\n    servers:\n", with: """
              mcp:
                servers:
                  - name: remote-tools
                    transport: sse
                    url: https://mcp.example.com/sse?token=hunter2&region=eu

            """)
        text = text.replacingOccurrences(of: "        agentspec: ./agents/observer.yaml\n", with: """
                    a2a:
                      url: https://bot:hunter2@peer.example.com/a2a

            """)
        let manifest = try #require(ManifestLoader.load(text: text, file: "agent.yaml").manifest)
        let view = ManifestViews.explore(manifest, source: "manifest-static", policySource: "embedded", packageName: "p", rules: [],
                                         uptimeSeconds: 0, version: "0", environment: [:])
        let json = JSONWriter.write(view)
        #expect(!json.contains("hunter2") && !json.contains("admin"), "\(json)")
        #expect(json.contains(#""connection":"postgres://***@db:5432/app""#), "\(json)")
        #expect(json.contains(#""connection":"https://mcp.example.com/sse?token=***\u0026region=***""#), "\(json)")
        #expect(json.contains(#""url":"https://***@peer.example.com/a2a""#), "\(json)")
    }
}
