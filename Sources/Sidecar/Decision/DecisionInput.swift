// DecisionInput: builds the input document every decision is made over — the same in
// embedded and remote mode — straight from the agent profile and a behaviour report,
// as a native value (no JSON round trip). The four lists are always present, so
// `not "x" in input.guardrails_invoked` fires when nothing was reported; facts nobody
// reported are absent keys, never null or false.
import AgentSpec
import PolicyVM

/// What the manifest says about the agent, fixed for the policy's lifetime (a class: it is
/// read on every decision, and a reference is cheaper to pass than its fields).
public final class AgentProfile: Sendable {
    public let agentName: String
    public let modelId: String
    public let guardrailsDeclared: [String]
    public let toolsRegistered: [String]
    /// The same facts as values, built once: every input document shares them.
    let documentValues: (agentName: Value, modelId: Value, guardrailsDeclared: Value, toolsRegistered: Value)

    public init(agentName: String, modelId: String, guardrailsDeclared: [String], toolsRegistered: [String]) {
        self.agentName = agentName
        self.modelId = modelId
        self.guardrailsDeclared = guardrailsDeclared
        self.toolsRegistered = toolsRegistered
        documentValues = (.string(agentName), .string(modelId), .array(guardrailsDeclared.map(Value.string)),
                          .array(toolsRegistered.map(Value.string)))
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
    /// The document's keys, hashed once per process.
    private static let keys = (
        agentName: HashedKey("agent_name"), requestType: HashedKey("request_type"), modelId: HashedKey("model_id"),
        guardrailsDeclared: HashedKey("guardrails_declared"), guardrailsInvoked: HashedKey("guardrails_invoked"),
        toolsRegistered: HashedKey("tools_registered"), toolsCalled: HashedKey("tools_called"),
        userConfirmed: HashedKey("user_confirmed"), toxicityScore: HashedKey("toxicity_score"),
        hallucinationScore: HashedKey("hallucination_score"), memoryWrite: HashedKey("memory_write"),
        tokensToday: HashedKey("tokens_today"), costTodayUSD: HashedKey("cost_today_usd"))
    private static let llmCall: Value = "llm_call"

    public static func make(_ profile: AgentProfile, _ report: BehaviourReport, usage: DailyUsage) -> Value {
        let k = keys, shared = profile.documentValues
        var o = RegoObject(minimumCapacity: 16)
        o.set(k.agentName, shared.agentName)
        o.set(k.requestType, llmCall)
        o.set(k.modelId, shared.modelId)
        o.set(k.guardrailsDeclared, shared.guardrailsDeclared)
        o.set(k.guardrailsInvoked, .array(report.guardrailsInvoked.map(Value.string)))
        o.set(k.toolsRegistered, shared.toolsRegistered)
        o.set(k.toolsCalled, .array(report.toolsCalled.map(Value.string)))
        o.set(k.userConfirmed, .bool(report.userConfirmed))
        if let s = report.toxicityScore { o.set(k.toxicityScore, .number(s)) }
        if let s = report.hallucinationScore { o.set(k.hallucinationScore, .number(s)) }
        if report.hasMemoryWrite {
            var m: RegoObject = [:]
            if let t = report.memoryTTLSeconds { m["ttl_seconds"] = t }
            if let p = report.memoryPIIScrubbed { m["pii_scrubbed"] = .bool(p) }
            o.set(k.memoryWrite, .object(m))
        }
        if usage.hasTokens { o.set(k.tokensToday, .number(.int(usage.tokens))) }
        if usage.hasCost { o.set(k.costTodayUSD, .number(Number.normalized(usage.costUSD))) }
        return .object(o)
    }
}

extension Dictionary where Key == PolicyVM.Value, Value == PolicyVM.Value {
    subscript(_ name: String) -> PolicyVM.Value? {
        get { self[.string(name)] }
        set { self[.string(name)] = newValue }
    }
}
