// DeploymentPlanTests: what a plan derives from a manifest (defaults, names, images),
// and the manifests it refuses.
import Testing
@testable import AgentSpec

struct DeploymentPlanTests {
    static func plan(_ text: String, options: DeploymentOptions = DeploymentOptions()) throws -> DeploymentPlan {
        let loaded = ManifestLoader.load(text: text, file: "agent.yaml")
        return try DeploymentPlan(manifest: try #require(loaded.manifest), root: try #require(loaded.root), manifestText: text, options: options)
    }

    @Test func defaultsWhenTheManifestIsSilent() throws {
        let p = try Self.plan(TestManifests.text())
        #expect(p.agentPort == 8000)
        #expect(p.agentMemoryMB == 256)
        #expect(p.agentImage == ImageReference(repository: "test-agent", tag: "1.0.0"))
        #expect(p.upstreamURL == "http://localhost:8000")
        #expect(p.logLevel == "info")
        #expect(p.environmentVariables == ["AGENTSPEC_SECRET_MODEL_KEY"])
    }

    @Test func portMemoryAndLogLevelComeFromTheManifest() throws {
        let p = try Self.plan(TestManifests.text(spec: [
            "api:", "  type: rest", "  port: 9090", "requires:", "  minimumMemoryMB: 1024",
            "observability:", "  logging:", "    level: debug",
        ]))
        #expect(p.agentPort == 9090)
        #expect(p.upstreamURL == "http://localhost:9090")
        #expect(p.agentMemoryMB == 1024)
        #expect(p.logLevel == "debug")
    }

    @Test(arguments: ["-lead", "trail-", String(repeating: "a", count: 54)])
    func refusesNamesKubernetesRejects(_ name: String) throws {
        let text = TestManifests.text().replacingOccurrences(of: "name: test-agent", with: "name: \(name)")
        let error = #expect(throws: DeploymentError.self) { try Self.plan(text) }
        #expect(error?.path == "metadata.name")
    }

    @Test(arguments: [
        ("gymcoach", "gymcoach", "latest"), ("gymcoach:2", "gymcoach", "2"),
        ("registry:5000/team/agent", "registry:5000/team/agent", "latest"), ("registry:5000/agent:v1", "registry:5000/agent", "v1"),
        ("agent@sha256:abc", "agent@sha256:abc", ""),
    ])
    func parsesImageReferences(_ text: String, _ repository: String, _ tag: String) throws {
        let image = try #require(ImageReference(parsing: text))
        #expect(image.repository == repository)
        #expect(image.tag == tag)
    }

    @Test(arguments: ["", "a b", "agent:", ":tag", "/agent"])
    func rejectsImpossibleImages(_ text: String) {
        #expect(ImageReference(parsing: text) == nil)
    }
}
