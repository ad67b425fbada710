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
    /// The input document's fields that never change (the facts above and the request
    /// type), built once: each decision copies this object and adds what was reported.
    let documentTemplate: RegoObject

    public init(agentName: String, modelId: String, guardrailsDeclared: [String], toolsRegistered: [String]) {
        self.agentName = agentName
        self.modelId = modelId
        self.guardrailsDeclared = guardrailsDeclared
        self.toolsRegistered = toolsRegistered
        let k = DecisionInput.keys
        var template = RegoObject(minimumCapacity: DecisionInput.capacity)
        template.set(k.agentName, .string(agentName))
        template.set(k.requestType, "llm_call")
        template.set(k.modelId, .string(modelId))
        template.set(k.guardrailsDeclared, .array(guardrailsDeclared.map(Value.string)))
        template.set(k.toolsRegistered, .array(toolsRegistered.map(Value.string)))
        documentTemplate = template
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
    static let keys = (
        agentName: HashedKey("agent_name"), requestType: HashedKey("request_type"), modelId: HashedKey("model_id"),
        guardrailsDeclared: HashedKey("guardrails_declared"), guardrailsInvoked: HashedKey("guardrails_invoked"),
        toolsRegistered: HashedKey("tools_registered"), toolsCalled: HashedKey("tools_called"),
        userConfirmed: HashedKey("user_confirmed"), toxicityScore: HashedKey("toxicity_score"),
        hallucinationScore: HashedKey("hallucination_score"), memoryWrite: HashedKey("memory_write"),
        tokensToday: HashedKey("tokens_today"), costTodayUSD: HashedKey("cost_today_usd"))
    /// Room for every key above: no document ever grows.
    static let capacity = 13

    public static func make(_ profile: AgentProfile, _ report: BehaviourReport, usage: DailyUsage) -> Value {
        var o = profile.documentTemplate
        fill(&o, report, usage: usage)
        return .object(o)
    }

    /// Sets the per-request fields of a document that holds `profile`'s fixed fields
    /// (made by `make`, or a previous request's document being reused): each field is
    /// set, or removed when nothing reported it. Reusing a document that nothing else
    /// references changes it in place, with no copy of the fixed fields.
    static func fill(_ o: inout RegoObject, _ report: BehaviourReport, usage: DailyUsage) {
        let k = keys
        o.setStrings(k.guardrailsInvoked, report.guardrailsInvoked)
        o.setStrings(k.toolsCalled, report.toolsCalled)
        o.set(k.userConfirmed, .bool(report.userConfirmed))
        o.set(k.toxicityScore, report.toxicityScore.map(Value.number))
        o.set(k.hallucinationScore, report.hallucinationScore.map(Value.number))
        if report.hasMemoryWrite {
            var m: RegoObject = [:]
            if let t = report.memoryTTLSeconds { m["ttl_seconds"] = t }
            if let p = report.memoryPIIScrubbed { m["pii_scrubbed"] = .bool(p) }
            o.set(k.memoryWrite, .object(m))
        } else {
            o.set(k.memoryWrite, nil)
        }
        o.set(k.tokensToday, usage.hasTokens ? .number(.int(usage.tokens)) : nil)
        o.set(k.costTodayUSD, usage.hasCost ? .number(Number(usage.costUSD)) : nil)
    }
}

extension RegoObject {
    /// Sets `key`, or removes it when `value` is nil (an unreported fact is an absent key).
    fileprivate mutating func set(_ key: HashedKey, _ value: Value?) {
        if let value { set(key, value) } else { removeValue(forKey: key) }
    }

    /// Sets `key` to the array of `items`, unless it holds exactly those strings already:
    /// an agent reports the same lists request after request, and a reused document then
    /// keeps its array (no new array to build, no old one to release).
    fileprivate mutating func setStrings(_ key: HashedKey, _ items: [String]) {
        if case .array(let current)? = lookup(key), current.count == items.count,
           zip(current, items).allSatisfy({ stored, item in
               if case .string(let text) = stored { return text == item }
               return false
           }) {
            return
        }
        set(key, .array(items.map(Value.string)))
    }
}

extension Dictionary where Key == PolicyVM.Value, Value == PolicyVM.Value {
    subscript(_ name: String) -> PolicyVM.Value? {
        get { self[.string(name)] }
        set { self[.string(name)] = newValue }
    }
}
