// DecisionInput: builds the input document every decision is made over — the same in
// embedded and remote mode — straight from the agent profile and a behaviour report,
// as a native value (no JSON round trip). The four lists are always present, so
// `not "x" in input.guardrails_invoked` fires when nothing was reported; facts nobody
// reported are absent keys, never null or false.
import AgentSpec
import PolicyVM

/// What the manifest says about the agent, fixed for the policy's lifetime.
public struct AgentProfile: Sendable {
    public let agentName: String
    public let modelId: String
    public let guardrailsDeclared: [String]
    public let toolsRegistered: [String]

    public init(agentName: String, modelId: String, guardrailsDeclared: [String], toolsRegistered: [String]) {
        self.agentName = agentName
        self.modelId = modelId
        self.guardrailsDeclared = guardrailsDeclared
        self.toolsRegistered = toolsRegistered
    }
}

/// Running totals of the current UTC day (from model events).
public struct DailyUsage: Sendable, Equatable {
    public var tokens: Int64 = 0
    public var costUSD: Double = 0
    public var hasTokens = false
    public var hasCost = false

    public init() {}
}

public enum DecisionInput {
    public static func make(_ profile: AgentProfile, _ report: BehaviourReport, usage: DailyUsage) -> Value {
        var o = RegoObject(minimumCapacity: 16)
        o["agent_name"] = .string(profile.agentName)
        o["request_type"] = "llm_call"
        o["model_id"] = .string(profile.modelId)
        o["guardrails_declared"] = .array(profile.guardrailsDeclared.map(Value.string))
        o["guardrails_invoked"] = .array(report.guardrailsInvoked.map(Value.string))
        o["tools_registered"] = .array(profile.toolsRegistered.map(Value.string))
        o["tools_called"] = .array(report.toolsCalled.map(Value.string))
        o["user_confirmed"] = .bool(report.userConfirmed)
        if let s = report.toxicityScore { o["toxicity_score"] = .number(s) }
        if let s = report.hallucinationScore { o["hallucination_score"] = .number(s) }
        if report.hasMemoryWrite {
            var m: RegoObject = [:]
            if let t = report.memoryTTLSeconds { m["ttl_seconds"] = t }
            if let p = report.memoryPIIScrubbed { m["pii_scrubbed"] = .bool(p) }
            o["memory_write"] = .object(m)
        }
        if usage.hasTokens { o["tokens_today"] = .number(.int(usage.tokens)) }
        if usage.hasCost { o["cost_today_usd"] = .number(Number.normalized(usage.costUSD)) }
        return .object(o)
    }
}

extension Dictionary where Key == PolicyVM.Value, Value == PolicyVM.Value {
    subscript(_ name: String) -> PolicyVM.Value? {
        get { self[.string(name)] }
        set { self[.string(name)] = newValue }
    }
}
