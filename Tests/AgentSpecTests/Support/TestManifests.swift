// TestManifests: small manifests built from a valid base plus extra lines, and paths to
// the fixtures and examples, shared by the AgentSpec tests.
import Foundation
@testable import AgentSpec

enum TestManifests {
    /// The repository root (this file is Tests/AgentSpecTests/Support/TestManifests.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = root.appendingPathComponent("Tests/AgentSpecTests/Fixtures")
    static let gymcoach = root.appendingPathComponent("examples/gymcoach/agent.yaml")

    /// A valid manifest; `model` lines go inside spec.model (4 spaces), `spec` lines inside spec (2 spaces).
    static func text(model: [String] = [], spec: [String] = [], description: String = "test agent",
                     apiKey: String = "$secret:model-key", system: String = "$file:prompts/system.md", modelId: String = "gpt-4o") -> String {
        var lines = [
            "apiVersion: agentspec.io/v1", "kind: AgentSpec", "metadata:", "  name: test-agent", "  version: 1.0.0",
            "  description: \"\(description)\"", "spec:", "  model:", "    provider: openai", "    id: \(modelId)",
            "    apiKey: \(apiKey)",
        ]
        lines += model.map { "    " + $0 }
        lines += ["  prompts:", "    system: \(system)"]
        lines += spec.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    static func load(model: [String] = [], spec: [String] = [], description: String = "test agent",
                     apiKey: String = "$secret:model-key", system: String = "$file:prompts/system.md", modelId: String = "gpt-4o") -> LoadedManifest {
        ManifestLoader.load(text: text(model: model, spec: spec, description: description, apiKey: apiKey, system: system, modelId: modelId),
                            file: "agent.yaml")
    }

    /// Error lines without the file name: `12:5: spec.tools[0].name: …`.
    static func errors(_ loaded: LoadedManifest) -> [String] {
        loaded.diagnostics.map { String($0.description.dropFirst(loaded.file.count + 1)) }
    }
}
