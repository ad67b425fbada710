// ReferenceCollectorTests: references are found in every field with their manifest
// path and position, and turned into the environment variables a deployment needs.
import Testing
@testable import AgentSpec

struct ReferenceCollectorTests {
    @Test func findsReferencesWithPathsInDocumentOrder() throws {
        let loaded = TestManifests.load(spec: [
            "mcp:", "  servers:", "    - name: db", "      transport: stdio", "      command: npx",
            "      env:", "        DATABASE_URL: $env:DATABASE_URL",
            "requires:", "  envVars: [EXTRA_VAR, DATABASE_URL]",
        ])
        let root = try #require(loaded.root)
        let uses = ReferenceCollector.collect(root)
        #expect(uses.map(\.path) == ["spec.model.apiKey", "spec.prompts.system", "spec.mcp.servers[0].env.DATABASE_URL"])
        #expect(uses.map(\.reference) == [.secret("model-key"), .file("prompts/system.md"), .env("DATABASE_URL")])
        #expect(uses[0].position == SourcePosition(line: 11, column: 13))
        #expect(uses.map(\.environmentVariable) == ["AGENTSPEC_SECRET_MODEL_KEY", nil, "DATABASE_URL"])
        let manifest = try #require(loaded.manifest)
        #expect(ReferenceCollector.environmentVariables(root, manifest: manifest) == ["AGENTSPEC_SECRET_MODEL_KEY", "DATABASE_URL", "EXTRA_VAR"])
    }

    @Test func ignoresLiteralsQuotedNumbersAndMalformedReferences() throws {
        let root = try YAMLParser.parseDocument("a: $5\nb: \"$env:OK\"\nc: $env:1bad\nd: [$func:now_iso]\ne: plain\n")
        #expect(ReferenceCollector.collect(root).map(\.reference) == [.env("OK"), .function("now_iso")])
    }
}
