// AuditEntry: one proxied request as the audit ring keeps it, and its JSON shape
// (absent facts are omitted, never null; the path's secret query values are redacted
// before an entry is made).
import PolicyVM

/// One request's record.
struct AuditEntry: Sendable {
    let requestId: String
    /// When the request arrived (Unix nanoseconds); formatted only when served, as
    /// formatting on every request would cost more than the rest of the entry.
    let arrivalNanos: Int64
    /// ISO-8601 UTC, when the request arrived.
    var timestamp: String { Clock.iso8601(arrivalNanos) }
    let method: String
    let path: String
    var statusCode: Int
    var durationMs: Double
    /// What the agent reported and what was decided, as the request's verdict left them
    /// (and events since changed them). Its usage rebuilds the decision input for
    /// /explain: keeping the whole input per entry would cost every request.
    var facts: AuditFacts

    init(requestId: String, arrivalNanos: Int64, method: String, path: String, statusCode: Int, durationMs: Double,
         facts: AuditFacts = .none) {
        self.requestId = requestId
        self.arrivalNanos = arrivalNanos
        self.method = method
        self.path = path
        self.statusCode = statusCode
        self.durationMs = durationMs
        self.facts = facts
    }

    var behaviour: BehaviourReport? { facts.report }
    var decision: Decision? { facts.decision }
    var blocked: Bool? { facts.blocked }
    var usage: DailyUsage? { facts.usage }

    var json: Value {
        var o: RegoObject = [
            "requestId": .string(requestId), "timestamp": .string(timestamp), "method": .string(method),
            "path": .string(path), "statusCode": .int(statusCode),
            "durationMs": .number(Number((durationMs * 1000).rounded() / 1000)),
        ]
        if let b = behaviour {
            if !b.guardrailsInvoked.isEmpty { o["guardrailsInvoked"] = .array(b.guardrailsInvoked.map(Value.string)) }
            if !b.toolsCalled.isEmpty { o["toolsCalled"] = .array(b.toolsCalled.map(Value.string)) }
            if !b.modelCalls.isEmpty { o["modelCalls"] = .array(b.modelCalls.map(\.json)) }
        }
        if let d = decision {
            o["opaViolations"] = .array(d.violations.map(Value.string))
            // A decision the remote OPA could not make says nothing of compliance: unknown
            // is an absent field, never a `true` that reads as a pass.
            if d.source != .opaUnavailable { o["behavioralCompliant"] = .bool(!d.hasViolations) }
            o["decisionSource"] = .string(d.source.rawValue)
            // The decision-log event of this decision carries the same id (DECISION_LOG_URL).
            if let id = d.id { o["decisionId"] = .string(id.description) }
        }
        if let blocked { o["opaBlocked"] = .bool(blocked) }
        return .object(o)
    }
}

extension ModelCall {
    /// `{"modelId","tokenCount"}`, the count omitted when none was reported.
    var json: Value {
        var o: RegoObject = ["modelId": .string(modelId)]
        if let tokenCount { o["tokenCount"] = .number(.int(tokenCount)) }
        return .object(o)
    }
}
