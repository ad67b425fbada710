// StarterManifestTests: whatever the answers, the starter manifest validates, audits
// at grade A, keeps free text exactly, and references files init writes.
import Testing
@testable import AgentSpec

struct StarterManifestTests {
    static let answers: [StarterAnswers] = [
        StarterAnswers(name: "my-agent"),
        StarterAnswers(name: "support-bot", description: "Answers \"billing\" questions: refunds, #invoices & more\n(second line)",
                       provider: "anthropic", modelId: "claude-3-5-haiku-20241022", fallbackModelId: "claude-3-5-sonnet-20241022", port: 9000),
        StarterAnswers(name: "x", description: "yes", provider: "null", modelId: "1.0", fallbackModelId: "true", port: 1),
    ]

    @Test(arguments: answers)
    func validatesAndAuditsAtGradeA(_ a: StarterAnswers) throws {
        let files = StarterManifest.files(a)
        let loaded = ManifestLoader.load(text: files[0].contents, file: "agent.yaml")
        #expect(loaded.isValid, "\(loaded.diagnostics.map(\.description))")
        let manifest = try #require(loaded.manifest)
        #expect(manifest.metadata.name == a.name)
        #expect(manifest.metadata.description == a.description)
        #expect(manifest.spec.model.provider == a.provider && manifest.spec.model.id == a.modelId)
        #expect(manifest.spec.api?.port == a.port)
        let report = Auditor.audit(manifest, now: 0)
        #expect(report.grade == "A", "score \(report.score)")
    }

    @Test func referencedFilesAreWritten() throws {
        let files = StarterManifest.files(StarterAnswers(name: "my-agent"))
        let root = try #require(ManifestLoader.load(text: files[0].contents, file: "agent.yaml").root)
        let referenced = ReferenceCollector.collect(root).compactMap { use -> String? in
            if case .file(let path) = use.reference { return path }
            return nil
        }
        #expect(referenced == ["prompts/system.md", "eval/golden.jsonl"])
        #expect(files.map(\.path) == ["agent.yaml", "prompts/system.md", "eval/golden.jsonl"])
    }

    @Test(arguments: [("My Agent_2", "my-agent-2"), ("  ", "my-agent"), ("Ünïcode bot", "n-code-bot"), ("--x--", "x"), (".", "my-agent")])
    func slugs(_ text: String, _ slug: String) {
        #expect(StarterAnswers.slug(text) == slug)
        #expect(StarterAnswers.isValidName(StarterAnswers.slug(text)))
    }
}

extension StarterAnswers: CustomTestStringConvertible {
    public var testDescription: String { name }
}
