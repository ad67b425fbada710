// HeldReport: a behaviour report that keeps growing while its request is awaited, with
// the sets of names it holds, so that each batch merged into it costs time linear in
// the batch (a name is looked up in a set, not searched for in a list).
// Invariant: `report`'s lists and the sets hold the same names; `storageBytes` is
// `report.storageBytes`, kept up to date instead of recounted.

/// A report being accumulated, indexed for merges.
struct HeldReport {
    private(set) var report = BehaviourReport()
    private(set) var storageBytes = BehaviourReport.baseStorageBytes
    private var guardrails: Set<String> = []
    private var tools: Set<String> = []
    private var models: Set<ModelCall> = []

    /// The bytes `merge(other)` would add (names not held yet).
    func bytesAdded(by other: BehaviourReport) -> Int {
        var added = 0
        for name in other.guardrailsInvoked where !guardrails.contains(name) { added += BehaviourReport.storageBytes(of: name) }
        for name in other.toolsCalled where !tools.contains(name) { added += BehaviourReport.storageBytes(of: name) }
        for call in other.modelCalls where !models.contains(call) { added += BehaviourReport.storageBytes(of: call) }
        return added
    }

    /// Unions of the lists, the latest scores and facts (as `BehaviourReport.merge`).
    mutating func merge(_ other: BehaviourReport) {
        for name in other.guardrailsInvoked where guardrails.insert(name).inserted {
            report.guardrailsInvoked.append(name)
            storageBytes += BehaviourReport.storageBytes(of: name)
        }
        for name in other.toolsCalled where tools.insert(name).inserted {
            report.toolsCalled.append(name)
            storageBytes += BehaviourReport.storageBytes(of: name)
        }
        for call in other.modelCalls where models.insert(call).inserted {
            report.modelCalls.append(call)
            storageBytes += BehaviourReport.storageBytes(of: call)
        }
        report.mergeFacts(other)
    }
}
