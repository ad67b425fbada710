// GapEndpoint: GET /agentspec/gap — deterministic issues (audit, policy violations seen
// in the ring, behaviour never reported) plus, with ANTHROPIC_API_KEY, the LLM review's
// additions. The score counts every issue kept.
import AgentSpec
import Foundation
import PolicyVM

struct GapEndpoint {
    let state: SidecarState

    func answer(_ exchange: HTTPServerExchange) {
        let policy = state.policies.current
        let audit = Auditor.audit(policy.manifest, now: Clock.unixNanoseconds() / 1_000_000_000)
        let (issues, observed) = GapAnalysis.deterministic(manifest: policy.manifest, audit: audit, entries: state.ring.entries())
        let handle = exchange.handle
        let st = state
        let modelId = policy.profile.modelId
        guard st.configuration.anthropicAPIKey != nil else {
            respond(handle, issues, observed: observed, source: "manifest-static", modelId: modelId, llm: nil)
            return
        }
        let yaml = (try? String(contentsOfFile: policy.manifestPath, encoding: .utf8)) ?? ""
        let secrets = policy.manifest.secretLiterals
        Task {
            let (extra, failure) = await LLMReview(state: st).review(manifestYAML: yaml, secrets: secrets, deterministic: issues)
            if let failure { st.logger.warn("LLM gap review skipped", [("reason", .string(failure))]) }
            respond(handle, issues + extra, observed: observed, source: failure == nil ? "llm" : "manifest-static",
                    modelId: modelId, llm: failure.map { .object(["error": .string($0)]) } ?? .object(["issues": .int(extra.count)]))
        }
    }

    private func respond(_ handle: ExchangeHandle, _ issues: [GapIssue], observed: Value, source: String, modelId: String, llm: Value?) {
        var body: RegoObject = [
            "score": .int(GapAnalysis.score(issues)), "issues": .array(issues.map(\.json)), "source": .string(source),
            "modelId": .string(modelId), "observed": observed,
        ]
        if let llm { body["llmReview"] = llm }
        let doc = Value.object(body)
        handle.run { exchange in exchange.respond(200, doc) }
    }
}
