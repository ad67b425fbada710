// AuditEntry: one proxied request as the audit ring keeps it, and its JSON shape
// (absent facts are omitted, never null).
import PolicyVM

/// One request's record.
public struct AuditEntry: Sendable {
    public let requestId: String
    /// ISO-8601 UTC, when the request arrived.
    public let timestamp: String
    public let method: String
    public let path: String
    public var statusCode: Int
    public var durationMs: Double
    public var behaviour: BehaviourReport?
    public var decision: Decision?
    public var blocked: Bool?
    /// The decision input, kept for /explain.
    public var input: Value?

    public init(requestId: String, timestamp: String, method: String, path: String, statusCode: Int, durationMs: Double) {
        self.requestId = requestId
        self.timestamp = timestamp
        self.method = method
        self.path = path
        self.statusCode = statusCode
        self.durationMs = durationMs
    }

    public var json: Value {
        var o: [Value: Value] = [
            "requestId": .string(requestId), "timestamp": .string(timestamp), "method": .string(method),
            "path": .string(path), "statusCode": .int(statusCode),
            "durationMs": .number(Number.normalized((durationMs * 1000).rounded() / 1000)),
        ]
        if let b = behaviour {
            if !b.guardrailsInvoked.isEmpty { o["guardrailsInvoked"] = .array(b.guardrailsInvoked.map(Value.string)) }
            if !b.toolsCalled.isEmpty { o["toolsCalled"] = .array(b.toolsCalled.map(Value.string)) }
            if !b.modelCalls.isEmpty { o["modelCalls"] = .array(b.modelCalls.map(Value.string)) }
        }
        if let d = decision {
            o["opaViolations"] = .array(d.violations.map(Value.string))
            o["behavioralCompliant"] = .bool(!d.hasViolations)
            o["decisionSource"] = .string(d.source.rawValue)
        }
        if let blocked { o["opaBlocked"] = .bool(blocked) }
        return .object(o)
    }
}
