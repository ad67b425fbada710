// The LLM gap review keeps only well-formed issues: a property, a description and a
// recommendation, each a non-blank string; severities are clamped to the four values.
// The manifest it sends has every secret written literally (an API key, a connection
// string, an MCP server's env) masked: they must not leave the sidecar.
import AgentSpec
import Foundation
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct LLMReviewTests {
    static let complete: RegoObject = ["severity": "HIGH", "property": "spec.tools[0]", "description": "no rate limit",
                                       "recommendation": "limit it"]

    @Test func aCompleteItemIsKeptWithItsSeverityClamped() throws {
        let issue = try #require(LLMReview.issue(.object(Self.complete)))
        #expect(issue.severity == "high" && issue.property == "spec.tools[0]" && issue.recommendation == "limit it")
        #expect(issue.evidenceLevel == "llm")
    }

    @Test(arguments: ["property", "description", "recommendation"])
    func anItemMissingAFieldIsDropped(field: String) {
        var item = Self.complete
        item[.string(field)] = nil
        #expect(LLMReview.issue(.object(item)) == nil)
        item[.string(field)] = " "
        #expect(LLMReview.issue(.object(item)) == nil, "a blank \(field)")
        item[.string(field)] = .number(.int(1))
        #expect(LLMReview.issue(.object(item)) == nil, "a \(field) that is not a string")
    }

    @Test func theAnswersArrayIsReadFromTheFirstTextBlock() {
        let text = "Review: [{\"severity\":\"info\",\"property\":\"spec.memory\",\"description\":\"d\",\"recommendation\":\"r\"},"
            + "{\"severity\":\"high\",\"description\":\"no property\",\"recommendation\":\"r\"}] done"
        let body = JSONWriter.write(.object(["content": .array([.object(["type": "text", "text": .string(text)])])]))
        let issues = LLMReview.issues(fromResponse: Array(body.utf8))
        #expect(issues.map(\.property) == ["spec.memory"])
        #expect(issues.map(\.severity) == ["low"])
    }

    @Test func theManifestSentHasItsSecretLiteralsMasked() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var text = try String(contentsOf: root.appendingPathComponent("examples/gymcoach/agent.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "apiKey: $env:GROQ_API_KEY", with: "apiKey: gsk_live_0123456789abcdef")
        text = text.replacingOccurrences(of: "connection: $env:DATABASE_URL", with: "connection: \"postgres://admin:hunter2@db/app\"")
        text = text.replacingOccurrences(of: "DATABASE_URL: $env:DATABASE_URL", with: "DATABASE_URL: postgres://mcp:s3cr3t-pw@db/app")
        let manifest = try #require(ManifestLoader.load(text: text, file: "agent.yaml").manifest)
        #expect(manifest.secretLiterals == ["postgres://admin:hunter2@db/app", "postgres://mcp:s3cr3t-pw@db/app",
                                           "gsk_live_0123456789abcdef"])
        let prompt = LLMReview.prompt(manifestYAML: text, secrets: manifest.secretLiterals, deterministic: [])
        for secret in ["gsk_live_0123456789abcdef", "hunter2", "s3cr3t-pw"] { #expect(!prompt.contains(secret)) }
        #expect(prompt.contains("apiKey: ***") && prompt.contains("connection: \"***\"") && prompt.contains("DATABASE_URL: ***"))
        #expect(prompt.contains("name: gymcoach"), "the rest of the manifest is sent as written")
    }
}
