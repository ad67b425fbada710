// DecisionInput: builds the input document every decision is made over — the same in
// embedded and remote mode — straight from the agent profile and a behaviour report,
// as a native value (no JSON round trip). The four lists are always present, so
// `not "x" in input.guardrails_invoked` fires when nothing was reported; facts nobody
// reported are absent keys, never null or false.
import AgentSpec
import Glibc
import PolicyVM

/// What the manifest says about the agent, fixed for the policy's lifetime (a class: it is
/// read on every decision, and a reference is cheaper to pass than its fields).
final class AgentProfile: Sendable {
    let agentName: String
    let modelId: String
    let guardrailsDeclared: [String]
    let toolsRegistered: [String]
    /// The input document's fields that never change (the facts above and the request
    /// type), built once: each decision copies this object and adds what was reported.
    let documentTemplate: RegoObject

    init(agentName: String, modelId: String, guardrailsDeclared: [String], toolsRegistered: [String]) {
        self.agentName = agentName
        self.modelId = modelId
        self.guardrailsDeclared = guardrailsDeclared
        self.toolsRegistered = toolsRegistered
        let k = DecisionInput.keys
        var template = RegoObject(minimumCapacity: DecisionInput.capacity)
        template.set(k.agentName, .string(agentName))
        template.set(k.requestType, .string(DecisionInputField.llmCall))
        template.set(k.modelId, .string(modelId))
        template.set(k.guardrailsDeclared, .array(guardrailsDeclared.map(Value.string)))
        template.set(k.toolsRegistered, .array(toolsRegistered.map(Value.string)))
        documentTemplate = template
    }
}

/// Running totals of the current UTC day (from model events).
struct DailyUsage: Sendable, Equatable {
    var tokens: Int64 = 0
    var costUSD: Double = 0
    var hasTokens = false
    var hasCost = false

    init() {}
}

enum DecisionInput {
    /// The document's keys, hashed once per process.
    static let keys = (
        agentName: key(.agentName), requestType: key(.requestType), modelId: key(.modelId),
        guardrailsDeclared: key(.guardrailsDeclared), guardrailsInvoked: key(.guardrailsInvoked),
        toolsRegistered: key(.toolsRegistered), toolsCalled: key(.toolsCalled),
        userConfirmed: key(.userConfirmed), toxicityScore: key(.toxicityScore),
        hallucinationScore: key(.hallucinationScore), memoryWrite: key(.memoryWrite),
        tokensToday: key(.tokensToday), costTodayUSD: key(.costTodayUSD))
    /// Room for every field of the contract: no document ever grows.
    static let capacity = DecisionInputField.allCases.count
    /// The fields every document holds: the profile's five (`AgentProfile.documentTemplate`)
    /// and the three every fill sets (both lists, `user_confirmed`). Any more is an
    /// optional fact a previous fill set.
    static let alwaysSetCount = 8

    private static func key(_ field: DecisionInputField) -> HashedKey { HashedKey(.string(field.rawValue)) }

    static func make(_ profile: AgentProfile, _ report: BehaviourReport, usage: DailyUsage) -> Value {
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
            if let t = report.memoryTTLSeconds { m[.string(MemoryWriteField.ttlSeconds.rawValue)] = t }
            if let p = report.memoryPIIScrubbed { m[.string(MemoryWriteField.piiScrubbed.rawValue)] = .bool(p) }
            o.set(k.memoryWrite, .object(m))
        } else {
            o.set(k.memoryWrite, nil)
        }
        o.set(k.tokensToday, usage.hasTokens ? .number(.int(usage.tokens)) : nil)
        o.set(k.costTodayUSD, usage.hasCost ? .number(Number(usage.costUSD)) : nil)
    }
}

extension DecisionInput {
    /// `fill` for a report the agent gave only in its fields (no events merged in): its
    /// lists are read from the fields' bytes, and a reused document keeps its arrays
    /// without a String made when the agent reports what it reported last time.
    static func fill(_ o: inout RegoObject, _ fields: ReportedFields, usage: DailyUsage) {
        let k = keys
        o.setStrings(k.guardrailsInvoked, fields.forEachGuardrail)
        o.setStrings(k.toolsCalled, fields.forEachTool)
        o.set(k.userConfirmed, .bool(fields.userConfirmed))
        // Fields report no scores and no memory write: those facts are absent. A document
        // of only the fields every decision sets holds none of them: nothing to remove
        // (five missed lookups saved on the usual request, which reports none).
        if o.count > alwaysSetCount {
            o.set(k.toxicityScore, nil)
            o.set(k.hallucinationScore, nil)
            o.set(k.memoryWrite, nil)
        }
        if usage.hasTokens || o.count > alwaysSetCount { o.set(k.tokensToday, usage.hasTokens ? .number(.int(usage.tokens)) : nil) }
        if usage.hasCost || o.count > alwaysSetCount { o.set(k.costTodayUSD, usage.hasCost ? .number(Number(usage.costUSD)) : nil) }
    }
}

extension RegoObject {
    /// Sets `key` to the unique items `forEachItem` gives (first-seen order), unless it
    /// holds exactly those strings already. A report of more than a handful of items is
    /// read into Strings first (the comparison in place checks repeats pairwise).
    fileprivate mutating func setStrings(_ key: HashedKey, _ forEachItem: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) {
        if case .array(let current)? = lookup(key), current.count <= 16,
           Self.holdsExactly(current, forEachItem) {
            return
        }
        var items: [String] = []
        forEachItem { items.append(String(decoding: $0, as: UTF8.self)) }
        var unique: [String] = []
        BehaviourReport.union(&unique, items)
        set(key, .array(unique.map(Value.string)))
    }

    /// Whether `current` is the list of unique items, in first-seen order.
    private static func holdsExactly(_ current: [Value], _ forEachItem: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> Bool {
        var matched = 0
        var isEqual = true
        forEachItem { item in
            guard isEqual else { return }
            // A repeat of an item already matched adds nothing.
            for earlier in current[..<matched] where Self.string(earlier, equals: item) { return }
            guard matched < current.count, Self.string(current[matched], equals: item) else {
                isEqual = false
                return
            }
            matched += 1
        }
        return isEqual && matched == current.count
    }

    private static func string(_ value: Value, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard case .string(var text) = value else { return false }
        return text.withUTF8 { stored in
            stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

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
