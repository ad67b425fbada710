// GapE2ETests: GET /agentspec/gap — the deterministic report (manifest audit, violations
// seen in the ring, declared guardrails never reported) and, with ANTHROPIC_API_KEY, one
// Messages API call whose well-formed issues are added with evidenceLevel "llm". A fake
// Messages API stands in for Anthropic; when it fails or talks nonsense, the
// deterministic report is served unchanged.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct GapE2ETests {
    static func gap(_ sc: SidecarHandle) async throws -> [String: Any] {
        let r = try await Curl.request(sc.control + "/agentspec/gap", maxTime: 20)
        guard r.status == 200 else { throw E2EError("GET /agentspec/gap: \(r)") }
        return try r.object()
    }

    static func issues(_ gap: [String: Any]) -> [[String: Any]] { gap.objects("issues") ?? [] }

    /// The contract's score for `issues`.
    static func score(_ issues: [[String: Any]]) -> Int {
        let weights = ["critical": 30, "high": 20, "medium": 10, "low": 5]
        return max(0, 100 - issues.reduce(0) { $0 + (weights[$1.string("severity") ?? ""] ?? 0) })
    }

    /// A description of each issue, for comparing reports.
    static func keys(_ issues: [[String: Any]]) -> [String] {
        issues.map { "\($0.string("severity") ?? "")|\($0.string("property") ?? "")|\($0.string("description") ?? "")|\($0.string("evidenceLevel") ?? "")" }
    }

    @Test func theDeterministicReportIncludesObservedBehaviour() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await h.sidecar(upstream: try await h.upstream().url)
        let before = try await Self.gap(sc)
        #expect(before.string("source") == "manifest-static")
        #expect(before.string("modelId") == "groq/llama-3.3-70b-versatile")
        #expect(Self.issues(before).allSatisfy { $0.string("evidenceLevel") != "llm" })
        #expect(before.int("score") == Self.score(Self.issues(before)))
        _ = try await Curl.request(sc.proxy + "/chat", headers: [behaviourHeaders(guardrails: ["topic-filter"]), "X-Request-Id: gap-1"])
        _ = try await h.entry(sc, "gap-1")
        let after = try await Self.gap(sc)
        let behavioural = Self.issues(after).filter { $0.string("evidenceLevel") == "behavioral" }
        #expect(behavioural.contains { $0.string("property") == "policy.prompt_injection_not_invoked" }, "\(behavioural)")
        #expect(behavioural.contains { $0.string("property") == "spec.guardrails.input[1]" }, "prompt-injection was never reported")
        #expect(after.object("observed")?.int("decided") == 1)
        #expect(after.int("score") == Self.score(Self.issues(after)))
        #expect(Set(Self.keys(Self.issues(before))).isSubset(of: Set(Self.keys(Self.issues(after)))))
    }

    @Test func theLLMReviewAddsIssuesAndKeepsTheDeterministicOnes() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let record = h.path("messages.jsonl")
        let fake = try await h.pythonServer("fake_messages_api.py", ["--mode", "ok", "--record", record])
        let plain = try await h.sidecar(upstream: up.url)
        let reviewed = try await h.sidecar(upstream: up.url, env: ["ANTHROPIC_API_KEY": "e2e-key", "ANTHROPIC_BASE_URL": fake.url])
        let deterministic = Self.issues(try await Self.gap(plain))
        let gap = try await Self.gap(reviewed)
        let all = Self.issues(gap)
        let llm = all.filter { $0.string("evidenceLevel") == "llm" }
        #expect(Self.keys(all.filter { $0.string("evidenceLevel") != "llm" }) == Self.keys(deterministic), "deterministic issues kept")
        #expect(llm.map { $0.string("severity") ?? "" } == ["high", "low", "medium"], "\(llm)")
        #expect(llm.map { $0.string("description") ?? "" } == ["LLM-ISSUE-1 delete-workout has no rate limit",
                                                                "LLM-ISSUE-2 memory retention is not documented",
                                                                "LLM-ISSUE-3 unknown severity becomes medium"])
        #expect(llm.first?.string("property") == "spec.tools[0]")
        #expect(gap.int("score") == Self.score(all))

        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1, "one Messages API call per gap request")
        let call = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(call.string("path") == "/v1/messages")
        #expect(call.object("headers")?.string("x-api-key") == "e2e-key")
        #expect(call.object("headers")?.string("anthropic-version") == "2023-06-01")
        let body = try #require(call.object("body"))
        #expect((body.int("max_tokens") ?? 9999) <= 1024)
        #expect(body.string("model")?.isEmpty == false)
        #expect(body.objects("messages")?.first?.string("role") == "user")
    }

    @Test(arguments: ["fail", "garbage"])
    func aFailingReviewLeavesTheDeterministicReport(_ mode: String) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let record = h.path("messages.jsonl")
        let fake = try await h.pythonServer("fake_messages_api.py", ["--mode", mode, "--record", record])
        let plain = try await h.sidecar(upstream: up.url)
        let reviewed = try await h.sidecar(upstream: up.url, env: ["ANTHROPIC_API_KEY": "e2e-key", "ANTHROPIC_BASE_URL": fake.url])
        let deterministic = try await Self.gap(plain)
        let gap = try await Self.gap(reviewed)
        #expect(FileManager.default.fileExists(atPath: record), "the review was attempted")
        #expect(Self.keys(Self.issues(gap)) == Self.keys(Self.issues(deterministic)), "\(mode): \(gap)")
        #expect(gap.int("score") == deterministic.int("score"))
    }
}
