// Verdict: what a response gets and what its audit entry says, as a pure function of
// what is known about the request when the agent's response head arrives: the agent's
// report, the events it pushed before, OPA_PROXY_MODE, OPA_FAIL_MODE, today's usage, and
// the answer of the policy in force (the embedded VM, the remote OPA, or the remote OPA
// unavailable: `Decision.source`).
// Invariants: no side effect, no clock, no lock — every input is an argument, so the
// contract's whole decision table is tested without sockets (VerdictTableTests); the
// verdict's audit facts travel with the request's own exchange to its one audit entry.

/// What is known about a request when its response head is judged.
struct RequestFacts: Sendable {
    /// What the agent reported in its X-AgentSpec-* fields (nil: no reporting field).
    var reported: ReportedFields?
    /// What it pushed as events before answering (taken only when a decision is made).
    var held: BehaviourReport?
    var mode: ProxyMode
    var failMode: OPAFailMode
    /// Today's totals (`tokens_today`, `cost_today_usd`), read only when a decision is made.
    var usage = DailyUsage()

    init(reported: ReportedFields?, mode: ProxyMode, failMode: OPAFailMode) {
        self.reported = reported
        self.mode = mode
        self.failMode = failMode
    }

    /// Whether this request is decided: the contract decides "only when the mode is not
    /// off and at least one behavioural header is present". Held events and usage are
    /// gathered only then; otherwise they wait for the entry (EventsApplier).
    var isDecided: Bool { mode != .off && reported != nil }

    /// The report the decision is made over, as lists: the agent's fields with the events
    /// it pushed before (unions of lists, latest scores), or nil when nothing is decided.
    /// (An embedded decision without held events reads the fields in place instead.)
    var reportToDecide: BehaviourReport? {
        guard isDecided, let reported else { return nil }
        var report = reported.report
        if let held { report.merge(held) }
        return report
    }

    /// What the entry keeps of the report: the fields as they came, or, when events were
    /// merged in, the lists.
    fileprivate var reportedForEntry: AuditFacts.Reported? {
        guard let reported else { return nil }
        // Matched, not compared with nil: the comparison copies the held report first.
        guard isDecided, case .some = held, let merged = reportToDecide else { return .fields(reported) }
        return .report(merged)
    }
}

/// What the client gets for one response.
enum VerdictAction: Sendable, Equatable {
    /// The agent's response as it came (its X-AgentSpec-* fields removed).
    case forward
    /// The agent's response, with X-AgentSpec-OPA-Violations naming the violations.
    case flag(violations: [String])
    /// OPA_PROXY_MODE=enforce with violations: the 403, none of the agent's response.
    case block(violations: [String])
    /// OPA_PROXY_MODE=enforce, OPA_FAIL_MODE=closed and no usable decision: the 503.
    case unavailable
}

/// What the audit entry says of a request's behaviour and decision. Immutable and
/// shared: the verdict, the exchange that carries it and the entry hold one object, so
/// carrying it costs a reference count, not a copy of every list it holds.
final class AuditFacts: Sendable, Equatable {
    /// The agent's report as kept: its fields as they came, or lists (events merged).
    enum Reported: Sendable, Equatable {
        case fields(ReportedFields)
        case report(BehaviourReport)
    }

    let reported: Reported?
    /// Nil when nothing was decided.
    let decision: Decision?
    /// Whether the response was blocked; nil when nothing was decided at its head.
    let blocked: Bool?
    /// The usage the decision was made with (to rebuild its input for /explain).
    let usage: DailyUsage?

    /// What the agent reported (fields, and events merged since), as lists.
    var report: BehaviourReport? {
        switch reported {
        case .fields(let fields)?: return fields.report
        case .report(let report)?: return report
        case nil: return nil
        }
    }

    /// Nothing reported, nothing decided.
    static let none = AuditFacts()

    init(reported: Reported? = nil, decision: Decision? = nil, blocked: Bool? = nil, usage: DailyUsage? = nil) {
        self.reported = reported
        self.decision = decision
        self.blocked = blocked
        self.usage = usage
    }

    /// The facts after more events: the report merged with them, and the decision made
    /// again over everything known (`decision`, with `usage`). Whether the response was
    /// blocked is history and stays as it was.
    func applying(_ events: BehaviourReport, decision: Decision, usage: DailyUsage) -> AuditFacts {
        AuditFacts(reported: .report(Self.merged(report, events)), decision: decision, blocked: blocked, usage: usage)
    }

    /// `report` with `events` merged in: what a decision after events is made over.
    static func merged(_ report: BehaviourReport?, _ events: BehaviourReport) -> BehaviourReport {
        var merged = report ?? BehaviourReport()
        merged.merge(events)
        return merged
    }

    static func == (a: AuditFacts, b: AuditFacts) -> Bool {
        a === b || (a.reported == b.reported && a.decision == b.decision && a.blocked == b.blocked && a.usage == b.usage)
    }
}

/// The verdict on one response: what the client gets and what the entry says.
struct Verdict: Sendable, Equatable {
    var action: VerdictAction
    var facts: AuditFacts

    init(action: VerdictAction, facts: AuditFacts) {
        self.action = action
        self.facts = facts
    }

    /// Judges a response. `decision` is the policy's answer over what is known (the
    /// fields and held events): nil exactly when nothing is decided.
    init(_ facts: RequestFacts, decision: Decision?) {
        guard let decision, facts.isDecided else {
            action = .forward
            self.facts = facts.reported.map { AuditFacts(reported: .fields($0)) } ?? .none
            return
        }
        // A decision that could not be made blocks only when the operator chose to fail
        // closed; failing open, it is a pass that the entry marks as unknown.
        let failsClosed = decision.source == .opaUnavailable && facts.failMode == .closed
        let blocked = facts.mode == .enforce && (decision.hasViolations || failsClosed)
        if blocked {
            action = decision.hasViolations ? .block(violations: decision.violations) : .unavailable
        } else {
            action = decision.hasViolations ? .flag(violations: decision.violations) : .forward
        }
        self.facts = AuditFacts(reported: facts.reportedForEntry, decision: decision, blocked: blocked, usage: facts.usage)
    }
}
