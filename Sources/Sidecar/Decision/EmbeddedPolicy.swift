// EmbeddedPolicy: the agent's policy compiled once into the VM, answering the deny
// query for any number of threads. Each thread borrows a reusable evaluator from a
// small pool, so a decision allocates no registers; a compiled policy never changes
// (a reload builds a new EmbeddedPolicy and swaps it in whole).
import AgentSpec
import PolicyVM
import Synchronization

/// A compiled deny query and a pool of evaluators for it.
final class EmbeddedPolicy: Sendable {
    /// Idle evaluators kept for reuse; more than the worker threads is waste.
    static let poolLimit = 64

    let query: PreparedQuery
    /// The rule ids (modules) and package, for /explore.
    let packageName: String
    private let pool = Mutex<[EvaluatorBox]>([])

    init(query: PreparedQuery, packageName: String) {
        self.query = query
        self.packageName = packageName
    }

    /// Compiles the sources and the deny query `data.<package>.deny`.
    static func compile(_ sources: [(name: String, text: String)], data: Value, packageName: String) throws(PolicyErrors) -> EmbeddedPolicy {
        let program = try PolicyCompiler.compile(sources, data: data)
        let path = packageName.split(separator: ".").map(String.init) + [DecisionQuery.rule]
        return EmbeddedPolicy(query: try PreparedQuery.document(path, program: program), packageName: packageName)
    }

    /// The violation ids for `input` (sorted); an undefined deny is no violation.
    func violations(for input: Value) throws(PolicyError) -> [String] {
        try withEvaluator { box throws(PolicyError) in try box.evaluator.evaluateValue(input: input) }
    }

    /// Runs `evaluate` with an evaluator borrowed from the pool; the ids of its answer.
    private func withEvaluator(_ evaluate: (EvaluatorBox) throws(PolicyError) -> Value?) throws(PolicyError) -> [String] {
        let box = pool.withLock { $0.popLast() } ?? EvaluatorBox(QueryEvaluator(query))
        defer { pool.withLock { if $0.count < Self.poolLimit { $0.append(box) } } }
        guard let value = try evaluate(box) else { return [] }
        return Self.ids(value)
    }

    /// The violation ids for the input document of `profile` with `report` and `usage`.
    /// Each pooled evaluator keeps the document of its last decision and refills it in
    /// place: the profile's fixed fields are copied once per evaluator, not per request.
    func violations(_ profile: AgentProfile, _ report: BehaviourReport, usage: DailyUsage) throws(PolicyError) -> [String] {
        try violations(profile) { DecisionInput.fill(&$0, report, usage: usage) }
    }

    /// The violation ids for the input document of `profile` with the agent's `fields`
    /// and `usage`, refilled in place like the report's (no lists made when the agent
    /// repeats itself).
    func violations(_ profile: AgentProfile, _ fields: ReportedFields, usage: DailyUsage) throws(PolicyError) -> [String] {
        try violations(profile) { DecisionInput.fill(&$0, fields, usage: usage) }
    }

    /// Evaluates the pooled evaluator's document for `profile` after `refill` has put
    /// this request's facts in it.
    @inline(__always)
    private func violations(_ profile: AgentProfile, refill: (inout RegoObject) -> Void) throws(PolicyError) -> [String] {
        try withEvaluator { box throws(PolicyError) in
            if box.documentProfile !== profile {
                box.document = profile.documentTemplate
                box.documentProfile = profile
            }
            refill(&box.document)
            return try box.evaluator.evaluateValue(input: .object(box.document))
        }
    }

    /// The ids in a deny document (a set, or an array from a remote OPA), sorted.
    static func ids(_ value: Value) -> [String] {
        var out: [String] = []
        switch value {
        case .set(let s): for case .string(let id) in s { out.append(id) }
        case .array(let a): for case .string(let id) in a { out.append(id) }
        default: break
        }
        // In place, and only when there is an order to make (one id, the usual answer
        // when there is any, would be copied into a new array by `sorted()`).
        if out.count > 1 { out.sort() }
        return out
    }
}

/// An evaluator moving between threads: only ever used by the thread that took it out
/// of the pool, and returned before another can take it.
final class EvaluatorBox: @unchecked Sendable {
    let evaluator: QueryEvaluator
    /// The input document of the last decision, and the profile it was built for.
    var document = RegoObject()
    var documentProfile: AgentProfile?
    init(_ evaluator: QueryEvaluator) { self.evaluator = evaluator }
}
