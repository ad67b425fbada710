// BehaviourReport: what is known of one request's behaviour — from the agent's
// X-AgentSpec-* response fields (BehaviourReport+Fields.swift) and from pushed events —
// merged as the contract says: lists are unions (in first-seen order), scores and facts
// keep the latest.
// Invariants: no list holds an item twice; a merge costs time linear in the two
// reports' sizes (never their product), and `storageBytes` measures what a report
// holds so that callers can bound it.
import PolicyVM

/// The behaviour reported for one request.
struct BehaviourReport: Sendable, Equatable {
    var guardrailsInvoked: [String] = []
    var toolsCalled: [String] = []
    var userConfirmed = false
    var toxicityScore: Number?
    var hallucinationScore: Number?
    var memoryTTLSeconds: Value?
    var memoryPIIScrubbed: Bool?
    var hasMemoryWrite = false
    /// The model calls the agent reported (events of type `model`), as the old audit
    /// entries and the events themselves carry them.
    var modelCalls: [ModelCall] = []

    init() {}

    /// Whether anything at all was reported (a decision is made only then).
    var isEmpty: Bool { self == BehaviourReport() }

    /// What one request's reported behaviour may hold (`storageBytes`): the size of one
    /// events body. An agent reporting more for one request is flooding, not reporting.
    static let maxStorageBytes = 64 * 1024
    /// Bytes counted for a report whatever it holds (its fields and bookkeeping).
    static let baseStorageBytes = 256
    /// Bytes counted per list item beyond its text (string storage, array and set slots).
    static let itemOverheadBytes = 48

    /// What this report holds, as the bounds count it: a base, plus each list item's
    /// text and overhead. Allocator overhead comes on top (16 MiB of held events counted
    /// this way measured about 30 MB of resident memory).
    var storageBytes: Int {
        var total = Self.baseStorageBytes
        for list in [guardrailsInvoked, toolsCalled] { for item in list { total += Self.storageBytes(of: item) } }
        for call in modelCalls { total += Self.storageBytes(of: call) }
        return total
    }

    static func storageBytes(of item: String) -> Int { item.utf8.count + itemOverheadBytes }
    /// A model call counts as its id (its token count lives in the item's slot).
    static func storageBytes(of call: ModelCall) -> Int { storageBytes(of: call.modelId) }

    /// Adds another report: unions of lists, the latest scores and facts.
    mutating func merge(_ other: BehaviourReport) {
        Self.union(&guardrailsInvoked, other.guardrailsInvoked)
        Self.union(&toolsCalled, other.toolsCalled)
        Self.union(&modelCalls, other.modelCalls)
        mergeFacts(other)
    }

    /// Takes `other`'s scores and facts (the latest win; a confirmation stays).
    mutating func mergeFacts(_ other: BehaviourReport) {
        userConfirmed = userConfirmed || other.userConfirmed
        if let s = other.toxicityScore { toxicityScore = s }
        if let s = other.hallucinationScore { hallucinationScore = s }
        if other.hasMemoryWrite {
            hasMemoryWrite = true
            if let t = other.memoryTTLSeconds { memoryTTLSeconds = t }
            if let p = other.memoryPIIScrubbed { memoryPIIScrubbed = p }
        }
    }

    /// Appends the items of `added` that `list` lacks, in order, once each. Short lists
    /// (the usual report: a few names) are scanned without allocating; longer ones go
    /// through a hash set, so the cost stays linear in both sizes.
    static func union<Item: Hashable>(_ list: inout [Item], _ added: [Item]) {
        guard !added.isEmpty else { return }
        if (list.count + added.count) * added.count <= 256 {
            for item in added where !list.contains(item) { list.append(item) }
            return
        }
        var seen = Set(list)
        seen.reserveCapacity(list.count + added.count)
        for item in added where seen.insert(item).inserted { list.append(item) }
    }
}

/// One model call: `{"modelId","tokenCount"}` (the count when the agent reported one).
/// Reports merge as sets of calls: the same call reported twice (a retried batch) is
/// kept once.
struct ModelCall: Sendable, Hashable {
    var modelId: String
    var tokenCount: Int64?

    init(modelId: String, tokenCount: Int64? = nil) {
        self.modelId = modelId
        self.tokenCount = tokenCount
    }
}
