// LLMReview: the optional LLM part of /agentspec/gap — one Anthropic Messages API call
// (small model, max_tokens ≤ 1024, ≤ 10 s) asking for a JSON array of further issues.
// Only well-formed issues are kept (a property, a description and a recommendation;
// severity clamped to the four values, evidence "llm"); anything else in the answer is ignored, and any failure leaves the
// deterministic report as it is. The manifest is sent with its secret literals masked
// (Manifest.secretLiterals): a key or a password written in it stays here.
import AgentSpec
import PolicyVM

struct LLMReview {
    static let model = "claude-3-5-haiku-latest"
    static let timeoutNanoseconds: UInt64 = 10_000_000_000

    let state: SidecarState

    /// Extra issues from the model, or nil when the call failed (with the reason).
    /// `secrets` (the manifest's `secretLiterals`) never leave the sidecar: they are
    /// masked in the manifest text sent.
    func review(manifestYAML: String, secrets: [String], deterministic: [GapIssue]) async -> (issues: [GapIssue], failure: String?) {
        guard let key = state.configuration.anthropicAPIKey else { return ([], "ANTHROPIC_API_KEY is not set") }
        let prompt = Self.prompt(manifestYAML: manifestYAML, secrets: secrets, deterministic: deterministic)
        let body: Value = .object([
            "model": .string(Self.model), "max_tokens": 1024,
            "messages": .array([.object(["role": "user", "content": .string(prompt)])]),
        ])
        let request = HTTPClientRequest(url: state.configuration.anthropicBaseURL.description + "/v1/messages", method: .post,
                                        headers: ["Content-Type": "application/json", "x-api-key": key, "anthropic-version": "2023-06-01"],
                                        body: Array(JSONWriter.write(body).utf8), timeoutNanos: Self.timeoutNanoseconds)
        do {
            let response = try await state.client.send(request)
            guard (200..<300).contains(response.head.status) else { return ([], "Messages API answered HTTP \(response.head.status)") }
            return (Self.issues(fromResponse: response.body), nil)
        } catch {
            return ([], "Messages API call failed: \(error)")
        }
    }

    /// The request's text: the issues already found, and the manifest (its first 20,000
    /// characters) with every secret literal written as `***`.
    static func prompt(manifestYAML: String, secrets: [String], deterministic: [GapIssue]) -> String {
        let known = deterministic.map { "- [\($0.severity)] \($0.property): \($0.description)" }.joined(separator: "\n")
        var manifest = manifestYAML
        for secret in secrets { manifest = manifest.replacingOccurrences(of: secret, with: URLSecrets.mask) }
        return """
        You review an AI agent's AgentSpec manifest for gaps in safety, compliance and operations.
        Issues already found (do not repeat them):
        \(known.isEmpty ? "(none)" : known)

        Manifest:
        \(manifest.prefix(20_000))

        Answer with only a JSON array of further issues, each an object with the string fields
        "severity" (critical, high, medium or low), "property" (a manifest path such as spec.tools[0]),
        "description" and "recommendation".
        """
    }

    /// The first text block, from its first `[` to its last `]`, as issues.
    static func issues(fromResponse body: [UInt8]) -> [GapIssue] {
        guard let doc = try? JSONReader.parse(bytes: body), case .array(let content)? = doc.field("content") else { return [] }
        guard let text = content.lazy.compactMap({ $0.field("type") == "text" ? $0.field("text")?.stringValue : nil }).first,
              let open = text.firstIndex(of: "["), let close = text.lastIndex(of: "]"), open < close,
              case .array(let items)? = try? JSONReader.parse(String(text[open...close])) else { return [] }
        return items.compactMap(issue)
    }

    /// A well-formed issue: a non-empty `property`, `description` and `recommendation`
    /// (an item without them tells the operator nothing to act on, so it is dropped);
    /// the severity clamped to the four values.
    static func issue(_ item: Value) -> GapIssue? {
        func text(_ key: String) -> String? {
            guard let s = item.field(key)?.stringValue, !s.allSatisfy(\.isWhitespace) else { return nil }
            return s
        }
        guard let property = text("property"), let description = text("description"),
              let recommendation = text("recommendation") else { return nil }
        let raw = item.field("severity")?.stringValue?.lowercased() ?? "medium"
        let severity = GapAnalysis.severities.contains(raw) ? raw : (raw == "info" ? "low" : "medium")
        return GapIssue(severity: severity, property: property, description: description, recommendation: recommendation,
                        evidenceLevel: "llm")
    }
}
