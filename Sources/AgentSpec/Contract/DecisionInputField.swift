// DecisionInputField: the fields of the input document every behavioural decision is
// made over, spelled once. The sidecar builds the document with these keys, the policy
// `agentspec generate-policy` writes reads them (`input.<field>`), and so do the rules
// of policies/agentspec; ContractAgreementTests holds the three to this list.

/// A top-level field of the decision input (`input.<rawValue>` in Rego).
public enum DecisionInputField: String, CaseIterable, Sendable {
    /// The manifest's `metadata.name`.
    case agentName = "agent_name"
    /// What is being decided: always `llm_call` (`DecisionInputField.llmCall`).
    case requestType = "request_type"
    /// `provider/id` of the manifest's model.
    case modelId = "model_id"
    /// The types of the manifest's input guardrails.
    case guardrailsDeclared = "guardrails_declared"
    /// The guardrails the agent reported running (always present, possibly empty).
    case guardrailsInvoked = "guardrails_invoked"
    /// The manifest's tool names.
    case toolsRegistered = "tools_registered"
    /// The tools the agent reported calling (always present, possibly empty).
    case toolsCalled = "tools_called"
    /// The user confirmed the action (a header or a confirmation event).
    case userConfirmed = "user_confirmed"
    /// The latest `toxicity-filter` score, when one was reported.
    case toxicityScore = "toxicity_score"
    /// The latest `hallucination-detector` score, when one was reported.
    case hallucinationScore = "hallucination_score"
    /// `{ttl_seconds, pii_scrubbed}` of a reported memory write (`MemoryWriteField`).
    case memoryWrite = "memory_write"
    /// Tokens reported by model events today (UTC), when any were.
    case tokensToday = "tokens_today"
    /// Cost reported by model events today (UTC), in US dollars, when any was.
    case costTodayUSD = "cost_today_usd"

    /// The field as a policy reads it: `input.tools_called`.
    public var reference: String { "input." + rawValue }

    /// The `request_type` of every decision the sidecar makes.
    public static let llmCall = "llm_call"
}

/// A field of `input.memory_write`.
public enum MemoryWriteField: String, CaseIterable, Sendable {
    case ttlSeconds = "ttl_seconds"
    case piiScrubbed = "pii_scrubbed"

    /// The field as a policy reads it: `input.memory_write.ttl_seconds`.
    public var reference: String { DecisionInputField.memoryWrite.reference + "." + rawValue }
}

/// Where the decision for an agent is read: `data.<packagePrefix>.<agent>.<rule>`, a set of
/// violation ids (the embedded VM's query and the remote OPA's Data API path alike).
public enum DecisionQuery {
    public static let packagePrefix = "agentspec.agent"
    public static let rule = "deny"
}
