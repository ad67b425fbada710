// BehaviourReport: what is known of one request's behaviour — from the agent's
// X-AgentSpec-* response headers and from pushed events — merged as the contract
// says: lists are unions (in first-seen order), scores and facts keep the latest.
import PolicyVM

/// The behaviour reported for one request.
public struct BehaviourReport: Sendable, Equatable {
    public var guardrailsInvoked: [String] = []
    public var toolsCalled: [String] = []
    public var userConfirmed = false
    public var toxicityScore: Number?
    public var hallucinationScore: Number?
    public var memoryTTLSeconds: Value?
    public var memoryPIIScrubbed: Bool?
    public var hasMemoryWrite = false
    public var modelCalls: [String] = []

    public init() {}

    /// Whether anything at all was reported (a decision is made only then).
    public var isEmpty: Bool { self == BehaviourReport() }

    mutating func addGuardrail(_ name: String) { if !guardrailsInvoked.contains(name) { guardrailsInvoked.append(name) } }
    mutating func addTool(_ name: String) { if !toolsCalled.contains(name) { toolsCalled.append(name) } }
    mutating func addModel(_ id: String) { if !modelCalls.contains(id) { modelCalls.append(id) } }

    private static func from(guardrails: [String], tools: [String], confirmed: [String]) -> BehaviourReport? {
        if guardrails.isEmpty && tools.isEmpty && confirmed.isEmpty { return nil }
        var r = BehaviourReport()
        for item in splitList(guardrails) { r.addGuardrail(item) }
        for item in splitList(tools) { r.addTool(item) }
        r.userConfirmed = confirmed.contains { $0.trimmingSpaces().lowercased() == "true" }
        return r
    }

    /// The response fields the agent reports its behaviour in.
    static let fields: [HTTPFieldName] = [.agentGuardrailsInvoked, .agentToolsCalled, .agentUserConfirmed]

    /// Reads the agent's behavioural response headers (`nil` when none is present).
    /// Lists are comma-separated, items trimmed, empty items dropped, repeats merged.
    public static func fromHeaders(_ headers: HTTPHeaders) -> BehaviourReport? {
        guard headers.contains(where: fields) else { return nil }
        return from(guardrails: headers[all: .agentGuardrailsInvoked], tools: headers[all: .agentToolsCalled],
                    confirmed: headers[all: .agentUserConfirmed])
    }

    /// Items of comma-separated header values, trimmed, empty ones dropped. Works on the
    /// UTF-8 bytes: this runs for every proxied response that reports behaviour.
    static func splitList(_ values: [String]) -> [String] {
        var out: [String] = []
        for value in values {
            var v = value
            v.withUTF8 { bytes in
                FieldList.forEachElement(bytes) { item in
                    out.append(String(decoding: item, as: UTF8.self))
                    return true
                }
            }
        }
        return out
    }

    /// Adds another report: unions of lists, the latest scores and facts.
    public mutating func merge(_ other: BehaviourReport) {
        for g in other.guardrailsInvoked { addGuardrail(g) }
        for t in other.toolsCalled { addTool(t) }
        for m in other.modelCalls { addModel(m) }
        userConfirmed = userConfirmed || other.userConfirmed
        if let s = other.toxicityScore { toxicityScore = s }
        if let s = other.hallucinationScore { hallucinationScore = s }
        if other.hasMemoryWrite {
            hasMemoryWrite = true
            if let t = other.memoryTTLSeconds { memoryTTLSeconds = t }
            if let p = other.memoryPIIScrubbed { memoryPIIScrubbed = p }
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
